package cn.futian.jufu.stats;

import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.time.Times;
import cn.futian.jufu.events.EventKind;
import cn.futian.jufu.stats.StatsDtos.StatsReport;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/stats")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Statistics", description = "统计: events, sessions, sign-ups and person-times")
public class StatsResource {

  private final StatsService service;
  private final StatsExport export;
  private final SecurityIdentity identity;

  StatsResource(StatsService service, StatsExport export, SecurityIdentity identity) {
    this.service = service;
    this.export = export;
    this.identity = identity;
  }

  @GET
  @Operation(
      summary = "Figures of a unit's subtree for a date range, grouped for a chart",
      description =
          "Admins: any unit (default the district). Cadres: units they manage (default their"
              + " first appointment). A session counts by the Shanghai date it starts; cancelled"
              + " events and sessions are left out. Sign-ups are registrations CONFIRMED or"
              + " checked in; person-times (人次) sum the persons checked in, children included;"
              + " distinct people count members only. At most 3 years per request.")
  public Uni<StatsReport> getStats(
      @QueryParam("from")
          @Parameter(description = "First day, YYYY-MM-DD (default: 1 January this year)")
          String from,
      @QueryParam("to")
          @Parameter(description = "Last day, included, YYYY-MM-DD (default: 31 December)")
          String to,
      @QueryParam("unitId") @Min(1) @Parameter(description = "Default: my scope") Long unitId,
      @QueryParam("groupBy") @DefaultValue("kind") @Pattern(regexp = StatsGrouping.PATTERN)
          String groupBy,
      @QueryParam("kind") @Parameter(description = "Only events of this kind") EventKind kind) {
    return service.report(user(), query(from, to, unitId, groupBy, kind));
  }

  @GET
  @Path("export")
  @Produces({"text/csv", StatsExport.XLSX, "application/problem+json"})
  @Operation(
      summary = "The same figures as a sheet (CSV or XLSX): one row per group, then the totals")
  public Uni<Response> exportStats(
      @QueryParam("format") @DefaultValue("csv") @Pattern(regexp = "csv|xlsx") String format,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("unitId") @Min(1) Long unitId,
      @QueryParam("groupBy") @DefaultValue("kind") @Pattern(regexp = StatsGrouping.PATTERN)
          String groupBy,
      @QueryParam("kind") EventKind kind) {
    return export.render(user(), query(from, to, unitId, groupBy, kind), format);
  }

  private CurrentUser user() {
    return CurrentUser.of(identity);
  }

  private static StatsQuery query(
      String from, String to, Long unitId, String groupBy, EventKind kind) {
    return StatsQuery.of(from, to, unitId, groupBy, kind, LocalDate.now(Times.ZONE));
  }
}
