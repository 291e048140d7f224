package cn.futian.jufu.rights;

import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.security.Roles;
import cn.futian.jufu.rights.ReferralDtos.IncomingView;
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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/referrals")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CASEWORKER, Roles.CASE_SUPERVISOR})
@Tag(
    name = "Referrals",
    description =
        "转介: a case referred to mediation, legal aid, police, court, 12338, a shelter, a volunteer"
            + " lawyer or another unit, with her consent or a supervisor's override")
public class ReferralResource {

  private final ReferralService service;
  private final SecurityIdentity identity;

  ReferralResource(ReferralService service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
  }

  @GET
  @Path("incoming")
  @Operation(
      summary = "Open referrals to the units my seats reach",
      description = "Their summary and the case's facts, nothing else of the case (audited).")
  public Uni<List<IncomingView>> listIncomingReferrals() {
    return service.incoming(CurrentUser.of(identity));
  }

  @POST
  @Path("{id}/response")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Accept or reject a referral (the receiver, or the sender for a partner)")
  public Uni<ReferralView> respondToReferral(
      @PathParam("id") @Min(1) long id, @NotNull @Valid ReferralDtos.Response body) {
    return service.respond(CurrentUser.of(identity), id, body);
  }

  @POST
  @Path("{id}/done")
  @Operation(summary = "Mark an accepted referral as carried out")
  public Uni<ReferralView> finishReferral(@PathParam("id") @Min(1) long id) {
    return service.done(CurrentUser.of(identity), id);
  }

  @POST
  @Path("{id}/revoke")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Withdraw an open referral (the sending side), with the reason")
  public Uni<ReferralView> revokeReferral(
      @PathParam("id") @Min(1) long id, @NotNull @Valid ReferralDtos.Reason body) {
    return service.revoke(CurrentUser.of(identity), id, body);
  }
}
