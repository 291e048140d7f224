package cn.futian.jufu.campaigns;

import cn.futian.jufu.notifications.Drainer;
import cn.futian.jufu.notifications.NotificationConfig;
import cn.futian.jufu.notifications.PushRouter;
import cn.futian.jufu.notifications.PushTargets;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Sends campaign batches. One round, on a worker thread:
 *
 * <ol>
 *   <li>for a throttled campaign, first wait for its throttle (Redis, shared by all instances) and
 *       take as many permits as the next batch has members, holding nothing while waiting;
 *   <li>claim one batch with {@code FOR UPDATE SKIP LOCKED} (a queued one, or one whose lease ran
 *       out because its worker died; of that campaign when permits were taken), lease it, and write
 *       the inbox rows of its members who opted in and are under the daily cap (at most one per
 *       member and campaign: the dedup key); commit;
 *   <li>wait for the FCM quota (one-second windows), then renew the lease: a worker whose batch was
 *       taken over meanwhile sends nothing;
 *   <li>send through the channels, outside any transaction;
 *   <li>record: counters, failures, gone tokens, {@code pushed_at} for every finished notification;
 *       the batch is done, or queued again after a backoff when some pushes must be retried.
 * </ol>
 *
 * Waiting for the throttle before the claim matters: a worker that claimed first and then waited a
 * minute for the throttle let its lease run out, another worker took the batch over and sent it,
 * and then the first sent it too (issue 17, 2). A member is pushed a campaign twice only when a
 * worker dies, or stalls past its lease, between renewing the lease and recording: at most the
 * members of the batches in flight at that moment (workers × batch size per instance).
 */
@ApplicationScoped
public class CampaignSender {

  private static final Logger LOG = Logger.getLogger(CampaignSender.class);

  private final CampaignBatchRepository batches;
  private final CampaignConfig config;
  private final NotificationConfig notifications;
  private final PushTargets targets;
  private final PushRouter router;
  private final PushQuota quota;
  private final String me = "worker-" + UUID.randomUUID().toString().substring(0, 8);

  CampaignSender(
      CampaignBatchRepository batches,
      CampaignConfig config,
      NotificationConfig notifications,
      PushTargets targets,
      PushRouter router,
      PushQuota quota) {
    this.batches = batches;
    this.config = config;
    this.notifications = notifications;
    this.targets = targets;
    this.router = router;
    this.quota = quota;
  }

  /** A claimed batch with what to send. */
  record Round(
      long batchId,
      long campaignId,
      int attempt,
      int members,
      Integer perMinute,
      List<PushRouter.Outgoing> outgoing,
      int skipped) {}

  /** The next batch of a throttled campaign: its campaign, throttle and size. */
  record Throttled(long campaignId, int perMinute, int members) {}

  /** One round; returns 0 when no batch was waiting. */
  public int sendOnce() {
    Round round = Drainer.await(() -> claim(null));
    if (round == null) {
      Throttled next = Drainer.await(this::nextThrottled);
      if (next == null) {
        return 0;
      }
      // The throttle first, holding no lease: then the batch of this campaign that is next now.
      quota.acquire(
          "campaign-" + next.campaignId(),
          Math.min(next.members(), next.perMinute()),
          next.perMinute(),
          Duration.ofMinutes(1));
      round = Drainer.await(() -> claim(next.campaignId()));
      if (round == null) {
        return 1; // another worker sent the rest meanwhile; these permits go unused
      }
    }
    int pushes = round.outgoing().stream().mapToInt(o -> o.to().size()).sum();
    long perSecond = Math.max(1, config.fcmQuotaPerMinute() / 60);
    for (int left = pushes; left > 0; left -= (int) Math.min(left, perSecond)) {
      quota.acquire("fcm", (int) Math.min(left, perSecond), perSecond, Duration.ofSeconds(1));
    }
    Round claimed = round;
    if (!Drainer.await(() -> renewLease(claimed))) {
      LOG.warnf(
          "campaign %d: batch %d was taken over while waiting for the FCM quota; not sent here",
          claimed.campaignId(), claimed.batchId());
      return 1;
    }
    List<PushTargets.Attempt> attempts = router.send(round.outgoing());
    Drainer.await(() -> record(claimed, attempts));
    return 1;
  }

  /**
   * Claims the next batch: of a campaign without a throttle when {@code campaignId} is null, else
   * of that campaign.
   */
  @WithTransaction
  Uni<Round> claim(Long campaignId) {
    return batches
        .lockNext(campaignId)
        .chain(b -> b == null ? Uni.createFrom().nullItem() : prepare(b));
  }

  @WithSession
  Uni<Throttled> nextThrottled() {
    return batches.nextThrottled();
  }

  /** Extends the lease of a claimed batch; false when another worker has taken it over. */
  @WithTransaction
  Uni<Boolean> renewLease(Round round) {
    return batches
        .renewLease(round.batchId(), round.attempt(), me, config.lease().toSeconds())
        .map(updated -> updated == 1);
  }

  /** Leases the locked batch, writes its members' inbox rows, and prepares their pushes. */
  private Uni<Round> prepare(CampaignBatchRepository.Batch b) {
    String key = "c:" + b.campaignId();
    OffsetDateTime dayStart =
        LocalDate.now(notifications.zone()).atStartOfDay(notifications.zone()).toOffsetDateTime();
    return batches
        .lease(b, me, config.lease().toSeconds())
        .chain(
            () ->
                batches.writeInbox(
                    b.campaignId(), b.members(), key, dayStart, config.dailyCapPerMember()))
        .chain(() -> batches.reached(b.members(), key))
        .chain(
            reached ->
                batches
                    .pending(b.members(), key)
                    .chain(pending -> round(b, b.members().length - reached.intValue(), pending)));
  }

  private Uni<Round> round(
      CampaignBatchRepository.Batch b, int skipped, List<CampaignBatchRepository.Pending> pending) {
    Map<Long, Long> memberOf = new HashMap<>();
    Map<Long, String> templateOf = new HashMap<>();
    Map<Long, Boolean> english = new HashMap<>();
    for (CampaignBatchRepository.Pending p : pending) {
      memberOf.put(p.notificationId(), p.memberId());
      templateOf.put(p.notificationId(), "CAMPAIGN");
      english.put(p.notificationId(), "en".equals(p.language()) && b.titleEn() != null);
    }
    return targets
        .resolve(memberOf, templateOf)
        .map(
            to -> {
              List<PushRouter.Outgoing> outgoing = new ArrayList<>();
              for (Map.Entry<Long, Long> e : memberOf.entrySet()) {
                long n = e.getKey();
                boolean en = english.get(n);
                outgoing.add(
                    new PushRouter.Outgoing(
                        n,
                        CampaignPayload.message(
                            b.campaignId(),
                            n,
                            en ? b.titleEn() : b.titleZh(),
                            en ? b.bodyEn() : b.bodyZh(),
                            b.link()),
                        to.getOrDefault(n, List.of())));
              }
              return new Round(
                  b.id(),
                  b.campaignId(),
                  b.attempt(),
                  b.members().length,
                  b.perMinute(),
                  outgoing,
                  skipped);
            });
  }

  @WithTransaction
  Uni<Void> record(Round round, List<PushTargets.Attempt> attempts) {
    Map<Long, List<PushTargets.Attempt>> byNotification = new HashMap<>();
    for (PushTargets.Attempt a : attempts) {
      byNotification.computeIfAbsent(a.notificationId(), k -> new ArrayList<>()).add(a);
    }
    boolean lastTry = round.attempt() >= config.maxAttempts();
    int sent = 0;
    int failed = 0;
    int pruned = 0;
    int inboxOnly = 0;
    Duration retryAfter = null;
    List<Long> finished = new ArrayList<>();
    for (PushRouter.Outgoing o : round.outgoing()) {
      List<PushTargets.Attempt> tries = byNotification.getOrDefault(o.notificationId(), List.of());
      if (tries.isEmpty()) {
        inboxOnly++;
        finished.add(o.notificationId());
        continue;
      }
      boolean retry = false;
      for (PushTargets.Attempt a : tries) {
        switch (a.outcome().result()) {
          case SENT -> sent++;
          case TARGET_GONE -> pruned++;
          case RETRY -> {
            retry = true;
            Duration wait =
                a.outcome().retryAfter() == null ? Duration.ZERO : a.outcome().retryAfter();
            retryAfter = retryAfter == null || wait.compareTo(retryAfter) > 0 ? wait : retryAfter;
          }
          default -> failed++;
        }
      }
      if (!retry || lastTry) {
        finished.add(o.notificationId());
        if (retry) {
          failed++;
        }
      }
    }
    boolean done = finished.size() == round.outgoing().size();
    Duration backoff = Duration.ofSeconds(30L << Math.min(round.attempt() - 1, 5));
    Duration wait = retryAfter != null && retryAfter.compareTo(backoff) > 0 ? retryAfter : backoff;
    final int s1 = sent;
    final int f1 = failed;
    final int p1 = pruned;
    final int i1 = inboxOnly;
    return batches
        .release(
            round.batchId(),
            round.attempt(),
            me,
            done,
            OffsetDateTime.now().plus(done ? Duration.ZERO : wait))
        .chain(
            owned -> {
              if (owned == 0) {
                // Our lease ran out and another worker took the batch over: it will push what we
                // did not record (the duplicate bound in the class doc).
                LOG.warnf("campaign batch %d: lease lost", round.batchId());
                return Uni.createFrom().voidItem();
              }
              return targets
                  .recordAttempts(attempts, round.campaignId())
                  .chain(() -> batches.markPushed(finished))
                  .chain(
                      () ->
                          batches.count(
                              round.campaignId(), s1, f1, p1, i1, done ? round.skipped() : 0))
                  .chain(() -> batches.completeIfDone(round.campaignId()))
                  .replaceWithVoid();
            });
  }
}
