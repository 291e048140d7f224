package cn.futian.jufu.rights;

import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.security.Roles;
import cn.futian.jufu.rights.DifficultyDtos.ChangeView;
import cn.futian.jufu.rights.DifficultyDtos.Decide;
import cn.futian.jufu.rights.DifficultyDtos.EntryView;
import cn.futian.jufu.rights.DifficultyDtos.NewChange;
import cn.futian.jufu.rights.DifficultyDtos.NewEntry;
import cn.futian.jufu.rights.DifficultyDtos.NewVisit;
import cn.futian.jufu.rights.DifficultyDtos.Revealed;
import cn.futian.jufu.rights.DifficultyDtos.VisitView;
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

@Path("/difficulty-register")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CASEWORKER, Roles.CASE_SUPERVISOR})
@Tag(
    name = "Difficulty register",
    description =
        "困难妇女儿童动态台账: who is on it is sealed and masked, visits are recorded, every read"
            + " audited")
public class DifficultyResource {

  private final DifficultyService service;
  private final SecurityIdentity identity;

  DifficultyResource(DifficultyService service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
  }

  @GET
  @Operation(
      summary =
          "Entries in my reach, next visit or review due first (masked); dueWithinDays: the"
              + " visits and reviews due by then, overdue ones included; householdId: a mother"
              + " and her children")
  public Uni<Page<EntryView>> listDifficultyEntries(
      @QueryParam("status") @Pattern(regexp = "PROPOSED|ACTIVE|IMPROVING|EXITED|REJECTED")
          String status,
      @QueryParam("dueWithinDays") @Min(0) @Max(366) Integer dueWithinDays,
      @QueryParam("householdId") @Min(1) Long householdId,
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10000) int page,
      @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
    return service.list(
        CurrentUser.of(identity),
        new DifficultyRepository.Filter(status, dueWithinDays, householdId),
        page,
        size);
  }

  @GET
  @Path("/changes")
  @Operation(
      summary =
          "Register changes waiting for a decision in my units (a street's or the district's"
              + " supervisor decides them)")
  public Uni<List<ChangeView>> listOpenDifficultyChanges() {
    return service.openChanges(CurrentUser.of(identity));
  }

  @POST
  @Path("/changes/{changeId}/decision")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Confirm or reject a proposed entry or change (a supervisor seated at the street or"
              + " the district, never the proposer); confirming applies it")
  public Uni<EntryView> decideDifficultyChange(
      @PathParam("changeId") @Min(1) long changeId, @NotNull @Valid Decide body) {
    return service.decide(CurrentUser.of(identity), changeId, body);
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Propose a woman or child in difficulty for the register of a unit in my reach (the"
              + " street confirms)")
  @APIResponse(
      responseCode = "201",
      description = "Registered",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = EntryView.class)))
  public Uni<Response> addDifficultyEntry(@NotNull @Valid NewEntry body) {
    return service
        .add(CurrentUser.of(identity), body)
        .map(e -> Response.status(Response.Status.CREATED).entity(e).build());
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "One entry, masked; 404 outside my reach (audited)")
  public Uni<EntryView> getDifficultyEntry(@PathParam("id") @Min(1) long id) {
    return service.get(CurrentUser.of(identity), id);
  }

  @POST
  @Path("/{id}/reveal")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Reveal sealed fields of an entry with a reason (audited)")
  public Uni<Revealed> revealDifficultyEntry(
      @PathParam("id") @Min(1) long id, @NotNull @Valid DifficultyDtos.Reveal body) {
    return service.reveal(CurrentUser.of(identity), id, body);
  }

  @GET
  @Path("/{id}/visits")
  @Operation(summary = "The visits to an entry")
  public Uni<List<VisitView>> listDifficultyVisits(@PathParam("id") @Min(1) long id) {
    return service.visits(CurrentUser.of(identity), id);
  }

  @POST
  @Path("/{id}/visits")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Record a visit (走访慰问), the support given and the next due date")
  public Uni<List<VisitView>> recordDifficultyVisit(
      @PathParam("id") @Min(1) long id, @NotNull @Valid NewVisit body) {
    return service.visit(CurrentUser.of(identity), id, body);
  }

  @GET
  @Path("/{id}/changes")
  @Operation(summary = "The changes proposed for an entry and their decisions")
  public Uni<List<ChangeView>> listDifficultyChanges(@PathParam("id") @Min(1) long id) {
    return service.changes(CurrentUser.of(identity), id);
  }

  @POST
  @Path("/{id}/changes")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Propose a change (UPDATE: situations, status, dimensions, risk) or an exit with its"
              + " reason, for the street to confirm")
  @APIResponse(
      responseCode = "201",
      description = "Proposed",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ChangeView.class)))
  public Uni<Response> proposeDifficultyChange(
      @PathParam("id") @Min(1) long id, @NotNull @Valid NewChange body) {
    return service
        .propose(CurrentUser.of(identity), id, body)
        .map(c -> Response.status(Response.Status.CREATED).entity(c).build());
  }
}
