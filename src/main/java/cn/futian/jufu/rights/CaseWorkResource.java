package cn.futian.jufu.rights;

import cn.futian.jufu.audit.AuditEntry;
import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.security.Roles;
import cn.futian.jufu.rights.CaseWorkDtos.Assign;
import cn.futian.jufu.rights.CaseWorkDtos.CaseRequestView;
import cn.futian.jufu.rights.CaseWorkDtos.Recorded;
import cn.futian.jufu.rights.CaseWorkDtos.Reveal;
import cn.futian.jufu.rights.CaseWorkDtos.Revealed;
import cn.futian.jufu.rights.CaseWorkDtos.StaffIntake;
import cn.futian.jufu.rights.HelpRequestRepository.ListFilter;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/case-work/help-requests")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CASEWORKER, Roles.CASE_SUPERVISOR})
@Tag(
    name = "Case work",
    description =
        "维权个案: the case team's view of help requests. Need to know: a caseworker sees what is"
            + " assigned to her, a supervisor her units and below. Sealed fields are masked;"
            + " every read is audited.")
public class CaseWorkResource {

  private final CaseWorkService service;
  private final SecurityIdentity identity;

  CaseWorkResource(CaseWorkService service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
  }

  @GET
  @Operation(
      summary = "Help requests in my reach, due soonest first (masked)",
      description = "The ids shown are written to the audit log.")
  public Uni<Page<CaseRequestView>> listCaseHelpRequests(
      @QueryParam("status") @Pattern(regexp = "RECEIVED") String status,
      @QueryParam("riskLevel") @Pattern(regexp = "STANDARD|MEDIUM|HIGH") String riskLevel,
      @QueryParam("overdue") Boolean overdue,
      @QueryParam("orgUnitId") @Min(1) Long orgUnitId,
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10000) int page,
      @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
    return service.list(
        CurrentUser.of(identity),
        new ListFilter(status, riskLevel, overdue, orgUnitId),
        page,
        size);
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Record a call, visit or referral (来电来访登记)",
      description =
          "For a unit in my reach, under the federation's legal duty. A caseworker who records it"
              + " has it assigned. A retry with the same clientRequestId answers with the same"
              + " request.")
  @APIResponse(
      responseCode = "201",
      description = "Stored",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Recorded.class)))
  public Uni<Response> recordHelpRequest(@NotNull @Valid StaffIntake body) {
    return service
        .record(CurrentUser.of(identity), body)
        .map(
            r ->
                Response.created(URI.create("/case-work/help-requests/" + r.id()))
                    .entity(r)
                    .build());
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "One help request, masked; 404 outside my reach (audited)")
  public Uni<CaseRequestView> getCaseHelpRequest(@PathParam("id") @Min(1) long id) {
    return service.get(CurrentUser.of(identity), id);
  }

  @POST
  @Path("/{id}/reveal")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Reveal sealed fields with a reason",
      description =
          "What she wrote, how to reach her, the risk answers: only the fields asked for. The"
              + " fields and the reason are written to the audit log before the answer.")
  public Uni<Revealed> revealCaseHelpRequest(
      @PathParam("id") @Min(1) long id, @NotNull @Valid Reveal body) {
    return service.reveal(CurrentUser.of(identity), id, body);
  }

  @POST
  @Path("/{id}/triage")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Triage a request: consultation, information, case, or nothing (分流)",
      description =
          "Once, from RECEIVED; stops its response clock. NOTHING needs a reason (SPAM, PRANK,"
              + " DUPLICATE with duplicateOf). The note is sealed. Its caseworker or a supervisor"
              + " who reaches it.")
  public Uni<CaseRequestView> triageHelpRequest(
      @PathParam("id") @Min(1) long id, @NotNull @Valid CaseWorkDtos.Triage body) {
    return service.triage(CurrentUser.of(identity), id, body);
  }

  @POST
  @Path("/search")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Find the requests of one person by phone or ID number (blind index)",
      description =
          "Within my reach, newest first, at most 50. The numbers go in the body; only their keyed"
              + " hashes are compared, and the audit log keeps what was searched by, not the"
              + " number.")
  public Uni<List<CaseRequestView>> searchHelpRequests(@NotNull @Valid CaseWorkDtos.Search body) {
    return service.search(CurrentUser.of(identity), body);
  }

  @PUT
  @Path("/{id}/assignee")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Assign a request to a caseworker whose seats reach its unit (supervisors)")
  public Uni<CaseRequestView> assignCaseHelpRequest(
      @PathParam("id") @Min(1) long id, @NotNull @Valid Assign body) {
    return service.assign(CurrentUser.of(identity), id, body.subject());
  }

  @GET
  @Path("/{id}/audit")
  @Operation(summary = "Who read, revealed or changed this request, newest first (supervisors)")
  public Uni<List<AuditEntry>> getCaseHelpRequestAudit(@PathParam("id") @Min(1) long id) {
    return service.trail(CurrentUser.of(identity), id);
  }
}
