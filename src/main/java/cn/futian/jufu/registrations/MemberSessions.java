package cn.futian.jufu.registrations;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;

/**
 * Read-only answers about sessions for features that show them elsewhere (the calendar feeds):
 * which sessions a member holds a seat at, and one event's sessions, with the event's title and
 * venue. No checks of who may see what: callers decide that first.
 */
@ApplicationScoped
public class MemberSessions {

  /** Selects a session with its event; the where clause follows. */
  private static final String SELECT =
      "select s.id, e.id, e.title, e.description, e.venueAddress, s.startsAt, s.endsAt,"
          + " s.cancelledAt, s.version, e.updatedAt from EventSession s, Event e"
          + " where e.id = s.eventId";

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
      RegistrationStatus registrationStatus) {}

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
        .getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "select r.id from registration r join session s on s.id = r.session_id"
                            + " where r.member_id = :m and ("
                            + " (s.cancelled_at is null and s.ends_at > :now"
                            + "   and r.status in ('CONFIRMED', 'OFFERED'))"
                            + " or (s.cancelled_at >= :since and (r.status in ('CONFIRMED',"
                            + "   'OFFERED') or (r.status = 'CANCELLED'"
                            + "   and r.updated_at >= s.cancelled_at and exists (select 1"
                            + "   from registration_status_change c where c.registration_id = r.id"
                            + "   and c.to_status = 'CANCELLED'"
                            + "   and c.from_status in ('CONFIRMED', 'OFFERED'))))))",
                        Long.class)
                    .setParameter("m", memberId)
                    .setParameter("now", now)
                    .setParameter("since", cancelledSince)
                    .getResultList())
        .chain(this::ofRegistrations);
  }

  /** Every session of one event, cancelled ones included, in order of start. */
  @WithSession
  public Uni<List<CalendarSession>> ofEvent(long eventId) {
    return registrations
        .getSession()
        .chain(
            s ->
                s.createSelectionQuery(
                        SELECT + " and e.id = :e order by s.startsAt, s.id", Object[].class)
                    .setParameter("e", eventId)
                    .getResultList())
        .map(rows -> rows.stream().map(row -> of(row, null)).toList());
  }

  private Uni<List<CalendarSession>> ofRegistrations(Collection<Long> registrationIds) {
    if (registrationIds.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return registrations
        .list("id in ?1", registrationIds)
        .chain(
            regs ->
                registrations
                    .getSession()
                    .chain(
                        s ->
                            s.createSelectionQuery(
                                    SELECT + " and s.id in :ids order by s.startsAt, s.id",
                                    Object[].class)
                                .setParameter(
                                    "ids", regs.stream().map(r -> r.sessionId).distinct().toList())
                                .getResultList())
                    .map(
                        rows ->
                            rows.stream()
                                .map(
                                    row ->
                                        of(
                                            row,
                                            regs.stream()
                                                .filter(r -> r.sessionId.equals(row[0]))
                                                .map(r -> r.status)
                                                .findFirst()
                                                .orElse(null)))
                                .toList()));
  }

  private static CalendarSession of(Object[] row, RegistrationStatus status) {
    OffsetDateTime cancelledAt = (OffsetDateTime) row[7];
    OffsetDateTime eventUpdated = (OffsetDateTime) row[9];
    return new CalendarSession(
        (Long) row[0],
        (Long) row[1],
        (String) row[2],
        (String) row[3],
        (String) row[4],
        (OffsetDateTime) row[5],
        (OffsetDateTime) row[6],
        cancelledAt != null,
        (Integer) row[8],
        cancelledAt != null && cancelledAt.isAfter(eventUpdated) ? cancelledAt : eventUpdated,
        status);
  }
}
