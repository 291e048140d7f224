package cn.futian.jufu.common.api;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Values from native query rows, whatever Java type the driver chose for them. */
public final class SqlValues {

  private SqlValues() {}

  /** A {@code timestamptz} column as an OffsetDateTime (null stays null). */
  public static OffsetDateTime timestamp(Object o) {
    if (o == null) {
      return null;
    }
    if (o instanceof OffsetDateTime t) {
      return t;
    }
    if (o instanceof Instant i) {
      return i.atOffset(ZoneOffset.UTC);
    }
    if (o instanceof LocalDateTime l) {
      return l.atOffset(ZoneOffset.UTC);
    }
    return OffsetDateTime.parse(o.toString());
  }

  /** A numeric column as a long (null stays null). */
  public static Long number(Object o) {
    return o == null ? null : ((Number) o).longValue();
  }
}
