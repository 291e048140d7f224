package cn.futian.jufu.notifications;

import cn.futian.jufu.common.api.SqlValues;
import cn.futian.jufu.push.PushMessage;
import cn.futian.jufu.push.PushOutcome;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Sends the pushes of transactional notifications. One round: claim due pushes in a short
 * transaction (leased, so a dead worker's claim comes back), commit, send through the channels on
 * this worker thread, then record every attempt and decide per notification: done, or retried later
 * with backoff (honouring Retry-After). A target that already got a notification is skipped on a
 * retry; the collapse key {@code n<id>} makes a repeat replace rather than add on the phone.
 */
@ApplicationScoped
public class PushDispatcher {

  private static final Logger LOG = Logger.getLogger(PushDispatcher.class);

  private static final String CLAIM =
      """
      with due as (
        select notification_id from notification_dispatch
        where next_attempt_at <= now()
        order by next_attempt_at
        limit :n
        for update skip locked
      )
      update notification_dispatch d
      set next_attempt_at = now() + make_interval(secs => :lease), attempts = d.attempts + 1
      from due where d.notification_id = due.notification_id
      returning d.notification_id, d.attempts
      """;

  private static final String DETAILS =
      """
      select n.id, n.member_id, n.category, n.title_zh, n.body_zh, n.title_en, n.body_en, n.link,
             n.urgent, coalesce(p.language, 'zh-CN'), n.type
      from notification n
      left join notification_preference p on p.member_id = n.member_id
      where n.id = any(cast(:ids as bigint[]))
      """;

  private final NotificationConfig config;
  private final PushTargets targets;
  private final PushRouter router;

  PushDispatcher(NotificationConfig config, PushTargets targets, PushRouter router) {
    this.config = config;
    this.targets = targets;
    this.router = router;
  }

  /** One pending push: the notification and where it goes. */
  record Claimed(long notificationId, int attempts, PushMessage base, List<PushTargets.Target> to) {
    PushRouter.Outgoing outgoing() {
      return new PushRouter.Outgoing(notificationId, base, to);
    }
  }

  /** One round on the calling (worker) thread; returns how many notifications it handled. */
  public int dispatchOnce() {
    List<Claimed> claimed = Drainer.await(this::claim);
    if (claimed.isEmpty()) {
      return 0;
    }
    List<PushTargets.Attempt> attempts =
        router.send(claimed.stream().map(Claimed::outgoing).toList());
    Drainer.await(() -> record(claimed, attempts));
    return claimed.size();
  }

  @WithTransaction
  Uni<List<Claimed>> claim() {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(CLAIM, Object[].class)
                    .setParameter("n", config.dispatchBatch())
                    .setParameter("lease", (double) config.lease().toSeconds())
                    .getResultList()
                    .chain(
                        rows -> {
                          if (rows.isEmpty()) {
                            return Uni.createFrom().item(List.<Claimed>of());
                          }
                          Map<Long, Integer> attempts = new HashMap<>();
                          for (Object[] r : rows) {
                            attempts.put(SqlValues.number(r[0]), SqlValues.number(r[1]).intValue());
                          }
                          return s.createNativeQuery(DETAILS, Object[].class)
                              .setParameter("ids", attempts.keySet().toArray(new Long[0]))
                              .getResultList()
                              .chain(details -> withTargets(details, attempts));
                        }));
  }

  private Uni<List<Claimed>> withTargets(List<Object[]> details, Map<Long, Integer> attempts) {
    Map<Long, Long> memberOf = new HashMap<>();
    Map<Long, String> categoryOf = new HashMap<>();
    for (Object[] d : details) {
      memberOf.put(SqlValues.number(d[0]), SqlValues.number(d[1]));
      categoryOf.put(SqlValues.number(d[0]), (String) d[2]);
    }
    return targets
        .resolve(memberOf, categoryOf)
        .map(
            byNotification -> {
              List<Claimed> out = new ArrayList<>();
              for (Object[] d : details) {
                long id = SqlValues.number(d[0]);
                boolean en = "en".equals(d[9]) && d[5] != null;
                PushMessage base =
                    new PushMessage(
                        null,
                        (String) d[2],
                        (String) (en ? d[5] : d[3]),
                        (String) (en ? d[6] : d[4]),
                        (String) d[7],
                        null,
                        "n" + id,
                        Map.of("notificationId", Long.toString(id), "type", (String) d[10]),
                        (Boolean) d[8],
                        Duration.ofDays(1));
                out.add(
                    new Claimed(
                        id, attempts.get(id), base, byNotification.getOrDefault(id, List.of())));
              }
              return out;
            });
  }

  @WithTransaction
  Uni<Void> record(List<Claimed> claimed, List<PushTargets.Attempt> attempts) {
    Map<Long, Duration> retryAfter = new HashMap<>();
    Map<Long, String> lastError = new HashMap<>();
    for (PushTargets.Attempt a : attempts) {
      if (a.outcome().result() == PushOutcome.Result.RETRY) {
        Duration wait = a.outcome().retryAfter() == null ? Duration.ZERO : a.outcome().retryAfter();
        retryAfter.merge(a.notificationId(), wait, (x, y) -> x.compareTo(y) >= 0 ? x : y);
        lastError.put(a.notificationId(), a.outcome().errorCode());
      }
    }
    Instant now = Instant.now();
    List<Long> done = new ArrayList<>();
    List<Long> again = new ArrayList<>();
    List<Long> againAt = new ArrayList<>();
    List<String> againWhy = new ArrayList<>();
    for (Claimed c : claimed) {
      Duration wait = retryAfter.get(c.notificationId());
      if (wait == null || c.attempts() >= config.maxAttempts()) {
        done.add(c.notificationId());
      } else {
        Duration backoff = backoff(c.attempts());
        again.add(c.notificationId());
        againAt.add(now.plus(wait.compareTo(backoff) > 0 ? wait : backoff).toEpochMilli());
        againWhy.add(lastError.get(c.notificationId()));
      }
    }
    return targets
        .recordAttempts(attempts, null)
        .chain(
            () ->
                Panache.getSession()
                    .chain(
                        s ->
                            s.createNativeQuery(
                                    "delete from notification_dispatch where notification_id ="
                                        + " any(cast(:ids as bigint[]))")
                                .setParameter("ids", done.toArray(new Long[0]))
                                .executeUpdate()
                                .chain(
                                    () ->
                                        s.createNativeQuery(
                                                "update notification set pushed_at = now() where id"
                                                    + " = any(cast(:ids as bigint[]))")
                                            .setParameter("ids", done.toArray(new Long[0]))
                                            .executeUpdate())
                                .chain(
                                    () ->
                                        again.isEmpty()
                                            ? Uni.createFrom().item(0)
                                            : s.createNativeQuery(
                                                    "update notification_dispatch d set"
                                                        + " next_attempt_at = to_timestamp(x.at /"
                                                        + " 1000.0), last_error = x.why from"
                                                        + " unnest(cast(:ids as bigint[]), cast(:at"
                                                        + " as bigint[]), cast(:why as"
                                                        + " varchar[])) as x(id, at, why) where"
                                                        + " d.notification_id = x.id")
                                                .setParameter("ids", again.toArray(new Long[0]))
                                                .setParameter("at", againAt.toArray(new Long[0]))
                                                .setParameter(
                                                    "why", againWhy.toArray(new String[0]))
                                                .executeUpdate())))
        .replaceWithVoid();
  }

  /** 30 s, 2 min, 8 min, 32 min, then hourly. */
  static Duration backoff(int attempts) {
    long seconds = 30L << (2 * Math.max(0, Math.min(attempts - 1, 4)));
    return Duration.ofSeconds(Math.min(seconds, 3600));
  }
}
