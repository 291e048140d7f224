package cn.futian.jufu.calendars;

import cn.futian.jufu.common.time.Times;
import cn.futian.jufu.registrations.MemberSessions.CalendarSession;
import cn.futian.jufu.registrations.RegistrationStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.ParameterList;
import net.fortuna.ical4j.model.TimeZoneRegistryFactory;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.component.VTimeZone;
import net.fortuna.ical4j.model.parameter.Value;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.LastModified;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.RefreshInterval;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.XProperty;
import net.fortuna.ical4j.model.property.immutable.ImmutableStatus;

/**
 * Writes sessions as an RFC 5545 calendar with ical4j (a maintained library, rather than
 * hand-written iCalendar text: escaping, folding and time zones are its business).
 *
 * <ul>
 *   <li>Times are local times in Asia/Shanghai ({@code DTSTART;TZID=Asia/Shanghai}), with the
 *       VTIMEZONE from ical4j's bundled tz database, so that every client shows the same hour.
 *   <li>{@code UID} is {@code session-<id>@jufu.futian}: the same on every request and in every
 *       feed, so a phone updates the entry it has instead of adding another.
 *   <li>{@code SEQUENCE} is the session's version (grows with each change of the session, e.g. new
 *       times or a cancellation); {@code LAST-MODIFIED} and {@code DTSTAMP} are the last change of
 *       the event or the session's cancellation, so an unchanged calendar is byte-for-byte the
 *       same.
 *   <li>{@code STATUS}: CANCELLED for cancelled sessions (and the summary says so, since some
 *       clients show cancelled entries as if nothing happened), TENTATIVE when the member was
 *       offered a seat and must still confirm it, CONFIRMED otherwise.
 * </ul>
 */
@ApplicationScoped
class CalendarRenderer {

  static final String MEDIA_TYPE = "text/calendar";
  static final String PROD_ID = "-//Futian District Women's Federation//JuFu//ZH";
  static final String ZONE = Times.ZONE.getId();
  static final String CANCELLED_PREFIX = "【已取消】";

  /** Loaded once from ical4j's bundled definitions (its online updates are off by default). */
  private final VTimeZone timeZone =
      TimeZoneRegistryFactory.getInstance().createRegistry().getTimeZone(ZONE).getVTimeZone();

  static String uid(long sessionId) {
    return "session-" + sessionId + "@jufu.futian";
  }

  String render(String calendarName, List<CalendarSession> sessions, Duration refresh) {
    Calendar calendar =
        new Calendar()
            .withProdId(PROD_ID)
            .withDefaults()
            .withProperty(new XProperty("X-WR-CALNAME", calendarName))
            .withProperty(new XProperty("X-WR-TIMEZONE", ZONE))
            .withProperty(new RefreshInterval(new ParameterList(List.of(Value.DURATION)), refresh))
            .withProperty(new XProperty("X-PUBLISHED-TTL", refresh.toString()))
            .withComponent(timeZone)
            .getFluentTarget();
    sessions.forEach(s -> calendar.add(event(s)));
    StringWriter out = new StringWriter();
    try {
      new CalendarOutputter(false).output(calendar, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static VEvent event(CalendarSession s) {
    VEvent event =
        new VEvent(
            s.startsAt().atZoneSameInstant(Times.ZONE),
            s.endsAt().atZoneSameInstant(Times.ZONE),
            s.cancelled() ? CANCELLED_PREFIX + s.title() : s.title());
    event.replace(new DtStamp(s.lastModified().toInstant()));
    event.add(new Uid(uid(s.sessionId())));
    event.add(new Sequence(s.version()));
    event.add(new LastModified(s.lastModified().toInstant()));
    if (s.venue() != null && !s.venue().isBlank()) {
      event.add(new Location(s.venue()));
    }
    if (s.description() != null && !s.description().isBlank()) {
      event.add(new Description(s.description()));
    }
    event.add(
        s.cancelled()
            ? ImmutableStatus.VEVENT_CANCELLED
            : s.registrationStatus() == RegistrationStatus.OFFERED
                ? ImmutableStatus.VEVENT_TENTATIVE
                : ImmutableStatus.VEVENT_CONFIRMED);
    return event;
  }
}
