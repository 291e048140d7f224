package cn.futian.jufu.rights;

import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.security.Roles;
import cn.futian.jufu.rights.CaseRecordDtos.MediationView;
import cn.futian.jufu.rights.CaseRecordDtos.NewMediation;
import cn.futian.jufu.rights.CaseRecordDtos.NewSession;
import cn.futian.jufu.rights.CaseRecordDtos.Outcome;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/cases/{id}/mediation")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CASEWORKER, Roles.CASE_SUPERVISOR})
@Tag(name = "Cases")
public class CaseMediationResource {

  private final CaseRecordService service;
  private final SecurityIdentity identity;

  CaseMediationResource(CaseRecordService service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
  }

  @GET
  @Operation(summary = "The case's mediation (婚调) and its sessions; 404 when there is none")
  public Uni<MediationView> getCaseMediation(@PathParam("id") @Min(1) long id) {
    return service.mediation(CurrentUser.of(identity), id);
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Start the case's mediation (one per case)")
  @APIResponse(
      responseCode = "201",
      description = "Started",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = MediationView.class)))
  public Uni<Response> startCaseMediation(
      @PathParam("id") @Min(1) long id, @NotNull @Valid NewMediation body) {
    return service
        .startMediation(CurrentUser.of(identity), id, body)
        .map(m -> Response.status(Response.Status.CREATED).entity(m).build());
  }

  @POST
  @Path("/sessions")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Record a mediation session (note sealed)")
  public Uni<MediationView> addCaseMediationSession(
      @PathParam("id") @Min(1) long id, @NotNull @Valid NewSession body) {
    return service.addSession(CurrentUser.of(identity), id, body);
  }

  @POST
  @Path("/outcome")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "End the mediation: settled, not settled or withdrawn")
  public Uni<MediationView> endCaseMediation(
      @PathParam("id") @Min(1) long id, @NotNull @Valid Outcome body) {
    return service.endMediation(CurrentUser.of(identity), id, body);
  }
}
