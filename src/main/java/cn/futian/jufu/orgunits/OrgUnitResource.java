package cn.futian.jufu.orgunits;

import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.security.Roles;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/org-units")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Organisation tree", description = "区 / 街道 / 社区 / 妇女小组 / 两新组织")
public class OrgUnitResource {

  private final OrgUnitService service;

  OrgUnitResource(OrgUnitService service) {
    this.service = service;
  }

  @GET
  @Authenticated
  @Operation(summary = "Browse the tree: units filtered by parent, kind or name, in tree order")
  public Uni<Page<OrgUnitView>> listOrgUnits(
      @QueryParam("parentId") @Min(1) Long parentId,
      @QueryParam("kind") OrgUnitKind kind,
      @QueryParam("q") @Size(max = 50) String q,
      @QueryParam("includeRetired") @DefaultValue("false") boolean includeRetired,
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10000) int page,
      @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
    return service.list(new OrgUnitService.Filter(parentId, kind, q, includeRetired, page, size));
  }

  @GET
  @Path("/{id}")
  @Authenticated
  @Operation(summary = "One unit")
  public Uni<OrgUnitView> getOrgUnit(@PathParam("id") @Min(1) long id) {
    return service.get(id);
  }

  @GET
  @Path("/{id}/lineage")
  @Authenticated
  @Operation(summary = "The unit and all units above it, from the district down (breadcrumbs)")
  public Uni<List<OrgUnitView>> getOrgUnitLineage(@PathParam("id") @Min(1) long id) {
    return service.lineage(id);
  }

  @POST
  @RolesAllowed(Roles.ADMIN)
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Create a unit under a parent (admins)")
  public Uni<Response> createOrgUnit(@NotNull @Valid OrgUnitCommands.Create body) {
    return service
        .create(body)
        .map(unit -> Response.created(URI.create("/org-units/" + unit.id())).entity(unit).build());
  }

  @PATCH
  @Path("/{id}")
  @RolesAllowed(Roles.ADMIN)
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Rename a unit (admins); a renamed placeholder is no longer a placeholder")
  public Uni<OrgUnitView> renameOrgUnit(
      @PathParam("id") @Min(1) long id, @NotNull @Valid OrgUnitCommands.Rename body) {
    return service.rename(id, body);
  }

  @POST
  @Path("/{id}/move")
  @RolesAllowed(Roles.ADMIN)
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Move a unit and its subtree under another parent (admins)")
  public Uni<OrgUnitView> moveOrgUnit(
      @PathParam("id") @Min(1) long id, @NotNull @Valid OrgUnitCommands.Move body) {
    return service.move(id, body);
  }

  @POST
  @Path("/{id}/retire")
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Retire a unit that has no active children (admins)")
  public Uni<OrgUnitView> retireOrgUnit(@PathParam("id") @Min(1) long id) {
    return service.retire(id);
  }
}
