package cn.futian.jufu.registrations;

import cn.futian.jufu.audit.AuditEvent;
import cn.futian.jufu.audit.AuditLog;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.events.EventQuestion;
import cn.futian.jufu.registrations.export.AttendeeSheet;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Attendee lists for cadres as CSV or XLSX. The spreadsheet is built on a worker thread, off the
 * event loop. A full phone number is shown only when asked for; every export is recorded in the
 * audit log (who, which session, how many rows, whether full phones) before it is sent.
 */
@ApplicationScoped
public class AttendeeExport {

  static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

  private final RegistrationService registrations;
  private final AuditLog audit;

  AttendeeExport(RegistrationService registrations, AuditLog audit) {
    this.registrations = registrations;
    this.audit = audit;
  }

  public Uni<Response> render(
      CurrentUser user, long sessionId, String format, boolean includePhone) {
    return registrations
        .export(user, sessionId, includePhone)
        .call(
            rows ->
                audit.record(
                    RegistrationService.attendeesAudited(
                            user, AuditEvent.ATTENDEES_EXPORT, sessionId, rows.rows(), includePhone)
                        .withDetail(Map.of("format", format))))
        .emitOn(Infrastructure.getDefaultWorkerPool())
        .map(rows -> build(rows, format));
  }

  private static Response build(RegistrationService.ExportRows export, String format) {
    List<EventQuestion> questions = export.facts().questions();
    List<String> headers =
        new ArrayList<>(List.of("序号", "姓名", "手机号", "状态", "报名人数", "候补顺位", "报名时间"));
    questions.forEach(q -> headers.add(q.label));
    AttendeeSheet sheet = new AttendeeSheet(export.facts().title(), headers);
    int n = 1;
    for (RegistrationDtos.CadreView r : export.rows()) {
      List<Object> cells = new ArrayList<>();
      cells.add(n++);
      cells.add(r.displayName());
      cells.add(r.phone());
      cells.add(statusZh(r.status()));
      cells.add(r.seats());
      cells.add(r.waitlistPosition());
      cells.add(r.createdAt());
      Map<String, Object> answers = r.answers() == null ? Map.of() : r.answers();
      for (EventQuestion q : questions) {
        Object a = answers.get(String.valueOf(q.id));
        cells.add(
            a instanceof List<?> list
                ? String.join("、", list.stream().map(String::valueOf).toList())
                : a);
      }
      sheet.addRow(cells);
    }
    String name = "attendees-session-" + export.facts().sessionId();
    if ("xlsx".equals(format)) {
      return Response.ok(sheet.toXlsx(), XLSX)
          .header("Content-Disposition", "attachment; filename=\"" + name + ".xlsx\"")
          .build();
    }
    return Response.ok(sheet.toCsv(), "text/csv; charset=" + StandardCharsets.UTF_8.name())
        .header("Content-Disposition", "attachment; filename=\"" + name + ".csv\"")
        .build();
  }

  private static String statusZh(RegistrationStatus s) {
    return switch (s) {
      case PENDING -> "待审核";
      case APPLIED -> "已申请抽签";
      case CONFIRMED -> "已确认";
      case OFFERED -> "候补递补待确认";
      case WAITLISTED -> "候补";
      case REJECTED -> "未通过";
      case CANCELLED -> "已取消";
    };
  }
}
