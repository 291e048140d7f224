package cn.futian.jufu.calendars;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the calendar feeds ({@code fulian.calendars.*}). */
@ConfigMapping(prefix = "fulian.calendars")
public interface CalendarConfig {

  /**
   * How long a cancelled session stays in a member's feed, marked STATUS:CANCELLED, so that
   * subscribed phones see the cancellation before it drops out.
   */
  @WithDefault("P30D")
  Duration cancelledKeptFor();

  /** {@code Cache-Control: private, max-age} of the feeds. */
  @WithDefault("PT5M")
  Duration maxAge();

  /** How often subscribed calendars are asked to refresh (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
  @WithDefault("PT1H")
  Duration refreshInterval();
}
