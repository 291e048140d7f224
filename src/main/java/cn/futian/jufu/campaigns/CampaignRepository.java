package cn.futian.jufu.campaigns;

import cn.futian.jufu.campaigns.CampaignDtos.AudienceEstimate;
import cn.futian.jufu.campaigns.CampaignDtos.CampaignView;
import cn.futian.jufu.campaigns.CampaignDtos.CreateCampaign;
import cn.futian.jufu.campaigns.CampaignDtos.Status;
import cn.futian.jufu.common.api.SqlValues;
import cn.futian.jufu.common.db.Sql;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tables {@code campaign} and {@code campaign_batch}, and the audience queries over the members
 * a campaign may reach (the listed exception of TableOwnershipTest). Runs in the caller's session;
 * {@link CampaignSender} claims the batches this queues.
 */
@ApplicationScoped
class CampaignRepository {

  /** Stores a new draft; returns its id. */
  Uni<Long> insertDraft(CreateCampaign cmd, String createdBy) {
    return Sql.first(
        "insert into campaign (owner_unit_id, created_by, status, title_zh, body_zh, title_en,"
            + " body_en, link, audience_unit_id, audience_followers_of, audience_kinds,"
            + " audience_event_id, audience_statuses, audience_role, send_at, per_minute)"
            + " values (:o, :by, 'DRAFT', :tz, :bz, :te, :be, :l, :au, :af,"
            + " cast(:ak as varchar[]), :ae, cast(:as as varchar[]), :ar, :at, :pm) returning id",
        Long.class,
        "o",
        cmd.ownerUnitId(),
        "by",
        createdBy,
        "tz",
        cmd.titleZh().strip(),
        "bz",
        cmd.bodyZh().strip(),
        "te",
        cmd.titleEn(),
        "be",
        cmd.bodyEn(),
        "l",
        cmd.link(),
        "au",
        cmd.audience().unitId(),
        "af",
        cmd.audience().followersOf(),
        "ak",
        names(cmd.audience().kinds()),
        "ae",
        cmd.audience().eventId(),
        "as",
        names(cmd.audience().statuses()),
        "ar",
        cmd.audience().role() == null ? null : cmd.audience().role().name(),
        "at",
        cmd.sendAt(),
        "pm",
        cmd.perMinute());
  }

  /** The campaign, or null. */
  Uni<CampaignView> find(long id) {
    return Sql.rows(
            "select " + CampaignRows.COLUMNS + " from campaign c where c.id = :id", "id", id)
        .map(rows -> rows.isEmpty() ? null : CampaignRows.view(rows.get(0)));
  }

  /**
   * A page of campaigns, newest first, of a status (null: any) owned in the subtrees of {@code
   * roots} (empty: everywhere).
   */
  Uni<List<CampaignView>> page(Status status, List<Long> roots, int size, int offset) {
    return Sql.records(
        "select "
            + CampaignRows.COLUMNS
            + " from campaign c"
            + where(roots)
            + " order by c.id desc limit :size offset :off",
        CampaignRows::view,
        filter(status, roots, "size", size, "off", offset));
  }

  Uni<Long> count(Status status, List<Long> roots) {
    return Sql.first(
        "select count(*) from campaign c" + where(roots), Long.class, filter(status, roots));
  }

  /** Counts of an audience: all, opted in, with an FCM device, with WeChat only. */
  Uni<AudienceEstimate> estimate(AudienceQuerySql a) {
    return Sql.rows(
            "with aud as ("
                + a.sql
                + "), opted as (select aud.id from aud"
                + " join notification_preference p on p.member_id = aud.id"
                + " where p.campaigns_opted_in_at is not null),"
                + " dev as (select distinct d.member_id from device d"
                + " join opted o on o.id = d.member_id)"
                + " select (select count(*) from aud), (select count(*) from opted),"
                + " (select count(*) from dev), (select count(*) from opted o"
                + " join wechat_binding w on w.member_id = o.id"
                + " where o.id not in (select member_id from dev))",
            a.params())
        .map(rows -> rows.get(0))
        .map(
            r ->
                new AudienceEstimate(
                    SqlValues.number(r[0]),
                    SqlValues.number(r[1]),
                    SqlValues.number(r[2]),
                    SqlValues.number(r[3])));
  }

  /** Up to {@code limit} device tokens of the audience, the most recently seen first. */
  Uni<List<String>> sampleTokens(AudienceQuerySql a, int limit) {
    return Sql.list(
        "select d.token from device d join ("
            + a.sql
            + ") aud on aud.id = d.member_id"
            + " order by d.last_seen_at desc limit :limit",
        String.class,
        a.params("limit", limit));
  }

  /** Failed deliveries of the campaign by error code, the most frequent first. */
  Uni<Map<String, Long>> failuresByCode(long id) {
    return Sql.rows(
            "select coalesce(error_code, outcome), count(*) from delivery_attempt"
                + " where campaign_id = :c and outcome <> 'SENT' group by 1 order by 2 desc",
            "c",
            id)
        .map(
            rows -> {
              Map<String, Long> byCode = new LinkedHashMap<>();
              for (Object[] r : rows) {
                byCode.put((String) r[0], SqlValues.number(r[1]));
              }
              return byCode;
            });
  }

  /** Moves up to 20 scheduled campaigns whose time has come to RUNNING; returns their ids. */
  Uni<List<Long>> runDueScheduled() {
    return Sql.list(
        "update campaign set status = 'RUNNING', updated_at = now() where id in"
            + " (select id from campaign where status = 'SCHEDULED' and send_at <= now()"
            + " order by send_at limit 20 for update skip locked) returning id",
        Long.class);
  }

  /** Moves the campaign to {@code to} if it is in one of {@code from}; the rows changed. */
  Uni<Integer> move(long id, List<Status> from, Status to) {
    return Sql.update(
        "update campaign set status = :to, updated_at = now(), version = version + 1"
            + " where id = :id and status = any(cast(:from as varchar[]))",
        "to",
        to.name(),
        "id",
        id,
        "from",
        from.stream().map(Enum::name).toArray(String[]::new));
  }

  Uni<Long> audienceSize(AudienceQuerySql a) {
    return Sql.first("select count(*) from (" + a.sql + ") a", Long.class, a.params());
  }

  /**
   * Cuts the opted-in part of the audience into batches of {@code size} member ids, in id order;
   * returns the size of each batch.
   */
  Uni<List<Integer>> queueBatches(long id, AudienceQuerySql a, int size) {
    return Sql.list(
        "insert into campaign_batch (campaign_id, seq, member_ids) select :c, x.n,"
            + " array_agg(x.id order by x.id) from (select o.id,"
            + " (row_number() over (order by o.id) - 1) / :size as n from ("
            + a.sql
            + ") o join notification_preference p on p.member_id = o.id"
            + " where p.campaigns_opted_in_at is not null) x group by x.n"
            + " returning cardinality(member_ids)",
        Integer.class,
        a.params("c", id, "size", size));
  }

  /** Records the start: audience, queued, skipped; completed at once when nobody is queued. */
  Uni<Integer> markStarted(long id, int audience, int queued) {
    return Sql.update(
        "update campaign set audience_size = :a, queued = :q, skipped = :k,"
            + " started_at = now(), updated_at = now(),"
            + " status = case when :q = 0 then 'COMPLETED' else status end,"
            + " finished_at = case when :q = 0 then now() end where id = :c",
        "a",
        audience,
        "q",
        queued,
        "k",
        audience - queued,
        "c",
        id);
  }

  private static String where(List<Long> roots) {
    return " where (cast(:st as varchar) is null or c.status = :st)"
        + (roots.isEmpty()
            ? ""
            : " and c.owner_unit_id in (select d.id from org_unit d join org_unit u"
                + " on u.id = any(cast(:roots as bigint[])) where d.path like u.path || '%')");
  }

  private static Object[] filter(Status status, List<Long> roots, Object... more) {
    List<Object> out = new java.util.ArrayList<>();
    out.add("st");
    out.add(status == null ? null : status.name());
    if (!roots.isEmpty()) {
      out.add("roots");
      out.add(roots.toArray(new Long[0]));
    }
    out.addAll(java.util.Arrays.asList(more));
    return out.toArray();
  }

  private static String[] names(Set<? extends Enum<?>> values) {
    return values == null ? null : values.stream().map(Enum::name).sorted().toArray(String[]::new);
  }
}
