package cn.futian.jufu.cadres;

import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/cadre-assignments")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "Cadres", description = "Who manages which part of the tree (干部任命)")
public class CadreAssignmentResource {

  private final CadreService service;
  private final SecurityIdentity identity;

  CadreAssignmentResource(CadreService service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
  }

  @GET
  @Operation(summary = "List appointments, by unit or user (admins)")
  public Uni<Page<CadreAssignmentView>> listCadreAssignments(
      @QueryParam("orgUnitId") @Min(1) Long orgUnitId,
      @QueryParam("subject") @Pattern(regexp = "[0-9a-f-]{36}") String subject,
      @QueryParam("includeRevoked") @DefaultValue("false") boolean includeRevoked,
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10000) int page,
      @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
    return service.list(orgUnitId, subject, includeRevoked, page, size);
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Appoint a Keycloak user as cadre of a unit (admins)")
  public Uni<Response> assignCadre(@NotNull @Valid AssignCadre body) {
    return service
        .assign(CurrentUser.of(identity), body)
        .map(a -> Response.created(URI.create("/cadre-assignments/" + a.id())).entity(a).build());
  }

  @DELETE
  @Path("/{id}")
  @Operation(summary = "Revoke an appointment (admins); the record is kept as history")
  public Uni<CadreAssignmentView> revokeCadreAssignment(@PathParam("id") @Min(1) long id) {
    return service.revoke(CurrentUser.of(identity), id);
  }
}
