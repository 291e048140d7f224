package cn.futian.jufu.registrations;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Read-only answers about sessions for features that show them elsewhere (the calendar feeds):
 * which sessions a member holds a seat at, and one event's sessions, with the event's title and
 * venue. No checks of who may see what: callers decide that first.
 */
@ApplicationScoped
public class MemberSessions {

  private final RegistrationRepository registrations;

  MemberSessions(RegistrationRepository registrations) {
    this.registrations = registrations;
  }

  /**
   * A session as a calendar shows it.
   *
   * @param registrationStatus the member's standing (null when read for an event)
   * @param version grows with every change of the session (times, cancellation)
   * @param lastModified the latest of the event's last change and the session's cancellation
   */
  public record CalendarSession(
      long sessionId,
      long eventId,
      String title,
      String description,
      String venue,
      OffsetDateTime startsAt,
      OffsetDateTime endsAt,
      boolean cancelled,
      int version,
      OffsetDateTime lastModified,
      RegistrationStatus registrationStatus) {

    CalendarSession withStatus(RegistrationStatus status) {
      return new CalendarSession(
          sessionId,
          eventId,
          title,
          description,
          venue,
          startsAt,
          endsAt,
          cancelled,
          version,
          lastModified,
          status);
    }
  }

  /**
   * A member's calendar: sessions not yet ended where the member holds a seat (CONFIRMED or
   * OFFERED), and sessions cancelled since {@code cancelledSince} that the member held a seat at
   * when they were cancelled. The latter are those whose registration was ended by the cancellation
   * itself (updated at or after the session's cancellation, coming from CONFIRMED or OFFERED): a
   * member who had cancelled earlier, or was only waitlisted, does not see them.
   */
  @WithSession
  public Uni<List<CalendarSession>> ofMember(
      long memberId, OffsetDateTime now, OffsetDateTime cancelledSince) {
    return registrations
        .calendarRegistrationsOf(memberId, now, cancelledSince)
        .chain(this::ofRegistrations);
  }

  /** Every session of one event, cancelled ones included, in order of start. */
  @WithSession
  public Uni<List<CalendarSession>> ofEvent(long eventId) {
    return registrations.calendarSessionsOfEvent(eventId);
  }

  private Uni<List<CalendarSession>> ofRegistrations(Collection<Long> registrationIds) {
    if (registrationIds.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return registrations
        .list("id in ?1", registrationIds)
        .chain(
            regs -> {
              Map<Long, RegistrationStatus> statusOf = new HashMap<>();
              regs.forEach(r -> statusOf.putIfAbsent(r.sessionId, r.status));
              return registrations
                  .calendarSessions(List.copyOf(statusOf.keySet()))
                  .map(
                      rows ->
                          rows.stream()
                              .map(c -> c.withStatus(statusOf.get(c.sessionId())))
                              .toList());
            });
  }
}
