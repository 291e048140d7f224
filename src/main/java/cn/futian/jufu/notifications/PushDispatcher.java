package cn.futian.jufu.notifications;

import cn.futian.jufu.push.PushMessage;
import cn.futian.jufu.push.PushOutcome;
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

  private final NotificationConfig config;
  private final PushTargets targets;
  private final PushRouter router;
  private final DispatchRepository dispatches;

  PushDispatcher(
      NotificationConfig config,
      PushTargets targets,
      PushRouter router,
      DispatchRepository dispatches) {
    this.config = config;
    this.targets = targets;
    this.router = router;
    this.dispatches = dispatches;
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
    return dispatches
        .claim(config.dispatchBatch(), config.lease())
        .chain(
            due -> {
              if (due.isEmpty()) {
                return Uni.createFrom().item(List.<Claimed>of());
              }
              Map<Long, Integer> attempts = new HashMap<>();
              due.forEach(d -> attempts.put(d.notificationId(), d.attempts()));
              return dispatches
                  .details(attempts.keySet())
                  .chain(details -> withTargets(details, attempts));
            });
  }

  private Uni<List<Claimed>> withTargets(
      List<DispatchRepository.Details> details, Map<Long, Integer> attempts) {
    Map<Long, Long> memberOf = new HashMap<>();
    Map<Long, String> categoryOf = new HashMap<>();
    for (DispatchRepository.Details d : details) {
      memberOf.put(d.id(), d.memberId());
      categoryOf.put(d.id(), d.category());
    }
    return targets
        .resolve(memberOf, categoryOf)
        .map(
            byNotification -> {
              List<Claimed> out = new ArrayList<>();
              for (DispatchRepository.Details d : details) {
                out.add(
                    new Claimed(
                        d.id(),
                        attempts.get(d.id()),
                        message(d),
                        byNotification.getOrDefault(d.id(), List.of())));
              }
              return out;
            });
  }

  /** The push of a notification, in English when she chose it and the text exists. */
  private static PushMessage message(DispatchRepository.Details d) {
    boolean en = "en".equals(d.language()) && d.titleEn() != null;
    return new PushMessage(
        null,
        d.category(),
        en ? d.titleEn() : d.titleZh(),
        en ? d.bodyEn() : d.bodyZh(),
        d.link(),
        null,
        "n" + d.id(),
        Map.of("notificationId", Long.toString(d.id()), "type", d.type()),
        d.urgent(),
        Duration.ofDays(1));
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
    List<DispatchRepository.Retry> again = new ArrayList<>();
    for (Claimed c : claimed) {
      Duration wait = retryAfter.get(c.notificationId());
      if (wait == null || c.attempts() >= config.maxAttempts()) {
        done.add(c.notificationId());
      } else {
        Duration backoff = backoff(c.attempts());
        again.add(
            new DispatchRepository.Retry(
                c.notificationId(),
                now.plus(wait.compareTo(backoff) > 0 ? wait : backoff),
                lastError.get(c.notificationId())));
      }
    }
    return targets
        .recordAttempts(attempts, null)
        .chain(() -> dispatches.finish(done))
        .chain(() -> dispatches.retryLater(again));
  }

  /** 30 s, 2 min, 8 min, 32 min, then hourly. */
  static Duration backoff(int attempts) {
    long seconds = 30L << (2 * Math.max(0, Math.min(attempts - 1, 4)));
    return Duration.ofSeconds(Math.min(seconds, 3600));
  }
}
