package cn.futian.jufu.rights;

import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.security.Roles;
import cn.futian.jufu.rights.ReferralDtos.NewReferral;
import cn.futian.jufu.rights.ReferralDtos.ReferralView;
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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/cases/{id}/referrals")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CASEWORKER, Roles.CASE_SUPERVISOR})
@Tag(
    name = "Referrals",
    description =
        "转介: a case referred to mediation, legal aid, police, court, 12338, a shelter, a volunteer"
            + " lawyer or another unit, with her consent or a supervisor's override")
public class CaseReferralResource {

  private final ReferralService service;
  private final SecurityIdentity identity;

  CaseReferralResource(ReferralService service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Refer a case (her consent recorded, or a supervisor's override)")
  @APIResponse(
      responseCode = "201",
      description = "Sent",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ReferralView.class)))
  public Uni<Response> referCase(
      @PathParam("id") @Min(1) long id, @NotNull @Valid NewReferral body) {
    return service
        .send(CurrentUser.of(identity), id, body)
        .map(r -> Response.status(Response.Status.CREATED).entity(r).build());
  }

  @GET
  @Operation(summary = "The referrals of a case")
  public Uni<List<ReferralView>> listCaseReferrals(@PathParam("id") @Min(1) long id) {
    return service.ofCase(CurrentUser.of(identity), id);
  }
}
