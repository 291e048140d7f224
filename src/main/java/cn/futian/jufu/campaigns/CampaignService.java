package cn.futian.jufu.campaigns;

import cn.futian.jufu.campaigns.CampaignDtos.Audience;
import cn.futian.jufu.campaigns.CampaignDtos.AudienceEstimate;
import cn.futian.jufu.campaigns.CampaignDtos.AudienceQuery;
import cn.futian.jufu.campaigns.CampaignDtos.CampaignView;
import cn.futian.jufu.campaigns.CampaignDtos.CreateCampaign;
import cn.futian.jufu.campaigns.CampaignDtos.Report;
import cn.futian.jufu.campaigns.CampaignDtos.Status;
import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.api.SqlValues;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.error.Problem;
import cn.futian.jufu.common.error.ProblemCode;
import cn.futian.jufu.common.security.CurrentUser;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Campaigns: who may send what to whom, their lifecycle, and the start of the fan-out (the audience
 * cut into batches in PostgreSQL, which {@link CampaignSender} workers claim).
 */
@ApplicationScoped
public class CampaignService {

  private final CampaignAccess access;
  private final CampaignConfig config;
  private final CampaignPayload payload;

  CampaignService(CampaignAccess access, CampaignConfig config, CampaignPayload payload) {
    this.access = access;
    this.config = config;
    this.payload = payload;
  }

  @WithTransaction
  public Uni<CampaignView> create(CurrentUser user, CreateCampaign cmd) {
    validate(cmd);
    return access
        .requireCompose(user, cmd.ownerUnitId(), cmd.audience())
        .chain(
            () ->
                Panache.getSession()
                    .chain(
                        s ->
                            s.createNativeQuery(
                                    "insert into campaign (owner_unit_id, created_by, status,"
                                        + " title_zh, body_zh, title_en, body_en, link,"
                                        + " audience_unit_id, audience_followers_of,"
                                        + " audience_kinds, audience_event_id, audience_statuses,"
                                        + " audience_role, send_at, per_minute) values (:o, :by,"
                                        + " 'DRAFT', :tz, :bz, :te, :be, :l, :au, :af, cast(:ak as"
                                        + " varchar[]), :ae, cast(:as as varchar[]), :ar, :at,"
                                        + " :pm) returning id",
                                    Long.class)
                                .setParameter("o", cmd.ownerUnitId())
                                .setParameter("by", user.subject())
                                .setParameter("tz", cmd.titleZh().strip())
                                .setParameter("bz", cmd.bodyZh().strip())
                                .setParameter("te", cmd.titleEn())
                                .setParameter("be", cmd.bodyEn())
                                .setParameter("l", cmd.link())
                                .setParameter("au", cmd.audience().unitId())
                                .setParameter("af", cmd.audience().followersOf())
                                .setParameter("ak", names(cmd.audience().kinds()))
                                .setParameter("ae", cmd.audience().eventId())
                                .setParameter("as", names(cmd.audience().statuses()))
                                .setParameter(
                                    "ar",
                                    cmd.audience().role() == null
                                        ? null
                                        : cmd.audience().role().name())
                                .setParameter("at", cmd.sendAt())
                                .setParameter("pm", cmd.perMinute())
                                .getSingleResult()))
        .chain(this::view);
  }

  @WithSession
  public Uni<CampaignView> get(CurrentUser user, long id) {
    return requireManaged(user, id);
  }

  @WithSession
  public Uni<Page<CampaignView>> list(
      CurrentUser user, Long ownerUnitId, Status status, int page, int size) {
    return access
        .listRoots(user, ownerUnitId)
        .chain(
            r -> {
              if (r.isEmpty() && !user.isAdmin()) {
                return Uni.createFrom().item(new Page<CampaignView>(List.of(), page, size, 0));
              }
              String where =
                  " where (cast(:st as varchar) is null or c.status = :st)"
                      + (r.isEmpty()
                          ? ""
                          : " and c.owner_unit_id in (select d.id from org_unit d join org_unit u"
                              + " on u.id = any(cast(:roots as bigint[])) where d.path like u.path ||"
                              + " '%')");
              return Panache.getSession()
                  .chain(
                      s -> {
                        var items =
                            s.createNativeQuery(
                                    "select "
                                        + CampaignRows.COLUMNS
                                        + " from campaign c"
                                        + where
                                        + " order by c.id desc limit :size offset :off",
                                    Object[].class)
                                .setParameter("st", status == null ? null : status.name())
                                .setParameter("size", size)
                                .setParameter("off", page * size);
                        var total =
                            s.createNativeQuery(
                                    "select count(*) from campaign c" + where, Long.class)
                                .setParameter("st", status == null ? null : status.name());
                        if (!r.isEmpty()) {
                          items.setParameter("roots", r.toArray(new Long[0]));
                          total.setParameter("roots", r.toArray(new Long[0]));
                        }
                        return items
                            .getResultList()
                            .chain(
                                rows ->
                                    total
                                        .getSingleResult()
                                        .map(
                                            t ->
                                                new Page<>(
                                                    rows.stream().map(CampaignRows::view).toList(),
                                                    page,
                                                    size,
                                                    t)));
                      });
            });
  }

  @WithSession
  public Uni<AudienceEstimate> estimate(CurrentUser user, AudienceQuery q) {
    return access
        .requireCompose(user, q.ownerUnitId(), q.audience())
        .chain(() -> estimate(q.audience(), q.ownerUnitId()));
  }

  /** Counts of an audience: all, opted in, with an FCM device, with WeChat only. */
  Uni<AudienceEstimate> estimate(Audience audience, long ownerUnitId) {
    AudienceQuerySql a = AudienceQuerySql.of(audience, ownerUnitId);
    String sql =
        "with aud as ("
            + a.sql
            + "), opted as (select aud.id from aud join notification_preference p on p.member_id"
            + " = aud.id where p.campaigns_opted_in_at is not null), dev as (select distinct"
            + " d.member_id from device d join opted o on o.id = d.member_id)"
            + " select (select count(*) from aud), (select count(*) from opted),"
            + " (select count(*) from dev), (select count(*) from opted o join wechat_binding w"
            + " on w.member_id = o.id where o.id not in (select member_id from dev))";
    return Panache.getSession()
        .chain(s -> a.bind(s.createNativeQuery(sql, Object[].class)).getSingleResult())
        .map(
            r ->
                new AudienceEstimate(
                    SqlValues.number(r[0]),
                    SqlValues.number(r[1]),
                    SqlValues.number(r[2]),
                    SqlValues.number(r[3])));
  }

  /** Sends now, or at its time when that is in the future. */
  @WithTransaction
  public Uni<CampaignView> send(CurrentUser user, long id) {
    return requireManaged(user, id)
        .chain(
            c -> {
              boolean later = c.sendAt() != null && c.sendAt().isAfter(OffsetDateTime.now());
              return move(id, List.of(Status.DRAFT), later ? Status.SCHEDULED : Status.RUNNING)
                  .chain(() -> later ? Uni.createFrom().voidItem() : start(id));
            })
        .chain(() -> view(id));
  }

  @WithTransaction
  public Uni<CampaignView> pause(CurrentUser user, long id) {
    return requireManaged(user, id)
        .chain(() -> move(id, List.of(Status.RUNNING, Status.SCHEDULED), Status.PAUSED))
        .chain(() -> view(id));
  }

  @WithTransaction
  public Uni<CampaignView> resume(CurrentUser user, long id) {
    return requireManaged(user, id)
        .chain(
            c ->
                move(
                    id,
                    List.of(Status.PAUSED),
                    c.startedAt() != null ? Status.RUNNING : Status.SCHEDULED))
        .chain(() -> view(id));
  }

  @WithTransaction
  public Uni<CampaignView> cancel(CurrentUser user, long id) {
    return requireManaged(user, id)
        .chain(
            () ->
                move(
                    id,
                    List.of(Status.DRAFT, Status.SCHEDULED, Status.RUNNING, Status.PAUSED),
                    Status.CANCELLED))
        .chain(() -> view(id));
  }

  @WithSession
  public Uni<Report> report(CurrentUser user, long id) {
    return requireManaged(user, id)
        .chain(
            c ->
                Panache.getSession()
                    .chain(
                        s ->
                            s.createNativeQuery(
                                    "select coalesce(error_code, outcome), count(*) from"
                                        + " delivery_attempt where campaign_id = :c and outcome <>"
                                        + " 'SENT' group by 1 order by 2 desc",
                                    Object[].class)
                                .setParameter("c", id)
                                .getResultList())
                    .map(
                        rows -> {
                          Map<String, Long> byCode = new LinkedHashMap<>();
                          for (Object[] r : rows) {
                            byCode.put((String) r[0], SqlValues.number(r[1]));
                          }
                          Long seconds = null;
                          Double rate = null;
                          if (c.startedAt() != null) {
                            OffsetDateTime end =
                                c.finishedAt() != null ? c.finishedAt() : OffsetDateTime.now();
                            Duration d = Duration.between(c.startedAt(), end);
                            seconds = d.toSeconds();
                            double secs = Math.max(d.toMillis(), 1) / 1000.0;
                            rate = Math.round(c.progress().sent() / secs * 10) / 10.0;
                          }
                          return new Report(c, byCode, seconds, rate);
                        }));
  }

  /** Starts scheduled campaigns whose time has come; returns their ids. */
  @WithTransaction
  public Uni<List<Long>> startDue() {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "update campaign set status = 'RUNNING', updated_at = now() where id in"
                            + " (select id from campaign where status = 'SCHEDULED' and send_at"
                            + " <= now() order by send_at limit 20 for update skip locked)"
                            + " returning id",
                        Long.class)
                    .getResultList())
        .call(
            ids -> {
              Uni<Void> chain = Uni.createFrom().voidItem();
              for (Long id : ids) {
                chain = chain.chain(() -> start(id));
              }
              return chain;
            });
  }

  // ---------------------------------------------------------------- the fan-out's start

  /**
   * Cuts the audience of a campaign that just became RUNNING into batches of member ids: only
   * members who opted in are queued, the rest counted as skipped. One statement per step.
   */
  private Uni<Void> start(long id) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "select owner_unit_id, audience_unit_id, audience_followers_of,"
                            + " array_to_string(audience_kinds, ','), audience_event_id,"
                            + " array_to_string(audience_statuses, ','),"
                            + " audience_role, per_minute from campaign where id = :id",
                        Object[].class)
                    .setParameter("id", id)
                    .getSingleResult()
                    .chain(r -> materialize(s, id, r)));
  }

  private Uni<Void> materialize(Mutiny.Session s, long id, Object[] r) {
    CampaignView partial =
        CampaignRows.view(
            new Object[] {
              id, r[0], "RUNNING", null, null, null, null, null, r[1], r[2], r[3], r[4], r[5], r[6],
              null, r[7], null, 0, 0, 0, 0, 0, 0, null, null, null, null, 0
            });
    AudienceQuerySql a = AudienceQuerySql.of(partial.audience(), partial.ownerUnitId());
    int size =
        partial.perMinute() == null
            ? config.batchSize()
            : Math.min(config.batchSize(), partial.perMinute());
    String batches =
        "insert into campaign_batch (campaign_id, seq, member_ids) select :c, x.n, array_agg(x.id"
            + " order by x.id) from (select o.id, (row_number() over (order by o.id) - 1) / :size"
            + " as n from ("
            + a.sql
            + ") o join notification_preference p on p.member_id = o.id where"
            + " p.campaigns_opted_in_at is not null) x group by x.n"
            + " returning cardinality(member_ids)";
    return a.bind(s.createNativeQuery("select count(*) from (" + a.sql + ") a", Long.class))
        .getSingleResult()
        .chain(
            audience ->
                a.bind(s.createNativeQuery(batches, Integer.class))
                    .setParameter("c", id)
                    .setParameter("size", size)
                    .getResultList()
                    .chain(
                        sizes -> {
                          int queued = sizes.stream().mapToInt(Integer::intValue).sum();
                          return s.createNativeQuery(
                                  "update campaign set audience_size = :a, queued = :q, skipped ="
                                      + " :k, started_at = now(), updated_at = now(),"
                                      + " status = case when :q = 0 then 'COMPLETED' else status"
                                      + " end, finished_at = case when :q = 0 then now() end"
                                      + " where id = :c")
                              .setParameter("a", audience.intValue())
                              .setParameter("q", queued)
                              .setParameter("k", audience.intValue() - queued)
                              .setParameter("c", id)
                              .executeUpdate();
                        }))
        .replaceWithVoid();
  }

  // ---------------------------------------------------------------- helpers

  private Uni<Void> move(long id, List<Status> from, Status to) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "update campaign set status = :to, updated_at = now(), version = version +"
                            + " 1 where id = :id and status = any(cast(:from as varchar[]))")
                    .setParameter("to", to.name())
                    .setParameter("id", id)
                    .setParameter("from", from.stream().map(Enum::name).toArray(String[]::new))
                    .executeUpdate())
        .chain(
            n ->
                n == 1
                    ? Uni.createFrom().voidItem()
                    : view(id)
                        .invoke(
                            c -> {
                              throw DomainException.conflict(
                                  "campaign.wrong-state", c.status(), to);
                            })
                        .replaceWithVoid());
  }

  private Uni<CampaignView> view(long id) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "select " + CampaignRows.COLUMNS + " from campaign c where c.id = :id",
                        Object[].class)
                    .setParameter("id", id)
                    .getResultList())
        .map(
            rows -> {
              if (rows.isEmpty()) {
                throw DomainException.notFound("campaign", id);
              }
              return CampaignRows.view(rows.get(0));
            });
  }

  private Uni<CampaignView> requireManaged(CurrentUser user, long id) {
    return view(id).call(c -> access.requireManage(user, c.ownerUnitId()));
  }

  private void validate(CreateCampaign cmd) {
    List<Problem.FieldError> errors = new ArrayList<>();
    if ((cmd.titleEn() == null) != (cmd.bodyEn() == null)) {
      errors.add(new Problem.FieldError("titleEn", "together", null));
    }
    if (cmd.sendAt() != null && cmd.sendAt().isBefore(OffsetDateTime.now().minusMinutes(1))) {
      errors.add(new Problem.FieldError("sendAt", "campaign-send-at-past", null));
    }
    if (cmd.audience().statuses() != null
        && !cmd.audience().statuses().isEmpty()
        && cmd.audience().eventId() == null) {
      errors.add(new Problem.FieldError("audience.statuses", "campaign-statuses-need-event", null));
    }
    if (payload.bytes(cmd) > CampaignPayload.FCM_LIMIT) {
      errors.add(new Problem.FieldError("bodyZh", "campaign-payload", null));
    }
    if (!errors.isEmpty()) {
      throw new DomainException(ProblemCode.VALIDATION_FAILED, "validation-failed", errors);
    }
  }

  private static String[] names(java.util.Set<? extends Enum<?>> values) {
    return values == null ? null : values.stream().map(Enum::name).sorted().toArray(String[]::new);
  }
}
