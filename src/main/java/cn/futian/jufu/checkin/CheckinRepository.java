package cn.futian.jufu.checkin;

import cn.futian.jufu.checkin.CheckinDtos.AttendanceView;
import cn.futian.jufu.common.db.Sql;
import cn.futian.jufu.common.time.Times;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The tables {@code attendance} (who came), {@code venue_code} and {@code checkin_key}. Caller's
 * session.
 */
@ApplicationScoped
class CheckinRepository {

  /** One check-in to record. */
  record Arrival(
      long registrationId,
      long sessionId,
      long memberId,
      int persons,
      String method,
      String by,
      OffsetDateTime at) {}

  /**
   * Records the arrival unless the registration checked in before; returns when the registration
   * checked in (now, or the first time) and whether this call recorded it.
   */
  Uni<Recorded> record(Arrival a) {
    return Sql.update(
            "insert into attendance (registration_id, session_id, member_id, persons, method,"
                + " checked_in_by, checked_in_at) values (:r, :s, :m, :p, :method, :by, :at)"
                + " on conflict (registration_id) do nothing",
            "r",
            a.registrationId(),
            "s",
            a.sessionId(),
            "m",
            a.memberId(),
            "p",
            a.persons(),
            "method",
            a.method(),
            "by",
            a.by(),
            "at",
            a.at())
        .chain(
            inserted ->
                inserted == 1
                    ? Uni.createFrom().item(new Recorded(true, a.at()))
                    : Sql.first(
                            "select checked_in_at from attendance where registration_id = :r",
                            Object.class,
                            "r",
                            a.registrationId())
                        .map(first -> new Recorded(false, Times.timestamp(first))));
  }

  /** Whether this call recorded the check-in, and when the registration checked in. */
  record Recorded(boolean now, OffsetDateTime at) {}

  Uni<Integer> insertVenueCode(
      long sessionId, String code, OffsetDateTime from, OffsetDateTime to, String by) {
    return Sql.update(
        "insert into venue_code (session_id, code, valid_from, valid_to, created_by)"
            + " values (:s, :c, :f, :t, :by)",
        "s",
        sessionId,
        "c",
        code,
        "f",
        from,
        "t",
        to,
        "by",
        by);
  }

  /** The session a venue code opens now, or null. */
  Uni<Long> sessionOfValidCode(String code) {
    return Sql.first(
        "select session_id from venue_code where code = :c"
            + " and valid_from <= now() and valid_to >= now()",
        Long.class,
        "c",
        code);
  }

  /** Who came to the session, in the order they arrived. */
  Uni<List<AttendanceView>> attendance(long sessionId) {
    return Sql.records(
        "select registration_id, member_id, persons, method, checked_in_by, checked_in_at"
            + " from attendance where session_id = :s order by checked_in_at, id",
        r ->
            new AttendanceView(
                ((Number) r[0]).longValue(),
                ((Number) r[1]).longValue(),
                ((Number) r[2]).intValue(),
                (String) r[3],
                (String) r[4],
                Times.timestamp(r[5])),
        "s",
        sessionId);
  }

  /** A stored signing key; the private half as stored (encrypted). */
  record StoredKey(
      String kid, String publicJwk, String privateJwkSealed, OffsetDateTime createdAt) {}

  /** The keys not retired, newest first. */
  Uni<List<StoredKey>> activeKeys() {
    return Sql.records(
        "select kid, public_key, private_key, created_at from checkin_key"
            + " where retired_at is null order by created_at desc, kid desc",
        r -> new StoredKey((String) r[0], (String) r[1], (String) r[2], Times.timestamp(r[3])));
  }

  Uni<Integer> insertKey(String kid, String publicJwk, String privateJwkSealed) {
    return Sql.update(
        "insert into checkin_key (kid, public_key, private_key) values (:kid, :pub, :priv)",
        "kid",
        kid,
        "pub",
        publicJwk,
        "priv",
        privateJwkSealed);
  }

  /** Retires a key; false when no key of that kid was in use. */
  Uni<Boolean> retireKey(String kid) {
    return Sql.update(
            "update checkin_key set retired_at = now() where kid = :kid and retired_at is null",
            "kid",
            kid)
        .map(n -> n == 1);
  }
}
