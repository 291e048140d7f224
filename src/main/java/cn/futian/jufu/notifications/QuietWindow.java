package cn.futian.jufu.notifications;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** A member's quiet hours as a window of local time, and a {@code time} column read as one. */
final class QuietWindow {

  private QuietWindow() {}

  static LocalTime time(Object o) {
    return o instanceof LocalTime t ? t : LocalTime.parse(o.toString());
  }

  /**
   * When a non-urgent push may go out: now, or the end of the member's quiet hours when now falls
   * inside them. The window may cross midnight (22:00–08:00); start = end means no quiet hours.
   */
  static Instant afterQuietHours(Instant now, LocalTime start, LocalTime end, ZoneId zone) {
    if (start.equals(end)) {
      return now;
    }
    ZonedDateTime local = now.atZone(zone);
    LocalTime t = local.toLocalTime();
    boolean crossesMidnight = start.isAfter(end);
    boolean quiet =
        crossesMidnight
            ? !t.isBefore(start) || t.isBefore(end)
            : !t.isBefore(start) && t.isBefore(end);
    if (!quiet) {
      return now;
    }
    ZonedDateTime endToday = local.with(end).withSecond(0).withNano(0);
    ZonedDateTime endAt = endToday.isAfter(local) ? endToday : endToday.plusDays(1);
    return endAt.toInstant();
  }
}
