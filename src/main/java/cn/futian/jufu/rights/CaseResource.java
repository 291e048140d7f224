package cn.futian.jufu.rights;

import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.security.Roles;
import cn.futian.jufu.rights.CaseDtos.ApprovalRequest;
import cn.futian.jufu.rights.CaseDtos.ApprovalView;
import cn.futian.jufu.rights.CaseDtos.AssignCase;
import cn.futian.jufu.rights.CaseDtos.CaseStatus;
import cn.futian.jufu.rights.CaseDtos.CaseView;
import cn.futian.jufu.rights.CaseDtos.DecisionBody;
import cn.futian.jufu.rights.CaseDtos.EntryView;
import cn.futian.jufu.rights.CaseDtos.NewEntry;
import cn.futian.jufu.rights.CaseDtos.Reopen;
import cn.futian.jufu.rights.CaseDtos.Resolve;
import cn.futian.jufu.rights.CaseDtos.RevealEntries;
import cn.futian.jufu.rights.CaseDtos.RevealedEntry;
import cn.futian.jufu.rights.CaseDtos.Transfer;
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
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/cases")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CASEWORKER, Roles.CASE_SUPERVISOR})
@Tag(
    name = "Cases",
    description =
        "维权个案: opened by triage, states enforced, plan and closure approved by a supervisor"
            + " who did not ask, an append-only timeline with sealed notes; every read audited")
public class CaseResource {

  private final CaseService service;
  private final SecurityIdentity identity;

  CaseResource(CaseService service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
  }

  private CurrentUser me() {
    return CurrentUser.of(identity);
  }

  @GET
  @Operation(summary = "Cases in my reach, newest first")
  public Uni<Page<CaseView>> listCases(
      @QueryParam("status") CaseStatus status,
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10000) int page,
      @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
    return service.list(me(), status, page, size);
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "One case; 404 outside my reach (audited)")
  public Uni<CaseView> getCase(@PathParam("id") @Min(1) long id) {
    return service.get(me(), id);
  }

  @GET
  @Path("/{id}/audit")
  @Operation(summary = "Who read, revealed or changed this case, newest first (supervisors)")
  public Uni<List<cn.futian.jufu.audit.AuditEntry>> getCaseAudit(@PathParam("id") @Min(1) long id) {
    return service.trail(me(), id);
  }

  @GET
  @Path("/{id}/timeline")
  @Operation(summary = "The case's timeline, oldest first; notes sealed")
  public Uni<List<EntryView>> getCaseTimeline(@PathParam("id") @Min(1) long id) {
    return service.timeline(me(), id);
  }

  @POST
  @Path("/{id}/timeline")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Add a contact, counselling, safety plan, follow-up or note (append-only)")
  @APIResponse(
      responseCode = "201",
      description = "Added",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = EntryView.class)))
  public Uni<Response> addCaseEntry(
      @PathParam("id") @Min(1) long id, @NotNull @Valid NewEntry body) {
    return service
        .addEntry(me(), id, body)
        .map(e -> Response.status(Response.Status.CREATED).entity(e).build());
  }

  @POST
  @Path("/{id}/timeline/reveal")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Reveal the notes of timeline entries with a reason (audited)")
  public Uni<List<RevealedEntry>> revealCaseEntries(
      @PathParam("id") @Min(1) long id, @NotNull @Valid RevealEntries body) {
    return service.reveal(me(), id, body);
  }

  @GET
  @Path("/{id}/approvals")
  @Operation(summary = "The case's requests for approval and their decisions")
  public Uni<List<ApprovalView>> listCaseApprovals(@PathParam("id") @Min(1) long id) {
    return service.approvals(me(), id);
  }

  @POST
  @Path("/{id}/approvals")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Ask a supervisor to approve the case plan or the closure",
      description =
          "CASE_PLAN from ASSESSMENT; CLOSURE when RESOLVED and a follow-up was recorded since."
              + " One open request at a time.")
  @APIResponse(
      responseCode = "201",
      description = "Asked",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ApprovalView.class)))
  public Uni<Response> requestCaseApproval(
      @PathParam("id") @Min(1) long id, @NotNull @Valid ApprovalRequest body) {
    return service
        .requestApproval(me(), id, body)
        .map(a -> Response.status(Response.Status.CREATED).entity(a).build());
  }

  @POST
  @Path("/{id}/approvals/{approvalId}/decision")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Approve or reject (supervisors; never one's own request)",
      description = "A rejection needs a comment; the comment is kept, sealed.")
  public Uni<ApprovalView> decideCaseApproval(
      @PathParam("id") @Min(1) long id,
      @PathParam("approvalId") @Min(1) long approvalId,
      @NotNull @Valid DecisionBody body) {
    return service.decide(me(), id, approvalId, body);
  }

  @POST
  @Path("/{id}/resolve")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Resolve a case in progress, with a follow-up date")
  public Uni<CaseView> resolveCase(@PathParam("id") @Min(1) long id, @NotNull @Valid Resolve body) {
    return service.resolve(me(), id, body);
  }

  @POST
  @Path("/{id}/reopen")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Reopen a resolved or closed case, with the reason")
  public Uni<CaseView> reopenCase(@PathParam("id") @Min(1) long id, @NotNull @Valid Reopen body) {
    return service.reopen(me(), id, body);
  }

  @POST
  @Path("/{id}/transfer")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Transfer a case to another unit (supervisors)",
      description = "Its requests go along; the old unit no longer reaches it; history is kept.")
  public Uni<CaseView> transferCase(
      @PathParam("id") @Min(1) long id, @NotNull @Valid Transfer body) {
    return service.transfer(me(), id, body);
  }

  @POST
  @Path("/{id}/emergency-access")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Break glass: read a case outside my reach for 4 hours, with a reason",
      description =
          "Team members only, read-only; the supervisors who reach the case are paged at once and"
              + " the reason is kept in the audit log.")
  public Uni<CaseView> breakGlassOnCase(
      @PathParam("id") @Min(1) long id, @NotNull @Valid Reopen body) {
    return service.breakGlass(me(), id, body);
  }

  @PUT
  @Path("/{id}/caseworker")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Assign the case to a team member whose seats reach it (supervisors)")
  public Uni<CaseView> assignCase(
      @PathParam("id") @Min(1) long id, @NotNull @Valid AssignCase body) {
    return service.assign(me(), id, body.subject());
  }
}
