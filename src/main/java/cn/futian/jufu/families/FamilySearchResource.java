package cn.futian.jufu.families;

import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.security.Roles;
import cn.futian.jufu.families.FamilyDtos.CandidateView;
import cn.futian.jufu.families.FamilyDtos.Level;
import cn.futian.jufu.families.FamilyDtos.NewNomination;
import cn.futian.jufu.families.FamilyDtos.NewSearch;
import cn.futian.jufu.families.FamilyDtos.NominationView;
import cn.futian.jufu.families.FamilyDtos.SearchView;
import cn.futian.jufu.families.FamilyDtos.Status;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /family-searches}: the yearly 最美家庭 search, its nominations and its finalists. */
@Path("/family-searches")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(
    name = "Family search",
    description = "寻找最美家庭: nominations, the review up the tree, the public notice (ADR 0030)")
public class FamilySearchResource {

  private final FamilySearchService service;
  private final FamilyResultService results;
  private final SecurityIdentity identity;

  FamilySearchResource(
      FamilySearchService service, FamilyResultService results, SecurityIdentity identity) {
    this.service = service;
    this.results = results;
    this.identity = identity;
  }

  @POST
  @RolesAllowed(Roles.ADMIN)
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Open a year's search with its phases' dates, quotas and weighting (district staff)")
  public Uni<Response> createFamilySearch(@NotNull @Valid NewSearch body) {
    return service
        .create(CurrentUser.of(identity), body)
        .map(s -> Response.created(URI.create("/family-searches/" + s.id())).entity(s).build());
  }

  @GET
  @Operation(summary = "The searches, newest year first, each with the phase it is in")
  public Uni<List<SearchView>> listFamilySearches() {
    return service.list();
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "One search: its phase, dates, quotas and the published weighting")
  public Uni<SearchView> getFamilySearch(@PathParam("id") @Min(1) long id) {
    return service.get(id);
  }

  @POST
  @Path("/{id}/nominations")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Nominate a family during the nomination phase",
      description =
          "By the family itself (SELF), a unit the caller manages (UNIT) or an employer or"
              + " organisation (ORGANISATION); five a member at most. Members' consent is recorded"
              + " afterwards (POST /family-nominations/{id}/consents); nothing goes forward without"
              + " it.")
  public Uni<Response> nominateFamily(
      @PathParam("id") @Min(1) long id, @NotNull @Valid NewNomination body) {
    return service
        .nominate(CurrentUser.of(identity), id, body)
        .map(n -> Response.created(URI.create("/family-nominations/" + n.id())).entity(n).build());
  }

  @GET
  @Path("/{id}/nominations")
  @Operation(
      summary = "Nominations: all for district staff, a cadre's units', else the ones I filed")
  public Uni<Page<NominationView>> listFamilyNominations(
      @PathParam("id") @Min(1) long id,
      @QueryParam("status") Status status,
      @QueryParam("level") Level level,
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1000) int page,
      @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
    return service.nominations(CurrentUser.of(identity), id, status, level, page, size);
  }

  @GET
  @Path("/{id}/candidates")
  @Operation(
      summary = "The finalists as everyone sees them, from the public notice (公示) on",
      description = "Before the notice: 422. Only consented members are named.")
  public Uni<List<CandidateView>> listFamilyCandidates(@PathParam("id") @Min(1) long id) {
    return service.candidates(id);
  }

  @GET
  @Path("/{id}/result")
  @Operation(
      summary = "The weighted result of jury and public vote, with the vote's integrity summary",
      description =
          "Published once the vote has closed (422 before), through the objection period.")
  public Uni<FamilyDtos.Result> getFamilyResult(@PathParam("id") @Min(1) long id) {
    return results.result(id);
  }
}
