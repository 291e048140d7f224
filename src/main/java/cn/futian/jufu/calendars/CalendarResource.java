package cn.futian.jufu.calendars;

import cn.futian.jufu.common.http.ClientAddress;
import cn.futian.jufu.common.ratelimit.RateLimiter;
import cn.futian.jufu.common.security.CurrentUser;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Calendars in RFC 5545 (text/calendar): one event's, and a member's private feed. */
@Path("/")
@Authenticated
@Produces(CalendarRenderer.MEDIA_TYPE)
@Tag(name = "Calendars", description = "日历订阅: iCalendar files of events and private feeds")
public class CalendarResource {

  private final CalendarService service;
  private final CalendarConfig config;
  private final SecurityIdentity identity;
  private final RateLimiter limiter;
  private final ClientAddress addresses;

  CalendarResource(
      CalendarService service,
      CalendarConfig config,
      SecurityIdentity identity,
      RateLimiter limiter,
      ClientAddress addresses) {
    this.limiter = limiter;
    this.addresses = addresses;
    this.service = service;
    this.config = config;
    this.identity = identity;
  }

  @GET
  @Path("events/{id}/calendar")
  @Operation(
      summary = "An event's sessions as an iCalendar file (text/calendar)",
      description = "For everyone who may see the event; cancelled sessions are STATUS:CANCELLED.")
  public Uni<Response> getEventCalendar(@PathParam("id") @Min(1) long id) {
    return service
        .eventCalendar(CurrentUser.of(identity), id)
        .map(ics -> calendar(ics, "event-" + id + CalendarService.FEED_SUFFIX));
  }

  /**
   * No login: the secret token in the path is the credential (phone calendars subscribe to a URL
   * and cannot send a bearer token). The app denies unannotated endpoints, hence the annotation.
   */
  @GET
  @PermitAll
  @SecurityRequirementsSet // public: no token needed
  @Path("calendar-feeds/{token}.ics")
  @Operation(
      summary = "A member's private calendar feed, by the secret token in its URL (no login)",
      description =
          "Upcoming sessions with a confirmed (or offered) seat, and sessions cancelled in the"
              + " last 30 days, marked STATUS:CANCELLED. Unknown or revoked tokens: 404.")
  public Uni<Response> getCalendarFeed(
      @PathParam("token") String token, @Context HttpServerRequest request) {
    // No login here, so guessing tokens is bounded per address (429 + Retry-After).
    return limiter
        .check("calendar-feed-ip", addresses.limitKey(request))
        .chain(() -> service.memberCalendar(token))
        .map(ics -> calendar(ics, "jufu.ics"));
  }

  private Response calendar(String ics, String filename) {
    CacheControl cache = new CacheControl();
    cache.setPrivate(true);
    cache.setMaxAge((int) config.maxAge().toSeconds());
    return Response.ok(ics, CalendarRenderer.MEDIA_TYPE + "; charset=utf-8")
        .cacheControl(cache)
        .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + filename + "\"")
        .build();
  }
}
