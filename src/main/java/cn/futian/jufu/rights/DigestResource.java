package cn.futian.jufu.rights;

import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.security.Roles;
import cn.futian.jufu.rights.DigestDtos.DigestView;
import cn.futian.jufu.rights.DigestDtos.NewDigest;
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

@Path("/case-digests")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.CASE_SUPERVISOR)
@Tag(
    name = "Case digests",
    description =
        "以案释法: quarterly digests of resolved cases, de-identified, approved by a second"
            + " supervisor before export")
public class DigestResource {

  static final String MARKDOWN = "text/markdown;charset=UTF-8";

  private final DigestService service;
  private final SecurityIdentity identity;

  DigestResource(DigestService service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
  }

  @GET
  @Operation(summary = "Digests of the units I supervise, newest first")
  public Uni<List<DigestView>> listCaseDigests() {
    return service.list(CurrentUser.of(identity));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Draft a digest from resolved cases of a unit I supervise (summaries built from the"
              + " cases' facts; legal points scrubbed of numbers, places and forms of address)")
  @APIResponse(
      responseCode = "201",
      description = "Drafted",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = DigestView.class)))
  public Uni<Response> createCaseDigest(@NotNull @Valid NewDigest body) {
    return service
        .create(CurrentUser.of(identity), body)
        .map(d -> Response.status(Response.Status.CREATED).entity(d).build());
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "One digest (audited)")
  public Uni<DigestView> getCaseDigest(@PathParam("id") @Min(1) long id) {
    return service.get(CurrentUser.of(identity), id);
  }

  @POST
  @Path("/{id}/decision")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Approve or reject a draft (another supervisor of the unit; a comment to reject):"
              + " approving confirms that no one can be recognised in it")
  public Uni<DigestView> decideCaseDigest(
      @PathParam("id") @Min(1) long id, @NotNull @Valid DigestDtos.Decide body) {
    return service.decide(CurrentUser.of(identity), id, body);
  }

  @GET
  @Path("/{id}/export")
  @Produces({MARKDOWN, "application/problem+json"})
  @Operation(summary = "An approved digest as Markdown (audited); 422 before approval")
  @APIResponse(
      responseCode = "200",
      description = "The digest",
      content =
          @Content(
              mediaType = MARKDOWN,
              schema =
                  @Schema(
                      type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)))
  public Uni<String> exportCaseDigest(@PathParam("id") @Min(1) long id) {
    return service.export(CurrentUser.of(identity), id);
  }
}
