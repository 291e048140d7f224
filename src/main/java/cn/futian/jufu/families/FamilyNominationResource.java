package cn.futian.jufu.families;

import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.security.Roles;
import cn.futian.jufu.families.FamilyDtos.Consent;
import cn.futian.jufu.families.FamilyDtos.NominationView;
import cn.futian.jufu.families.FamilyDtos.Review;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /family-nominations/{id}}: one nomination, its members' consent and its review. */
@Path("/family-nominations/{id}")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Family search")
public class FamilyNominationResource {

  private final FamilySearchService service;
  private final FamilyResultService results;
  private final SecurityIdentity identity;

  FamilyNominationResource(
      FamilySearchService service, FamilyResultService results, SecurityIdentity identity) {
    this.service = service;
    this.results = results;
    this.identity = identity;
  }

  @GET
  @Operation(summary = "One nomination, for its nominator and the cadres of the family's units")
  public Uni<NominationView> getFamilyNomination(@PathParam("id") @Min(1) long id) {
    return service.nomination(CurrentUser.of(identity), id);
  }

  @POST
  @Path("/consents")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Record a member's consent (a minor's through her guardian)",
      description =
          "By the nominator or a cadre of the family's units, once the member (or the guardian)"
              + " has agreed in person or on paper. Recorded once (409 after).")
  public Uni<NominationView> recordFamilyConsent(
      @PathParam("id") @Min(1) long id, @NotNull @Valid Consent body) {
    return service.consent(CurrentUser.of(identity), id, body);
  }

  @POST
  @Path("/review")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Forward or decline at the nomination's level (its unit's cadres, review phase)",
      description =
          "The community forwards to its street, the street to the district, the district makes"
              + " it a finalist; each within its quota (422 when used up). A reason is kept with"
              + " every decision. Forwarding needs every member's consent (422).")
  public Uni<NominationView> reviewFamilyNomination(
      @PathParam("id") @Min(1) long id, @NotNull @Valid Review body) {
    return service.review(CurrentUser.of(identity), id, body);
  }

  @POST
  @Path("/jury-scores")
  @RolesAllowed(Roles.ADMIN)
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Record a juror's score of a finalist (district staff)",
      description =
          "From the public notice until the objections close; a juror's new score replaces her old one.")
  public Uni<Void> scoreFamilyNomination(
      @PathParam("id") @Min(1) long id, @NotNull @Valid FamilyDtos.JuryScore body) {
    return results.score(CurrentUser.of(identity), id, body);
  }

  @POST
  @Path("/honours")
  @RolesAllowed(Roles.ADMIN)
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Record an honour of a finalist: the district's award, the city's, the province's, the nation's",
      description =
          "Once the search has closed (422 before); the same title at the same level once (409).")
  public Uni<Response> honourFamily(
      @PathParam("id") @Min(1) long id, @NotNull @Valid FamilyDtos.NewHonour body) {
    return results
        .honour(CurrentUser.of(identity), id, body)
        .map(h -> Response.status(Response.Status.CREATED).entity(h).build());
  }
}
