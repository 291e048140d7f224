package cn.futian.jufu.events;

import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.events.EventDtos.EventSummary;
import cn.futian.jufu.events.EventDtos.EventView;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
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
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Events", description = "活动与场次: publishing, the lifecycle, the residents' feed")
public class EventResource {

  private final EventService service;
  private final EventQueries queries;
  private final SecurityIdentity identity;

  EventResource(EventService service, EventQueries queries, SecurityIdentity identity) {
    this.service = service;
    this.queries = queries;
    this.identity = identity;
  }

  @GET
  @Path("events")
  @Operation(
      summary = "The residents' feed: upcoming events I may join",
      description =
          "Published events with an upcoming session whose audience covers my home unit;"
              + " filter by kind, date range, owning unit, or nearby (lat, lng, radius).")
  public Uni<Page<EventSummary>> listEvents(
      @QueryParam("kind") EventKind kind,
      @QueryParam("from") OffsetDateTime from,
      @QueryParam("to") OffsetDateTime to,
      @QueryParam("orgUnitId") @Min(1) Long orgUnitId,
      @QueryParam("lat") @DecimalMin("-90") @DecimalMax("90") Double lat,
      @QueryParam("lng") @DecimalMin("-180") @DecimalMax("180") Double lng,
      @QueryParam("radiusMetres") @Min(100) @Max(50000) Integer radiusMetres,
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1000) int page,
      @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
    return queries.feed(
        CurrentUser.of(identity),
        new EventQueries.FeedFilter(kind, from, to, orgUnitId, lat, lng, radiusMetres, page, size));
  }

  @POST
  @Path("events")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Create an event (a draft) for a unit I manage, with its sessions")
  public Uni<Response> createEvent(@NotNull @Valid EventDtos.CreateEvent body) {
    return service
        .create(CurrentUser.of(identity), body)
        .map(e -> Response.created(URI.create("/events/" + e.id())).entity(e).build());
  }

  @GET
  @Path("events/{id}")
  @Operation(summary = "One event with its sessions, seats left and my registration")
  public Uni<EventView> getEvent(@PathParam("id") @Min(1) long id) {
    return queries.get(CurrentUser.of(identity), id);
  }

  @PATCH
  @Path("events/{id}")
  @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
  @Operation(
      summary = "Change an event's title, description, venue or cover (merge patch)",
      description = "A new venue of a published event is announced to everyone signed up.")
  public Uni<EventView> updateEvent(
      @PathParam("id") @Min(1) long id, @NotNull @Valid EventDtos.UpdateEvent body) {
    return service.update(CurrentUser.of(identity), id, body);
  }

  @POST
  @Path("events/{id}/transitions")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Move an event through its lifecycle",
      description =
          "SUBMIT (publish, or ask the parent unit's approval for kinds that need it), APPROVE,"
              + " REJECT (with reason), CLOSE_REGISTRATION, REOPEN_REGISTRATION, COMPLETE, CANCEL.")
  public Uni<EventView> transitionEvent(
      @PathParam("id") @Min(1) long id, @NotNull @Valid EventDtos.Transition body) {
    return service.transition(CurrentUser.of(identity), id, body);
  }

  @POST
  @Path("events/{id}/sessions")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Add a session to an event")
  public Uni<EventView> addSession(
      @PathParam("id") @Min(1) long id, @NotNull @Valid EventDtos.SessionInput body) {
    return service.addSession(CurrentUser.of(identity), id, body);
  }

  @PATCH
  @Path("sessions/{id}")
  @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
  @Operation(
      summary = "Change a session: times (announced to registrants) or capacity",
      description = "More seats promote from the waitlist at once; fewer are refused if taken.")
  public Uni<EventView> updateSession(
      @PathParam("id") @Min(1) long id, @NotNull @Valid EventDtos.UpdateSession body) {
    return service.updateSession(CurrentUser.of(identity), id, body);
  }
}
