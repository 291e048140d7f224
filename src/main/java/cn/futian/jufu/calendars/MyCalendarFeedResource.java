package cn.futian.jufu.calendars;

import cn.futian.jufu.calendars.CalendarDtos.FeedCreated;
import cn.futian.jufu.calendars.CalendarDtos.FeedView;
import cn.futian.jufu.common.security.CurrentUser;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /me/calendar-feed}: its own class, since JAX-RS matches {@code /me} by class first. */
@Path("/me/calendar-feed")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Calendars")
public class MyCalendarFeedResource {

  private final CalendarService service;
  private final SecurityIdentity identity;

  MyCalendarFeedResource(CalendarService service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
  }

  @POST
  @Operation(
      summary = "Create my private calendar feed, or replace its secret URL",
      description =
          "The URL is shown only in this answer. Creating again rotates it: the old URL stops"
              + " working at once.")
  @APIResponse(
      responseCode = "201",
      description = "The feed, with its secret URL",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = FeedCreated.class)))
  public Uni<Response> createMyCalendarFeed() {
    return service
        .createFeed(CurrentUser.of(identity))
        .map(
            created ->
                Response.created(URI.create("/me/calendar-feed"))
                    .entity(created)
                    .type(MediaType.APPLICATION_JSON)
                    .build());
  }

  @GET
  @Operation(summary = "Whether I have a calendar feed, since when, and when it was last used")
  public Uni<FeedView> getMyCalendarFeed() {
    return service.feed(CurrentUser.of(identity));
  }

  @DELETE
  @Operation(summary = "Revoke my calendar feed: its URL answers 404 from now on")
  public Uni<Void> revokeMyCalendarFeed() {
    return service.revokeFeed(CurrentUser.of(identity));
  }
}
