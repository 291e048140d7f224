package cn.futian.jufu.console;

import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.time.Times;
import cn.futian.jufu.orgunits.OrgUnitView;
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
import java.util.List;
import java.util.stream.IntStream;

/**
 * The console's home: the units I work for and the year's figures of my subtree, by kind and by
 * month, from the same statistics service as {@code GET /stats}.
 */
@Path("/console")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class DashboardPage {

  @CheckedTemplate(basePath = "console")
  static class Templates {
    static native TemplateInstance dashboard(Chrome chrome, Dashboard d);
  }

  /** What the dashboard shows. */
  @TemplateData
  public record Dashboard(
      int year,
      List<Integer> years,
      List<OrgUnitView> units,
      OrgUnitView unit,
      StatsReport byKind,
      StatsReport byMonth,
      StatsReport byStreet) {

    /** The year as written, without a thousands separator. */
    public String yearText() {
      return Integer.toString(year);
    }
  }

  private final ConsoleView view;
  private final StatsService stats;
  private final SecurityIdentity identity;

  DashboardPage(ConsoleView view, StatsService stats, SecurityIdentity identity) {
    this.view = view;
    this.stats = stats;
    this.identity = identity;
  }

  @GET
  public Uni<TemplateInstance> dashboard(
      @QueryParam("year") Integer year, @QueryParam("unit") Long unitId, @Context HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.DASHBOARD);
    CurrentUser user = CurrentUser.of(identity);
    int thisYear = LocalDate.now(Times.ZONE).getYear();
    int y = year == null || year < thisYear - 5 || year > thisYear ? thisYear : year;
    List<Integer> years = IntStream.rangeClosed(0, 5).mapToObj(i -> thisYear - i).toList();
    return view.units(user)
        .chain(
            units -> {
              if (units.isEmpty()) {
                return Uni.createFrom()
                    .item(
                        Templates.dashboard(
                            chrome, new Dashboard(y, years, units, null, null, null, null)));
              }
              OrgUnitView unit = ConsoleView.pick(units, unitId);
              return stats
                  .yearReport(user, y, unit.id(), "kind")
                  .chain(
                      kind ->
                          stats
                              .yearReport(user, y, unit.id(), "month")
                              .chain(
                                  month ->
                                      (unit.depth() == 0
                                              ? stats.yearReport(user, y, unit.id(), "street")
                                              : Uni.createFrom().<StatsReport>nullItem())
                                          .map(
                                              street ->
                                                  Templates.dashboard(
                                                      chrome,
                                                      new Dashboard(
                                                          y, years, units, unit, kind, month,
                                                          street)))));
            });
  }
}
