package cn.futian.jufu.campaigns;

import cn.futian.jufu.common.api.SqlValues;
import cn.futian.jufu.common.db.Sql;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The fan-out's statements: claiming and leasing {@code campaign_batch} rows with {@code FOR UPDATE
 * SKIP LOCKED}, the members' inbox rows of a batch, and the campaign's counters. Runs in the
 * caller's transaction; {@link CampaignSender} holds the rules (leases, retries, backoff).
 */
@ApplicationScoped
class CampaignBatchRepository {

  private static final String CLAIMABLE =
      """
      from campaign_batch b join campaign c on c.id = b.campaign_id
      where c.status = 'RUNNING' and b.status <> 'DONE' and b.not_before <= now()
        and (b.status = 'QUEUED' or b.lease_until < now())
      """;

  private static final String BATCH_COLUMNS =
      """
      select b.id, b.campaign_id, array_to_string(b.member_ids, ','), b.attempts + 1, c.per_minute,
             c.title_zh, c.body_zh, c.title_en, c.body_en, c.link
      """;

  /** The next batch of a campaign without a throttle, locked. */
  private static final String CLAIM_UNTHROTTLED =
      BATCH_COLUMNS
          + CLAIMABLE
          + """
            and c.per_minute is null
          order by b.campaign_id, b.seq
          limit 1
          for update of b skip locked
          """;

  /** The next batch of one campaign, locked (its throttle's permits are already taken). */
  private static final String CLAIM_OF_CAMPAIGN =
      BATCH_COLUMNS
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

  /** A batch that may be claimed, with its campaign's texts; {@code attempt} is the next one. */
  record Batch(
      long id,
      long campaignId,
      Long[] members,
      int attempt,
      Integer perMinute,
      String titleZh,
      String bodyZh,
      String titleEn,
      String bodyEn,
      String link) {}

  /** A campaign notification not pushed yet, and the language its member reads. */
  record Pending(long notificationId, long memberId, String language) {}

  /**
   * The next claimable batch, locked: of a campaign without a throttle when {@code campaignId} is
   * null, else of that campaign; null when there is none.
   */
  Uni<Batch> lockNext(Long campaignId) {
    Uni<List<Object[]>> rows =
        campaignId == null
            ? Sql.rows(CLAIM_UNTHROTTLED)
            : Sql.rows(CLAIM_OF_CAMPAIGN, "c", campaignId);
    return rows.map(r -> r.isEmpty() ? null : batch(r.get(0)));
  }

  /** The next batch of a throttled campaign (not locked), or null. */
  Uni<CampaignSender.Throttled> nextThrottled() {
    return Sql.rows(NEXT_THROTTLED)
        .map(
            rows ->
                rows.isEmpty()
                    ? null
                    : new CampaignSender.Throttled(
                        SqlValues.number(rows.get(0)[0]),
                        ((Number) rows.get(0)[1]).intValue(),
                        ((Number) rows.get(0)[2]).intValue()));
  }

  /** Leases a locked batch to {@code worker} for its next attempt. */
  Uni<Integer> lease(Batch batch, String worker, long leaseSeconds) {
    return Sql.update(
        "update campaign_batch set status = 'CLAIMED', attempts = :a, claimed_by = :me,"
            + " lease_until = now() + make_interval(secs => :lease) where id = :id",
        "a",
        batch.attempt(),
        "me",
        worker,
        "lease",
        (double) leaseSeconds,
        "id",
        batch.id());
  }

  /** Extends the lease; 0 rows when another worker took the batch over. */
  Uni<Integer> renewLease(long batchId, int attempt, String worker, long leaseSeconds) {
    return Sql.update(
        "update campaign_batch set lease_until = now() + make_interval(secs => :lease)"
            + " where id = :id and claimed_by = :me and attempts = :a and status = 'CLAIMED'",
        "lease",
        (double) leaseSeconds,
        "id",
        batchId,
        "me",
        worker,
        "a",
        attempt);
  }

  /**
   * The inbox rows of a batch's members who opted in and are under the daily cap since {@code day}:
   * at most one per member and campaign (the dedup key {@code key}).
   */
  Uni<Integer> writeInbox(
      long campaignId, Long[] members, String key, OffsetDateTime day, int cap) {
    return Sql.update(
        INBOX, "key", key, "c", campaignId, "m", members, "day", day, "cap", (long) cap);
  }

  /** How many of the members have the campaign in their inbox. */
  Uni<Long> reached(Long[] members, String key) {
    return Sql.first(
        "select count(*) from notification where member_id = any(cast(:m as bigint[]))"
            + " and dedup_key = :key",
        Long.class,
        "m",
        members,
        "key",
        key);
  }

  /** The members' campaign notifications not pushed yet. */
  Uni<List<Pending>> pending(Long[] members, String key) {
    return Sql.records(
        PENDING,
        r -> new Pending(SqlValues.number(r[0]), SqlValues.number(r[1]), (String) r[2]),
        "m",
        members,
        "key",
        key);
  }

  /**
   * Ends the worker's lease: the batch is done, or queued again from {@code notBefore}; 0 rows when
   * another worker took it over meanwhile.
   */
  Uni<Integer> release(
      long batchId, int attempt, String worker, boolean done, OffsetDateTime notBefore) {
    return Sql.update(
        "update campaign_batch set status = :st, lease_until = null, not_before = :nb,"
            + " done_at = case when :st = 'DONE' then now() end"
            + " where id = :id and claimed_by = :me and attempts = :a and status = 'CLAIMED'",
        "st",
        done ? "DONE" : "QUEUED",
        "nb",
        notBefore,
        "id",
        batchId,
        "me",
        worker,
        "a",
        attempt);
  }

  Uni<Integer> markPushed(List<Long> notificationIds) {
    return Sql.update(
        "update notification set pushed_at = now() where id = any(cast(:ids as bigint[]))",
        "ids",
        notificationIds.toArray(new Long[0]));
  }

  /** Adds a round's outcome to the campaign's counters. */
  Uni<Integer> count(
      long campaignId, int sent, int failed, int pruned, int inboxOnly, int skipped) {
    return Sql.update(
        "update campaign set sent = sent + :s, failed = failed + :f, pruned = pruned + :p,"
            + " inbox_only = inbox_only + :i, skipped = skipped + :k, updated_at = now()"
            + " where id = :c",
        "s",
        sent,
        "f",
        failed,
        "p",
        pruned,
        "i",
        inboxOnly,
        "k",
        skipped,
        "c",
        campaignId);
  }

  /** Completes a running campaign whose batches are all done. */
  Uni<Integer> completeIfDone(long campaignId) {
    return Sql.update(
        "update campaign set status = 'COMPLETED', finished_at = now() where id = :c"
            + " and status = 'RUNNING' and not exists (select 1 from campaign_batch"
            + " where campaign_id = :c and status <> 'DONE')",
        "c",
        campaignId);
  }

  private static Batch batch(Object[] b) {
    return new Batch(
        SqlValues.number(b[0]),
        SqlValues.number(b[1]),
        CampaignRows.ids((String) b[2]),
        ((Number) b[3]).intValue(),
        b[4] == null ? null : ((Number) b[4]).intValue(),
        (String) b[5],
        (String) b[6],
        (String) b[7],
        (String) b[8],
        (String) b[9]);
  }
}
