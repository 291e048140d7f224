package cn.futian.jufu.console;

import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.time.Times;
import cn.futian.jufu.events.EventQueries;
import cn.futian.jufu.orgunits.OrgUnitView;
import cn.futian.jufu.registrations.RegistrationService;
import cn.futian.jufu.registrations.RegistrationStatus;
import cn.futian.jufu.rights.CaseDtos.CaseStatus;
import cn.futian.jufu.rights.CaseService;
import cn.futian.jufu.rights.CaseWorkService;
import cn.futian.jufu.rights.DifficultyService;
import cn.futian.jufu.stats.StatsDtos.StatsReport;
import cn.futian.jufu.stats.StatsService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The console's home: the units I work for and the year's figures of my subtree, by kind and by
 * month, from the same statistics service as {@code GET /stats}.
 */
@Path("/console")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class DashboardPage {

  static final int AGENDA_ROWS = 50;

  @CheckedTemplate(basePath = "console")
  static class Templates {
    static native TemplateInstance dashboard(Chrome chrome, Dashboard d);
  }

  /** A session of the coming week, with its sign-ups so far. */
  @TemplateData
  public record AgendaRow(EventQueries.AgendaItem item, Map<RegistrationStatus, Long> counts) {

    public long confirmed() {
      return counts.getOrDefault(RegistrationStatus.CONFIRMED, 0L);
    }

    public long pending() {
      return counts.getOrDefault(RegistrationStatus.PENDING, 0L)
          + counts.getOrDefault(RegistrationStatus.APPLIED, 0L);
    }

    public long waitlisted() {
      return counts.getOrDefault(RegistrationStatus.WAITLISTED, 0L)
          + counts.getOrDefault(RegistrationStatus.OFFERED, 0L);
    }
  }

  /**
   * The case team's numbers (no ids, nothing to reveal): requests to triage and overdue, open
   * cases, register visits due within a week.
   */
  @TemplateData
  public record CaseOverview(
      long toTriage, long overdue, long assessment, long inProgress, long visitsDue) {}

  /** What the dashboard shows. */
  @TemplateData
  public record Dashboard(
      List<AgendaRow> week,
      int year,
      List<Integer> years,
      List<OrgUnitView> units,
      OrgUnitView unit,
      StatsReport byKind,
      StatsReport byMonth,
      StatsReport byStreet,
      CaseOverview cases) {

    /** The year as written, without a thousands separator. */
    public String yearText() {
      return Integer.toString(year);
    }

    /** The week's sessions: for those who run events (or anyone with sessions in it). */
    public boolean showEvents() {
      return cases == null || !units.isEmpty() || !week.isEmpty();
    }

    Dashboard withCases(CaseOverview overview) {
      return new Dashboard(week, year, years, units, unit, byKind, byMonth, byStreet, overview);
    }

    /** Sign-ups waiting for a cadre over the week's sessions. */
    public long pendingTotal() {
      return week.stream().mapToLong(AgendaRow::pending).sum();
    }
  }

  private final ConsoleView view;
  private final StatsService stats;
  private final EventQueries events;
  private final RegistrationService registrations;
  private final CaseWorkService requests;
  private final CaseService cases;
  private final DifficultyService register;
  private final SecurityIdentity identity;

  DashboardPage(
      ConsoleView view,
      StatsService stats,
      EventQueries events,
      RegistrationService registrations,
      CaseWorkService requests,
      CaseService cases,
      DifficultyService register,
      SecurityIdentity identity) {
    this.view = view;
    this.stats = stats;
    this.events = events;
    this.registrations = registrations;
    this.requests = requests;
    this.cases = cases;
    this.register = register;
    this.identity = identity;
  }

  /** The sessions of today and the next seven days in my units, with their sign-ups. */
  Uni<List<AgendaRow>> week(CurrentUser user) {
    if (!user.isAdmin() && !user.isCadre()) {
      return Uni.createFrom().item(List.of());
    }
    OffsetDateTime today = LocalDate.now(Times.ZONE).atStartOfDay(Times.ZONE).toOffsetDateTime();
    return events
        .agenda(user, today, today.plusDays(8), AGENDA_ROWS)
        .chain(
            items ->
                registrations
                    .statusCounts(items.stream().map(EventQueries.AgendaItem::sessionId).toList())
                    .map(
                        counts ->
                            items.stream()
                                .map(
                                    i ->
                                        new AgendaRow(
                                            i, counts.getOrDefault(i.sessionId(), Map.of())))
                                .toList()));
  }

  /** The case team's numbers, for its members only; null for everyone else. */
  private Uni<CaseOverview> caseOverview(CurrentUser user) {
    if (!ConsolePage.CASES.openTo(user.roles())) {
      return Uni.createFrom().nullItem();
    }
    return requests
        .count(user, "RECEIVED", null)
        .chain(
            toTriage ->
                requests
                    .count(user, "RECEIVED", Boolean.TRUE)
                    .chain(
                        overdue ->
                            cases
                                .count(user, CaseStatus.ASSESSMENT)
                                .chain(
                                    assessment ->
                                        cases
                                            .count(user, CaseStatus.IN_PROGRESS)
                                            .chain(
                                                inProgress ->
                                                    register
                                                        .countDue(user, 7)
                                                        .map(
                                                            due ->
                                                                new CaseOverview(
                                                                    toTriage,
                                                                    overdue,
                                                                    assessment,
                                                                    inProgress,
                                                                    due))))));
  }

  @GET
  public Uni<TemplateInstance> dashboard(
      @QueryParam("year") Integer year, @QueryParam("unit") Long unitId, @Context HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.DASHBOARD);
    CurrentUser user = CurrentUser.of(identity);
    int thisYear = LocalDate.now(Times.ZONE).getYear();
    int y = year == null || year < thisYear - 5 || year > thisYear ? thisYear : year;
    List<Integer> years = IntStream.rangeClosed(0, 5).mapToObj(i -> thisYear - i).toList();
    return week(user)
        .chain(
            week ->
                view.inUnit(
                    user,
                    unitId,
                    units -> new Dashboard(week, y, years, units, null, null, null, null, null),
                    (units, unit) -> {
                      // One report after the other: they share this request's database session.
                      Uni<StatsReport> street =
                          unit.depth() == 0
                              ? stats.yearReport(user, y, unit.id(), "street")
                              : Uni.createFrom().nullItem();
                      return stats
                          .yearReport(user, y, unit.id(), "kind")
                          .chain(
                              kind ->
                                  stats
                                      .yearReport(user, y, unit.id(), "month")
                                      .map(month -> List.of(kind, month)))
                          .chain(
                              km ->
                                  street.map(
                                      st ->
                                          new Dashboard(
                                              week, y, years, units, unit, km.get(0), km.get(1), st,
                                              null)));
                    }))
        .chain(d -> caseOverview(user).map(d::withCases))
        .map(d -> Templates.dashboard(chrome, d));
  }
}
