package cn.futian.jufu.servicepoints;

import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.servicepoints.ServicePointDtos.CreateServicePoint;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /org-units/{id}/service-points}: its own class, as JAX-RS matches /org-units first. */
@Path("/org-units/{id}/service-points")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Service points")
public class UnitServicePointsResource {

  private final ServicePointService service;
  private final SecurityIdentity identity;

  UnitServicePointsResource(ServicePointService service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Add a service point to a unit I manage (admins: any unit)")
  public Uni<Response> createServicePoint(
      @PathParam("id") @Min(1) long id, @NotNull @Valid CreateServicePoint body) {
    return service
        .create(CurrentUser.of(identity), id, body)
        .map(p -> Response.created(URI.create("/service-points/" + p.id())).entity(p).build());
  }
}
