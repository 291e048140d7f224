package cn.futian.jufu.registrations;

import cn.futian.jufu.common.api.SqlValues;
import cn.futian.jufu.common.db.Sql;
import cn.futian.jufu.common.time.Times;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;

@ApplicationScoped
class RegistrationRepository implements PanacheRepository<Registration> {

  static final List<RegistrationStatus> ACTIVE = List.copyOf(RegistrationStatus.ACTIVE);

  Uni<Registration> findActive(long sessionId, long memberId) {
    return find("sessionId = ?1 and memberId = ?2 and status in ?3", sessionId, memberId, ACTIVE)
        .firstResult();
  }

  Uni<List<Registration>> activeOfMember(long memberId, Collection<Long> sessionIds) {
    return list("memberId = ?1 and sessionId in ?2 and status in ?3", memberId, sessionIds, ACTIVE);
  }

  Uni<Long> nextWaitlistSeq() {
    return getSession()
        .chain(
            s ->
                s.createNativeQuery("select nextval('waitlist_seq')", Long.class)
                    .getSingleResult());
  }

  /** 1-based place of a waitlisted entry within its session and pool. */
  Uni<Integer> waitlistPosition(Registration r) {
    return count(
            "sessionId = ?1 and pool = ?2 and status = ?3 and waitlistSeq <= ?4",
            r.sessionId,
            r.pool,
            RegistrationStatus.WAITLISTED,
            r.waitlistSeq)
        .map(Long::intValue);
  }

  /**
   * The earliest waitlisted entry of a pool that fits in {@code freeSeats}, locked for this
   * transaction; entries that another promoter holds are skipped.
   */
  Uni<Long> nextFitting(long sessionId, String pool, int freeSeats) {
    return getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "select id from registration where session_id = :s and pool = :p"
                            + " and status = 'WAITLISTED' and seats <= :free"
                            + " order by waitlist_seq limit 1 for update skip locked",
                        Long.class)
                    .setParameter("s", sessionId)
                    .setParameter("p", pool)
                    .setParameter("free", freeSeats)
                    .getResultList())
        .map(ids -> ids.isEmpty() ? null : ids.get(0));
  }

  /** Sign-ups of a member for events of a kind since a time (for "at most N per period"). */
  Uni<Long> countRecentOfKind(long memberId, String kind, OffsetDateTime since) {
    return getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "select count(*) from registration r join session s on s.id = r.session_id"
                            + " join event e on e.id = s.event_id where r.member_id = :m"
                            + " and e.kind = :k and r.created_at >= :since"
                            + " and r.status not in ('CANCELLED', 'REJECTED')",
                        Long.class)
                    .setParameter("m", memberId)
                    .setParameter("k", kind)
                    .setParameter("since", since)
                    .getSingleResult());
  }

  /** Whether a member ever held a seat at an event of this kind (first-timers weigh more). */
  Uni<Boolean> attendedKindBefore(long memberId, String kind) {
    return getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "select exists (select 1 from registration r"
                            + " join session s on s.id = r.session_id"
                            + " join event e on e.id = s.event_id where r.member_id = :m"
                            + " and e.kind = :k and r.status = 'CONFIRMED')",
                        Boolean.class)
                    .setParameter("m", memberId)
                    .setParameter("k", kind)
                    .getSingleResult());
  }

  /** Active registrations of an event (all sessions, or the given ones). */
  Uni<List<Registration>> activeOfEvent(long eventId, Collection<Long> sessionIds) {
    String hql =
        "from Registration r where r.status in :active and r.sessionId in"
            + " (select s.id from EventSession s where s.eventId = :event"
            + (sessionIds == null ? ")" : " and s.id in :sessions)");
    return getSession()
        .chain(
            s -> {
              var q =
                  s.createSelectionQuery(hql, Registration.class)
                      .setParameter("active", ACTIVE)
                      .setParameter("event", eventId);
              if (sessionIds != null) {
                q.setParameter("sessions", sessionIds);
              }
              return q.getResultList();
            });
  }

  Uni<Void> linkDependants(long registrationId, Collection<Long> dependantIds) {
    if (dependantIds.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "insert into registration_dependant (registration_id, dependant_id)"
                            + " select :r, unnest(cast(:d as bigint[]))")
                    .setParameter("r", registrationId)
                    .setParameter("d", dependantIds.toArray(new Long[0]))
                    .executeUpdate())
        .replaceWithVoid();
  }

  Uni<List<Long>> dependantsOf(long registrationId) {
    return getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "select dependant_id from registration_dependant"
                            + " where registration_id = :r order by 1",
                        Long.class)
                    .setParameter("r", registrationId)
                    .getResultList());
  }

  Uni<Void> recordChange(
      long registrationId,
      RegistrationStatus from,
      RegistrationStatus to,
      String actor,
      String reason) {
    return getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "insert into registration_status_change (registration_id, from_status,"
                            + " to_status, actor, reason) values (:r, :from, :to, :actor, :reason)")
                    .setParameter("r", registrationId)
                    .setParameter("from", from == null ? null : from.name())
                    .setParameter("to", to.name())
                    .setParameter("actor", actor)
                    .setParameter("reason", reason)
                    .executeUpdate())
        .replaceWithVoid();
  }

  /** A registration's move from one status to another (from is null for the first). */
  record StatusChange(
      RegistrationStatus from,
      RegistrationStatus to,
      String actor,
      String reason,
      OffsetDateTime at) {}

  /** The status changes of a registration, oldest first. */
  Uni<List<StatusChange>> history(long registrationId) {
    return Sql.records(
        "select from_status, to_status, actor, reason, at from registration_status_change"
            + " where registration_id = :r order by at, id",
        r ->
            new StatusChange(
                r[0] == null ? null : RegistrationStatus.valueOf((String) r[0]),
                RegistrationStatus.valueOf((String) r[1]),
                (String) r[2],
                (String) r[3],
                Times.timestamp(r[4])),
        "r",
        registrationId);
  }

  /** A session's seat pool. */
  record SessionPool(long sessionId, String pool) {}

  /** Sessions that have free seats while entries wait: repaired by the promoter. */
  Uni<List<SessionPool>> sessionsWithFreeSeatsAndWaitlist() {
    return Sql.records(
        "select distinct r.session_id, r.pool from registration r"
            + " join session se on se.id = r.session_id"
            + " where r.status = 'WAITLISTED' and se.cancelled_at is null"
            + " and se.starts_at > now() and exists (select 1 from seat"
            + " where seat.session_id = r.session_id and seat.pool = r.pool"
            + " and seat.registration_id is null) limit 100",
        r -> new SessionPool(SqlValues.number(r[0]), (String) r[1]));
  }

  /** A member's active registrations for sessions that have not ended, locked for cancelling. */
  Uni<List<Long>> activeUpcomingOf(long memberId) {
    return getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "select r.id from registration r join session s on s.id = r.session_id"
                            + " where r.member_id = :m"
                            + " and r.status not in ('CANCELLED', 'REJECTED')"
                            + " and s.ends_at > now() order by r.id for update of r",
                        Long.class)
                    .setParameter("m", memberId)
                    .getResultList());
  }

  /**
   * Confirmed seats of sessions that ask for reconfirmation, not reconfirmed by the deadline (24 h
   * before), of members who were asked (the reminders' request, recorded in reminder_sent with
   * offset -2880) and so could answer; locked. Seats confirmed inside the window count as
   * reconfirmed (RegistrationService.confirmed).
   */
  Uni<List<Long>> unreconfirmed(int limit) {
    return getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "select r.id from registration r join session s on s.id = r.session_id"
                            + " where s.reconfirm and r.status = 'CONFIRMED'"
                            + " and r.reconfirmed_at is null"
                            + " and r.created_at < s.starts_at - interval '48 hours'"
                            + " and now() >= s.starts_at - interval '24 hours'"
                            + " and exists (select 1 from reminder_sent x"
                            + " where x.registration_id = r.id and x.offset_minutes = -2880)"
                            + " and s.starts_at > now() and s.cancelled_at is null"
                            + " order by s.starts_at limit :n for update of r skip locked",
                        Long.class)
                    .setParameter("n", limit)
                    .getResultList());
  }

  /** Offers whose confirmation window has passed, locked for this transaction. */
  Uni<List<Long>> expiredOffers(int limit) {
    return getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "select id from registration where status = 'OFFERED'"
                            + " and offer_expires_at < now() order by offer_expires_at"
                            + " limit :n for update skip locked",
                        Long.class)
                    .setParameter("n", limit)
                    .getResultList());
  }

  // ---------------------------------------------------------------- calendars (MemberSessions)

  /** Selects a session with its event; the where clause follows. */
  private static final String CALENDAR_SELECT =
      "select s.id, e.id, e.title, e.description, e.venueAddress, s.startsAt, s.endsAt,"
          + " s.cancelledAt, s.version, e.updatedAt from EventSession s, Event e"
          + " where e.id = s.eventId";

  /** A calendar session from a row of {@link #CALENDAR_SELECT}, without the member's standing. */
  private static MemberSessions.CalendarSession calendarSession(Object[] r) {
    OffsetDateTime cancelledAt = (OffsetDateTime) r[7];
    OffsetDateTime eventUpdated = (OffsetDateTime) r[9];
    return new MemberSessions.CalendarSession(
        (Long) r[0],
        (Long) r[1],
        (String) r[2],
        (String) r[3],
        (String) r[4],
        (OffsetDateTime) r[5],
        (OffsetDateTime) r[6],
        cancelledAt != null,
        (Integer) r[8],
        cancelledAt != null && cancelledAt.isAfter(eventUpdated) ? cancelledAt : eventUpdated,
        null);
  }

  /**
   * The registrations a member's calendar shows (MemberSessions.ofMember says which): seats held at
   * sessions not yet ended, and seats ended by a session's cancellation since {@code since}.
   */
  Uni<List<Long>> calendarRegistrationsOf(long memberId, OffsetDateTime now, OffsetDateTime since) {
    return Sql.list(
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
        Long.class,
        "m",
        memberId,
        "now",
        now,
        "since",
        since);
  }

  /** Every session of one event, cancelled ones included, in order of start. */
  Uni<List<MemberSessions.CalendarSession>> calendarSessionsOfEvent(long eventId) {
    return getSession()
        .chain(
            s ->
                s.createSelectionQuery(
                        CALENDAR_SELECT + " and e.id = :e order by s.startsAt, s.id",
                        Object[].class)
                    .setParameter("e", eventId)
                    .getResultList())
        .map(rows -> rows.stream().map(RegistrationRepository::calendarSession).toList());
  }

  /** These sessions, in order of start. */
  Uni<List<MemberSessions.CalendarSession>> calendarSessions(List<Long> sessionIds) {
    return getSession()
        .chain(
            s ->
                s.createSelectionQuery(
                        CALENDAR_SELECT + " and s.id in :ids order by s.startsAt, s.id",
                        Object[].class)
                    .setParameter("ids", sessionIds)
                    .getResultList())
        .map(rows -> rows.stream().map(RegistrationRepository::calendarSession).toList());
  }
}
