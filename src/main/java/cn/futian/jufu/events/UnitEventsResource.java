package cn.futian.jufu.events;

import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.events.EventDtos.EventSummary;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /org-units/{id}/events}: its own class, as JAX-RS matches {@code /org-units} first. */
@Path("/org-units/{id}/events")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Events")
public class UnitEventsResource {

  private final EventQueries service;
  private final SecurityIdentity identity;

  UnitEventsResource(EventQueries service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
  }

  @GET
  @Operation(summary = "Events owned by a unit I manage, in any status")
  public Uni<Page<EventSummary>> listUnitEvents(
      @PathParam("id") @Min(1) long id,
      @QueryParam("status") EventStatus status,
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1000) int page,
      @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
    return service.ofUnit(CurrentUser.of(identity), id, status, page, size);
  }
}
