package cn.futian.jufu.servicepoints;

import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.servicepoints.ServicePointDtos.ServicePointView;
import cn.futian.jufu.servicepoints.ServicePointDtos.UpdateServicePoint;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /service-points}: the services directory. */
@Path("/service-points")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(
    name = "Service points",
    description =
        "服务阵地: women-and-children's homes, parent schools, mother-and-baby rooms, hotlines")
public class ServicePointResource {

  private final ServicePointService service;
  private final SecurityIdentity identity;

  ServicePointResource(ServicePointService service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
  }

  @GET
  @Operation(
      summary = "Search the services directory",
      description =
          "Active points, filtered by kind and by owning unit (with its subtree). With near=lat,lng"
              + " (WGS-84) only points within radiusMetres (default 3000) are listed, nearest"
              + " first, each with distanceMetres; points without coordinates (hotlines) are"
              + " then left out.")
  public Uni<Page<ServicePointView>> listServicePoints(
      @QueryParam("kind") ServicePointKind kind,
      @QueryParam("unitId") @Min(1) Long unitId,
      @QueryParam("near")
          @Parameter(description = "lat,lng in WGS-84 degrees, e.g. 22.5431,114.0579")
          String near,
      @QueryParam("radiusMetres") @Min(1) @Max(20000) Integer radiusMetres,
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1000) int page,
      @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
    return service.search(
        new ServicePointService.Filter(kind, unitId, near, radiusMetres, page, size));
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "One service point")
  public Uni<ServicePointView> getServicePoint(@PathParam("id") @Min(1) long id) {
    return service.get(id);
  }

  @PATCH
  @Path("/{id}")
  @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
  @Operation(
      summary = "Change a service point (merge patch); cadres of its unit and admins",
      description = "lat and lng must both be set or both be empty afterwards.")
  public Uni<ServicePointView> updateServicePoint(
      @PathParam("id") @Min(1) long id, @NotNull @Valid UpdateServicePoint body) {
    return service.update(CurrentUser.of(identity), id, body);
  }

  @DELETE
  @Path("/{id}")
  @Operation(summary = "Take a service point out of the directory (soft delete)")
  public Uni<Void> deleteServicePoint(@PathParam("id") @Min(1) long id) {
    return service.deactivate(CurrentUser.of(identity), id);
  }
}
