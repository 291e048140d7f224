package cn.futian.jufu.campaigns;

import cn.futian.jufu.common.api.SqlValues;
import cn.futian.jufu.notifications.Drainer;
import cn.futian.jufu.notifications.NotificationConfig;
import cn.futian.jufu.notifications.PushRouter;
import cn.futian.jufu.notifications.PushTargets;
import io.quarkus.hibernate.reactive.panache.Panache;
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
import org.hibernate.reactive.mutiny.Mutiny;
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

  private static final String CLAIMABLE =
      """
      from campaign_batch b join campaign c on c.id = b.campaign_id
      where c.status = 'RUNNING' and b.status <> 'DONE' and b.not_before <= now()
        and (b.status = 'QUEUED' or b.lease_until < now())
      """;

  /** The next batch of a campaign without a throttle, locked. */
  private static final String CLAIM_UNTHROTTLED =
      """
      select b.id, b.campaign_id, array_to_string(b.member_ids, ','), b.attempts + 1, c.per_minute,
             c.title_zh, c.body_zh, c.title_en, c.body_en, c.link
      """
          + CLAIMABLE
          + """
            and c.per_minute is null
          order by b.campaign_id, b.seq
          limit 1
          for update of b skip locked
          """;

  /** The next batch of one campaign, locked (its throttle's permits are already taken). */
  private static final String CLAIM_OF_CAMPAIGN =
      """
      select b.id, b.campaign_id, array_to_string(b.member_ids, ','), b.attempts + 1, c.per_minute,
             c.title_zh, c.body_zh, c.title_en, c.body_en, c.link
      """
          + CLAIMABLE
          + """
            and b.campaign_id = :c
          order by b.seq
          limit 1
          for update of b skip locked
          """;

  /** The next batch of a throttled campaign, not locked: what to take permits for. */
  private static final String NEXT_THROTTLED =
      """
      select b.campaign_id, c.per_minute, cardinality(b.member_ids)
      """
          + CLAIMABLE
          + """
            and c.per_minute is not null
          order by b.campaign_id, b.seq
          limit 1
          """;

  private static final String INBOX =
      """
      insert into notification (member_id, category, type, dedup_key, campaign_id)
      select x.m, 'CAMPAIGN', 'CAMPAIGN', :key, :c
      from unnest(cast(:m as bigint[])) as x(m)
      join notification_preference p on p.member_id = x.m and p.campaigns_opted_in_at is not null
      where (select count(*) from notification n where n.member_id = x.m
             and n.category = 'CAMPAIGN' and n.created_at >= :day) < :cap
      on conflict (member_id, dedup_key) do nothing
      """;

  private static final String PENDING =
      """
      select n.id, n.member_id, coalesce(p.language, 'zh-CN')
      from notification n left join notification_preference p on p.member_id = n.member_id
      where n.member_id = any(cast(:m as bigint[])) and n.dedup_key = :key and n.pushed_at is null
      """;

  private final CampaignConfig config;
  private final NotificationConfig notifications;
  private final PushTargets targets;
  private final PushRouter router;
  private final PushQuota quota;
  private final String me = "worker-" + UUID.randomUUID().toString().substring(0, 8);

  CampaignSender(
      CampaignConfig config,
      NotificationConfig notifications,
      PushTargets targets,
      PushRouter router,
      PushQuota quota) {
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
    return Panache.getSession()
        .chain(
            s -> {
              var query =
                  campaignId == null
                      ? s.createNativeQuery(CLAIM_UNTHROTTLED, Object[].class)
                      : s.createNativeQuery(CLAIM_OF_CAMPAIGN, Object[].class)
                          .setParameter("c", campaignId);
              return query
                  .getResultList()
                  .chain(
                      rows -> rows.isEmpty() ? Uni.createFrom().nullItem() : claim(s, rows.get(0)));
            });
  }

  @WithSession
  Uni<Throttled> nextThrottled() {
    return Panache.getSession()
        .chain(s -> s.createNativeQuery(NEXT_THROTTLED, Object[].class).getResultList())
        .map(
            rows ->
                rows.isEmpty()
                    ? null
                    : new Throttled(
                        SqlValues.number(rows.get(0)[0]),
                        ((Number) rows.get(0)[1]).intValue(),
                        ((Number) rows.get(0)[2]).intValue()));
  }

  /** Extends the lease of a claimed batch; false when another worker has taken it over. */
  @WithTransaction
  Uni<Boolean> renewLease(Round round) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "update campaign_batch set lease_until = now() + make_interval(secs =>"
                            + " :lease) where id = :id and claimed_by = :me and attempts = :a"
                            + " and status = 'CLAIMED'")
                    .setParameter("lease", (double) config.lease().toSeconds())
                    .setParameter("id", round.batchId())
                    .setParameter("me", me)
                    .setParameter("a", round.attempt())
                    .executeUpdate())
        .map(updated -> updated == 1);
  }

  private Uni<Round> claim(Mutiny.Session s, Object[] b) {
    long batchId = SqlValues.number(b[0]);
    long campaignId = SqlValues.number(b[1]);
    Long[] members = CampaignRows.ids((String) b[2]);
    int attempt = ((Number) b[3]).intValue();
    Integer perMinute = b[4] == null ? null : ((Number) b[4]).intValue();
    String key = "c:" + campaignId;
    OffsetDateTime dayStart =
        LocalDate.now(notifications.zone()).atStartOfDay(notifications.zone()).toOffsetDateTime();
    return s.createNativeQuery(
            "update campaign_batch set status = 'CLAIMED', attempts = :a, claimed_by = :me,"
                + " lease_until = now() + make_interval(secs => :lease) where id = :id")
        .setParameter("a", attempt)
        .setParameter("me", me)
        .setParameter("lease", (double) config.lease().toSeconds())
        .setParameter("id", batchId)
        .executeUpdate()
        .chain(
            () ->
                s.createNativeQuery(INBOX)
                    .setParameter("key", key)
                    .setParameter("c", campaignId)
                    .setParameter("m", members)
                    .setParameter("day", dayStart)
                    .setParameter("cap", (long) config.dailyCapPerMember())
                    .executeUpdate())
        .chain(
            () ->
                s.createNativeQuery(
                        "select count(*) from notification where member_id = any(cast(:m as"
                            + " bigint[])) and dedup_key = :key",
                        Long.class)
                    .setParameter("m", members)
                    .setParameter("key", key)
                    .getSingleResult())
        .chain(
            reached ->
                s.createNativeQuery(PENDING, Object[].class)
                    .setParameter("m", members)
                    .setParameter("key", key)
                    .getResultList()
                    .map(pending -> new Object[] {reached, pending}))
        .chain(
            found -> {
              int skipped = members.length - ((Long) found[0]).intValue();
              @SuppressWarnings("unchecked")
              List<Object[]> pending = (List<Object[]>) found[1];
              Map<Long, Long> memberOf = new HashMap<>();
              Map<Long, String> templateOf = new HashMap<>();
              Map<Long, Boolean> english = new HashMap<>();
              for (Object[] p : pending) {
                long n = SqlValues.number(p[0]);
                memberOf.put(n, SqlValues.number(p[1]));
                templateOf.put(n, "CAMPAIGN");
                english.put(n, "en".equals(p[2]) && b[7] != null);
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
                                      campaignId,
                                      n,
                                      (String) (en ? b[7] : b[5]),
                                      (String) (en ? b[8] : b[6]),
                                      (String) b[9]),
                                  to.getOrDefault(n, List.of())));
                        }
                        return new Round(
                            batchId,
                            campaignId,
                            attempt,
                            members.length,
                            perMinute,
                            outgoing,
                            skipped);
                      });
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
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "update campaign_batch set status = :st, lease_until = null, not_before ="
                            + " :nb, done_at = case when :st = 'DONE' then now() end where id ="
                            + " :id and claimed_by = :me and attempts = :a and status = 'CLAIMED'")
                    .setParameter("st", done ? "DONE" : "QUEUED")
                    .setParameter("nb", OffsetDateTime.now().plus(done ? Duration.ZERO : wait))
                    .setParameter("id", round.batchId())
                    .setParameter("me", me)
                    .setParameter("a", round.attempt())
                    .executeUpdate()
                    .chain(
                        owned -> {
                          if (owned == 0) {
                            // Our lease ran out and another worker took the batch over: it will
                            // push what we did not record (the duplicate bound in the class doc).
                            LOG.warnf("campaign batch %d: lease lost", round.batchId());
                            return Uni.createFrom().voidItem();
                          }
                          return targets
                              .recordAttempts(attempts, round.campaignId())
                              .chain(
                                  () ->
                                      s.createNativeQuery(
                                              "update notification set pushed_at = now() where id"
                                                  + " = any(cast(:ids as bigint[]))")
                                          .setParameter("ids", finished.toArray(new Long[0]))
                                          .executeUpdate())
                              .chain(
                                  () ->
                                      s.createNativeQuery(
                                              "update campaign set sent = sent + :s, failed ="
                                                  + " failed + :f, pruned = pruned + :p,"
                                                  + " inbox_only = inbox_only + :i, skipped ="
                                                  + " skipped + :k, updated_at = now() where id ="
                                                  + " :c")
                                          .setParameter("s", s1)
                                          .setParameter("f", f1)
                                          .setParameter("p", p1)
                                          .setParameter("i", i1)
                                          .setParameter("k", done ? round.skipped() : 0)
                                          .setParameter("c", round.campaignId())
                                          .executeUpdate())
                              .chain(
                                  () ->
                                      s.createNativeQuery(
                                              "update campaign set status = 'COMPLETED',"
                                                  + " finished_at = now() where id = :c and status"
                                                  + " = 'RUNNING' and not exists (select 1 from"
                                                  + " campaign_batch where campaign_id = :c and"
                                                  + " status <> 'DONE')")
                                          .setParameter("c", round.campaignId())
                                          .executeUpdate())
                              .replaceWithVoid();
                        }));
  }
}
