package cn.futian.jufu.registrations;

import cn.futian.jufu.common.api.SqlValues;
import cn.futian.jufu.common.db.Sql;
import cn.futian.jufu.events.SessionRegistrations;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The capacity guard: one row per seat in table {@code seat}. A seat is taken when it points at a
 * registration. Claims lock only the free seats they take ({@code FOR UPDATE SKIP LOCKED}), so
 * concurrent sign-ups for one session neither wait on a single counter row nor take the same seat,
 * and PostgreSQL alone decides (docs/adr/0006-capacity-guard-seat-rows.md). Every method runs in
 * the caller's transaction.
 */
@ApplicationScoped
public class SeatLedger {

  /** Seat pools: ANY, or FEMALE/MALE for gender-balanced sessions. */
  public static final String ANY = SessionRegistrations.ANY_POOL;

  /** Seats of one pool of a session. */
  public record PoolSeats(long sessionId, String pool, int total, int free) {}

  /** Adds {@code count} free seats to a session's pool. */
  public Uni<Integer> add(long sessionId, String pool, int count) {
    if (count <= 0) {
      return Uni.createFrom().item(0);
    }
    return Sql.update(
        "insert into seat (session_id, pool) select :session, :pool from generate_series(1, :n)",
        "session",
        sessionId,
        "pool",
        pool,
        "n",
        count);
  }

  /**
   * Removes up to {@code count} free seats of a pool; returns how many were removed (fewer when not
   * enough are free: the caller decides whether that is an error).
   */
  public Uni<Integer> removeFree(long sessionId, String pool, int count) {
    if (count <= 0) {
      return Uni.createFrom().item(0);
    }
    return Sql.update(
        "delete from seat where id in (select id from seat where session_id = :session and pool ="
            + " :pool and registration_id is null order by id limit :n for update skip locked)",
        "session",
        sessionId,
        "pool",
        pool,
        "n",
        count);
  }

  /**
   * Claims {@code seats} free seats of a pool for a registration, all or none. Returns true when
   * the registration now holds them.
   */
  public Uni<Boolean> claim(long sessionId, String pool, long registrationId, int seats) {
    if (seats < 1 || seats > 10) {
      throw new IllegalArgumentException("An entry takes 1 to 10 seats: " + seats);
    }
    // The limit is a literal (1..10), not a parameter: with a parameter, a reused generic plan
    // guesses 10% of the table and scans it (scripts/bench/README.md).
    return Sql.update(
            "update seat set registration_id = :reg where id in (select id from seat"
                + " where session_id = :session and pool = :pool"
                + " and registration_id is null order by id limit "
                + seats
                + " for update skip locked)",
            "reg",
            registrationId,
            "session",
            sessionId,
            "pool",
            pool)
        .chain(
            claimed -> {
              if (claimed == seats) {
                return Uni.createFrom().item(true);
              }
              // Not enough for the whole entry: give back what was taken (all or nothing).
              return release(registrationId).replaceWith(false);
            });
  }

  /** Frees every seat a registration holds; returns how many. */
  public Uni<Integer> release(long registrationId) {
    return Sql.update(
        "update seat set registration_id = null where registration_id = :reg",
        "reg",
        registrationId);
  }

  /** Free seats of a pool right now (a committed-state count, for display and promotion). */
  public Uni<Integer> free(long sessionId, String pool) {
    return Sql.first(
            "select count(*) from seat where session_id = :session and pool = :pool"
                + " and registration_id is null",
            Long.class,
            "session",
            sessionId,
            "pool",
            pool)
        .map(Long::intValue);
  }

  /** Seats per pool for a set of sessions. */
  public Uni<List<PoolSeats>> counts(List<Long> sessionIds) {
    if (sessionIds.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return Sql.records(
        "select session_id, pool, count(*), count(*) filter (where registration_id is null)"
            + " from seat where session_id in (:ids) group by session_id, pool",
        r ->
            new PoolSeats(
                SqlValues.number(r[0]),
                (String) r[1],
                SqlValues.number(r[2]).intValue(),
                SqlValues.number(r[3]).intValue()),
        "ids",
        sessionIds);
  }
}
