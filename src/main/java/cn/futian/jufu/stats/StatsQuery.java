package cn.futian.jufu.stats;

import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.time.Times;
import cn.futian.jufu.events.EventKind;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * A validated statistics request: a date range in Shanghai dates (both ends included), the unit
 * whose subtree is counted (null: the caller's default scope), how to group, and an optional kind.
 */
record StatsQuery(
    LocalDate from, LocalDate to, Long unitId, StatsGrouping groupBy, EventKind kind) {

  /** Dates are calendar days in Shanghai: a session counts by the day it starts there. */

  /** The longest range one request may cover. */
  static final int MAX_YEARS = 3;

  /**
   * Parses the query parameters. A missing {@code from} is 1 January and a missing {@code to} is 31
   * December of the current year (in Shanghai).
   *
   * @throws DomainException 400 with the field at fault: a date that is not {@code YYYY-MM-DD},
   *     from after to, a range over {@value #MAX_YEARS} years
   */
  static StatsQuery of(
      String from, String to, Long unitId, String groupBy, EventKind kind, LocalDate today) {
    LocalDate start = from == null ? today.withDayOfYear(1) : date("from", from);
    LocalDate end = to == null ? today.withMonth(12).withDayOfMonth(31) : date("to", to);
    if (start.isAfter(end)) {
      throw DomainException.invalid("to", "date-order");
    }
    if (!end.isBefore(start.plusYears(MAX_YEARS))) {
      throw DomainException.invalid("to", "stats-range", MAX_YEARS);
    }
    return new StatsQuery(start, end, unitId, StatsGrouping.of(groupBy), kind);
  }

  /** The first instant of the range. */
  OffsetDateTime startsAt() {
    return from.atStartOfDay(Times.ZONE).toOffsetDateTime();
  }

  /** The first instant after the range. */
  OffsetDateTime endsBefore() {
    return to.plusDays(1).atStartOfDay(Times.ZONE).toOffsetDateTime();
  }

  private static LocalDate date(String field, String text) {
    try {
      return LocalDate.parse(text.strip().toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw DomainException.invalid(field, "date");
    }
  }
}
