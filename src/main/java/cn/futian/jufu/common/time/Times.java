package cn.futian.jufu.common.time;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The one way the service reads time (issue 19).
 *
 * <ul>
 *   <li>Every instant is stored as {@code timestamptz}; both ways the service reads rows (Hibernate
 *       Reactive's native queries and the reactive pool) return it as an {@link OffsetDateTime} at
 *       UTC. {@link #timestamp(Object)} is the one conversion of such a value; it refuses a value
 *       without an offset rather than guess its zone. {@code TimesTest} pins this around midnight
 *       in Shanghai and in UTC.
 *   <li>Days, months, years, quiet hours and calendar times are the district's: {@link #ZONE}, the
 *       same zone that SQL names as {@code 'Asia/Shanghai'} when it groups by day or month.
 * </ul>
 */
public final class Times {

  /** The district's time zone (China has one, without daylight saving). */
  public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  private Times() {}

  /** A {@code timestamptz} value from a row as an OffsetDateTime (null stays null). */
  public static OffsetDateTime timestamp(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof OffsetDateTime t) {
      return t;
    }
    if (value instanceof Instant i) {
      return i.atOffset(ZoneOffset.UTC);
    }
    throw new IllegalArgumentException(
        "not a timestamptz value: " + value.getClass().getName() + " (columns are timestamptz)");
  }

  /** A {@code date} value from a row as a LocalDate (null stays null). */
  public static java.time.LocalDate date(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof java.time.LocalDate d) {
      return d;
    }
    if (value instanceof java.sql.Date d) {
      return d.toLocalDate();
    }
    throw new IllegalArgumentException("not a date value: " + value.getClass().getName());
  }
}
