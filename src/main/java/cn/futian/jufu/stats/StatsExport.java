package cn.futian.jufu.stats;

import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.registrations.export.AttendeeSheet;
import cn.futian.jufu.stats.StatsDtos.Group;
import cn.futian.jufu.stats.StatsDtos.StatsReport;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The groups of a statistics report as a sheet (CSV or XLSX, built off the event loop): one row per
 * group in the JSON's order, then a 合计 row with the totals. No personal data.
 */
@ApplicationScoped
class StatsExport {

  static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

  /** The headers, in Chinese as the summary tables are written. */
  static final List<String> HEADERS = List.of("分组代码", "名称", "活动数", "场次数", "报名数", "参与人次", "参与人数");

  static final String TOTAL_LABEL = "合计";

  private final StatsService stats;

  StatsExport(StatsService stats) {
    this.stats = stats;
  }

  Uni<Response> render(CurrentUser user, StatsQuery q, String format) {
    return stats
        .report(user, q)
        .emitOn(Infrastructure.getDefaultWorkerPool())
        .map(report -> build(report, format));
  }

  static AttendeeSheet sheet(StatsReport report) {
    String title = "活动统计 " + report.unit().nameZh() + " " + report.from() + "至" + report.to();
    AttendeeSheet sheet = new AttendeeSheet(title, HEADERS);
    for (Group g : report.groups()) {
      sheet.addRow(
          List.of(
              g.key(),
              g.label(),
              g.events(),
              g.sessions(),
              g.signUps(),
              g.personTimes(),
              g.distinctPeople()));
    }
    var t = report.totals();
    sheet.addRow(
        List.of(
            "",
            TOTAL_LABEL,
            t.events(),
            t.sessions(),
            t.signUps(),
            t.personTimes(),
            t.distinctPeople()));
    return sheet;
  }

  private static Response build(StatsReport report, String format) {
    AttendeeSheet sheet = sheet(report);
    String name =
        "stats-"
            + report.unit().code()
            + "-"
            + report.from()
            + "-"
            + report.to()
            + "-"
            + report.groupBy();
    if ("xlsx".equals(format)) {
      return Response.ok(sheet.toXlsx(), XLSX)
          .header("Content-Disposition", "attachment; filename=\"" + name + ".xlsx\"")
          .build();
    }
    return Response.ok(sheet.toCsv(), "text/csv; charset=" + StandardCharsets.UTF_8.name())
        .header("Content-Disposition", "attachment; filename=\"" + name + ".csv\"")
        .build();
  }
}
