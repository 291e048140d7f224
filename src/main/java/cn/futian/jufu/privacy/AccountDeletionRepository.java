package cn.futian.jufu.privacy;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/**
 * Table {@code account_deletion}: deleted accounts whose Keycloak login is still to be disabled.
 * Every method runs in the caller's transaction.
 */
@ApplicationScoped
class AccountDeletionRepository {

  /**
   * Records that the login of {@code subject} is to be disabled; the job first looks at it after
   * {@code firstRetry} (the request tries at once). Recording it twice keeps the first request.
   */
  Uni<Void> record(String subject, Duration firstRetry) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "insert into account_deletion (subject, next_attempt_at)"
                            + " values (:s, now() + make_interval(secs => :d))"
                            + " on conflict (subject) do nothing")
                    .setParameter("s", subject)
                    .setParameter("d", (double) firstRetry.toSeconds())
                    .executeUpdate())
        .replaceWithVoid();
  }

  /**
   * Claims up to {@code limit} due deletions for one attempt each: their next attempt moves {@code
   * backoff} × attempts ahead (at most 60 ×), so another instance leaves them alone meanwhile and a
   * long outage is not hammered.
   */
  Uni<List<String>> claimDue(int limit, Duration backoff) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "update account_deletion set attempts = attempts + 1,"
                            + " next_attempt_at = now() + make_interval(secs => :b)"
                            + " * least(attempts + 1, 60)"
                            + " where subject in (select subject from account_deletion"
                            + " where next_attempt_at <= now() order by next_attempt_at"
                            + " limit :n for update skip locked) returning subject",
                        String.class)
                    .setParameter("b", (double) Math.max(1, backoff.toSeconds()))
                    .setParameter("n", limit)
                    .getResultList());
  }

  /** The login is disabled: nothing is left to do for this account. */
  Uni<Void> done(String subject) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery("delete from account_deletion where subject = :s")
                    .setParameter("s", subject)
                    .executeUpdate())
        .replaceWithVoid();
  }

  /** An attempt failed; what failed is kept for the operator (no personal data in it). */
  Uni<Void> failed(String subject, String error) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "update account_deletion set last_error = left(:e, 200) where subject = :s")
                    .setParameter("s", subject)
                    .setParameter("e", error)
                    .executeUpdate())
        .replaceWithVoid();
  }
}
