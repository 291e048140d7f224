package cn.futian.jufu.calendars;

import static org.assertj.core.api.Assertions.assertThat;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.fortuna.ical4j.data.CalendarBuilder;

/**
 * A served calendar read back by a second, independent iCalendar parser (biweekly; the server
 * writes with ical4j), which must read it without warnings. ical4j's own RFC 5545 validator must
 * find no errors either.
 */
record ParsedCalendar(String text, ICalendar calendar) {

  static ParsedCalendar of(String text) {
    List<List<biweekly.io.ParseWarning>> warnings = new ArrayList<>();
    ICalendar calendar = Biweekly.parse(text).warnings(warnings).first();
    assertThat(calendar).as("parsed calendar").isNotNull();
    assertThat(warnings.stream().flatMap(List::stream).map(Object::toString).toList())
        .as("biweekly's parse warnings")
        .isEmpty();
    try {
      var result = new CalendarBuilder().build(new StringReader(text)).validate();
      assertThat(result.hasErrors()).as("ical4j validation: %s", result).isFalse();
    } catch (Exception e) {
      throw new AssertionError("ical4j could not read the calendar back", e);
    }
    return new ParsedCalendar(text, calendar);
  }

  List<VEvent> events() {
    return calendar.getEvents();
  }

  Map<String, VEvent> byUid() {
    return events().stream()
        .collect(Collectors.toMap(e -> e.getUid().getValue(), Function.identity()));
  }

  /** The TZID that the parser assigned to an event's start (from the VTIMEZONE it refers to). */
  String startZone(VEvent event) {
    var assignment = calendar.getTimezoneInfo().getTimezone(event.getDateStart());
    return assignment == null ? null : assignment.getComponent().getTimezoneId().getValue();
  }
}
