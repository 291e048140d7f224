package cn.futian.jufu.families;

import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.families.FamilyDtos.Consent;
import cn.futian.jufu.families.FamilyDtos.NominationView;
import cn.futian.jufu.families.FamilyDtos.Review;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /family-nominations/{id}}: one nomination, its members' consent and its review. */
@Path("/family-nominations/{id}")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Family search")
public class FamilyNominationResource {

  private final FamilySearchService service;
  private final SecurityIdentity identity;

  FamilyNominationResource(FamilySearchService service, SecurityIdentity identity) {
    this.service = service;
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
}
