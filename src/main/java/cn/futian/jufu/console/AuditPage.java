package cn.futian.jufu.console;

import cn.futian.jufu.audit.AuditEntry;
import cn.futian.jufu.audit.AuditOutcome;
import cn.futian.jufu.audit.AuditService;
import cn.futian.jufu.cadres.UserDirectory;
import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.text.Texts;
import cn.futian.jufu.common.time.Times;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The audit log for district staff: who did what to which record, when and from where, newest
 * first, filtered by person (username or Keycloak id), action, outcome and days. The search is
 * itself audited by {@link AuditService}, as in the API.
 */
@Path("/console")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class AuditPage {

  static final int ROWS = 50;
  private static final Pattern SUBJECT = Pattern.compile("[0-9a-f-]{36}");
  private static final Pattern ACTION = Pattern.compile("[a-z][a-z.-]{0,63}");

  @CheckedTemplate(basePath = "console")
  static class Templates {
    static native TemplateInstance audit(Chrome chrome, AuditList d);
  }

  /** One page of the log with the filters that chose it. */
  @TemplateData
  public record AuditList(
      String actor,
      String action,
      AuditOutcome outcome,
      String from,
      String to,
      Page<AuditEntry> entries) {

    public List<AuditOutcome> outcomes() {
      return Arrays.asList(AuditOutcome.values());
    }

    public boolean hasNext() {
      return (long) (entries.page() + 1) * entries.size() < entries.total();
    }

    public boolean refused(AuditEntry e) {
      return e.outcome() == AuditOutcome.REFUSED;
    }

    /** The filters as a query string, for the pager's links. */
    public String query() {
      StringBuilder q = new StringBuilder();
      append(q, "actor", actor);
      append(q, "action", action);
      append(q, "outcome", outcome == null ? null : outcome.name());
      append(q, "from", from);
      append(q, "to", to);
      return q.toString();
    }

    private static void append(StringBuilder q, String name, String value) {
      if (value != null && !value.isEmpty()) {
        q.append('&')
            .append(name)
            .append('=')
            .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
      }
    }
  }

  private final ConsoleView view;
  private final AuditService audit;
  private final UserDirectory directory;
  private final SecurityIdentity identity;

  AuditPage(
      ConsoleView view, AuditService audit, UserDirectory directory, SecurityIdentity identity) {
    this.view = view;
    this.audit = audit;
    this.directory = directory;
    this.identity = identity;
  }

  @GET
  @Path("audit")
  public Uni<TemplateInstance> search(
      @QueryParam("actor") String actor,
      @QueryParam("action") String action,
      @QueryParam("outcome") AuditOutcome outcome,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10000) int page,
      @Context HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.AUDIT);
    CurrentUser admin = CurrentUser.of(identity);
    String who = Texts.blankToNull(actor);
    String what = Texts.blankToNull(action);
    if (what != null && !ACTION.matcher(what).matches()) {
      throw DomainException.invalid("action", "pattern");
    }
    OffsetDateTime since = day("from", from, 0);
    OffsetDateTime until = day("to", to, 1);
    // A username is looked up; one Keycloak does not know matches nobody.
    Uni<String> subject =
        who == null || SUBJECT.matcher(who).matches()
            ? Uni.createFrom().item(who)
            : directory.subjectOf(who).map(s -> s == null ? "unknown:" + who : s);
    return subject
        .chain(
            s ->
                audit.search(
                    admin,
                    new AuditService.Filter(s, null, what, outcome, since, until),
                    page,
                    ROWS))
        .map(
            p ->
                Templates.audit(
                    chrome,
                    new AuditList(
                        who == null ? "" : who,
                        what == null ? "" : what,
                        outcome,
                        from == null ? "" : from.strip(),
                        to == null ? "" : to.strip(),
                        p)));
  }

  /**
   * The start of a day ({@code yyyy-MM-dd}, Shanghai time) plus {@code plusDays}; blank is none.
   */
  private static OffsetDateTime day(String field, String text, int plusDays) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(text.strip())
          .plusDays(plusDays)
          .atStartOfDay(Times.ZONE)
          .toOffsetDateTime();
    } catch (DateTimeParseException e) {
      throw DomainException.invalid(field, "date");
    }
  }
}
