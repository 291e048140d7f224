package cn.futian.jufu.rights;

import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.security.Roles;
import cn.futian.jufu.rights.DifficultyDtos.EntryView;
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
  @Operation(summary = "Entries in my reach, next visit due first (masked)")
  public Uni<Page<EntryView>> listDifficultyEntries(
      @QueryParam("status") @Pattern(regexp = "ACTIVE|EXITED") String status,
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10000) int page,
      @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
    return service.list(CurrentUser.of(identity), status, page, size);
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Register a woman or child in difficulty in a unit of my reach")
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

  @POST
  @Path("/{id}/exit")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Take an entry off the active register, with the reason")
  public Uni<EntryView> exitDifficultyEntry(
      @PathParam("id") @Min(1) long id, @NotNull @Valid DifficultyDtos.Exit body) {
    return service.exit(CurrentUser.of(identity), id, body);
  }
}
