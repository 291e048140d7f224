package cn.futian.jufu.calendars;

import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Response bodies of the calendar API. */
public final class CalendarDtos {

  private CalendarDtos() {}

  @Schema(name = "CalendarFeedCreated", description = "A new feed; its URL is shown only now")
  public record FeedCreated(
      @Schema(
              description =
                  "The private feed, to subscribe to from a phone calendar (no login); anyone"
                      + " with it can read my upcoming sessions",
              examples =
                  "https://api.fulian.example.invalid/calendar-feeds/3q2-7wE0yPZlRk8vH0b5Q1m2sS9fKX6tP4uJ8nY0aLc.ics")
          String url,
      @Schema(
              description =
                  "The same feed as a webcal:// link, which phones open in their calendar",
              examples =
                  "webcal://api.fulian.example.invalid/calendar-feeds/3q2-7wE0yPZlRk8vH0b5Q1m2sS9fKX6tP4uJ8nY0aLc.ics")
          String webcalUrl,
      OffsetDateTime createdAt) {}

  @Schema(
      name = "CalendarFeed",
      description = "My feed, without its URL (only a hash of the secret is kept)")
  public record FeedView(
      OffsetDateTime createdAt,
      @Schema(description = "When a calendar last fetched it (to the hour)")
          OffsetDateTime lastUsedAt) {

    static FeedView of(CalendarFeed f) {
      return new FeedView(f.createdAt, f.lastUsedAt);
    }
  }
}
