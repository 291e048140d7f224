package cn.futian.jufu.rights;

import cn.futian.jufu.common.api.SqlValues;
import cn.futian.jufu.common.db.Sql;
import cn.futian.jufu.common.time.Times;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;

/** The tables {@code case_digest} and {@code case_digest_item}. Caller's session. */
@ApplicationScoped
class DigestRepository {

  record Digest(
      long id,
      long orgUnitId,
      String quarter,
      String title,
      String status,
      String createdBy,
      OffsetDateTime createdAt,
      String decidedBy,
      OffsetDateTime decidedAt,
      String comment) {}

  record Item(int position, Long caseId, String summary, String lesson) {}

  /** What a summary is built from: facts in clear, never what anyone wrote. */
  record Facts(
      String categoryZh,
      boolean domesticViolence,
      boolean concernsMinor,
      String status,
      String resolution,
      OffsetDateTime openedAt,
      OffsetDateTime endedAt,
      String referralTargets,
      String orders,
      String mediation) {}

  private static final String DIGEST =
      "select id, org_unit_id, quarter, title, status, created_by, created_at, decided_by,"
          + " decided_at, comment from case_digest ";

  Uni<Long> insert(long orgUnitId, String quarter, String title, String by) {
    return Sql.first(
        "insert into case_digest (org_unit_id, quarter, title, created_by)"
            + " values (:u, :q, :t, :by) returning id",
        Long.class,
        "u",
        orgUnitId,
        "q",
        quarter,
        "t",
        title,
        "by",
        by);
  }

  Uni<Integer> insertItem(long digestId, long caseId, int position, String summary, String lesson) {
    return Sql.update(
        "insert into case_digest_item (digest_id, case_id, position, summary, lesson)"
            + " values (:d, :c, :p, :s, :l)",
        "d",
        digestId,
        "c",
        caseId,
        "p",
        position,
        "s",
        summary,
        "l",
        lesson);
  }

  Uni<Digest> byId(long id) {
    return Sql.records(DIGEST + "where id = :id", DigestRepository::digest, "id", id)
        .map(l -> l.isEmpty() ? null : l.get(0));
  }

  Uni<List<Digest>> list(boolean everything, List<Long> unitIds, int limit) {
    return Sql.records(
        DIGEST
            + (everything ? "" : "where org_unit_id in (:units) ")
            + "order by id desc limit :limit",
        DigestRepository::digest,
        everything
            ? new Object[] {"limit", limit}
            : new Object[] {"units", unitIds.isEmpty() ? List.of(0L) : unitIds, "limit", limit});
  }

  Uni<List<Item>> items(long digestId) {
    return Sql.records(
        "select position, case_id, summary, lesson from case_digest_item where digest_id = :d"
            + " order by position",
        r ->
            new Item(
                ((Number) r[0]).intValue(), SqlValues.number(r[1]), (String) r[2], (String) r[3]),
        "d",
        digestId);
  }

  /** Decides a draft; false when it was decided meanwhile. */
  Uni<Boolean> decide(long id, String status, String by, String comment) {
    return Sql.update(
            "update case_digest set status = :s, decided_by = :by, decided_at = now(),"
                + " comment = :c where id = :id and status = 'DRAFT'",
            "s",
            status,
            "by",
            by,
            "c",
            comment,
            "id",
            id)
        .map(n -> n > 0);
  }

  Uni<Facts> facts(long caseId) {
    return Sql.records(
            "select c.name_zh, k.domestic_violence, k.concerns_minor, k.status, k.resolution,"
                + " k.opened_at, coalesce(k.resolved_at, k.closed_at),"
                + " (select string_agg(distinct f.target_kind, ',' order by f.target_kind)"
                + " from help_case_referral f where f.case_id = k.id"
                + " and f.status in ('ACCEPTED', 'DONE')),"
                + " (select string_agg(distinct o.kind || ':' || o.status, ','"
                + " order by o.kind || ':' || o.status) from help_case_order o"
                + " where o.case_id = k.id),"
                + " (select m.venue || ':' || coalesce(m.outcome, '') from help_mediation m"
                + " where m.case_id = k.id)"
                + " from help_case k join help_category c on c.code = k.category_code"
                + " where k.id = :id",
            r ->
                new Facts(
                    (String) r[0],
                    Boolean.TRUE.equals(r[1]),
                    Boolean.TRUE.equals(r[2]),
                    (String) r[3],
                    (String) r[4],
                    Times.timestamp(r[5]),
                    Times.timestamp(r[6]),
                    (String) r[7],
                    (String) r[8],
                    (String) r[9]),
            "id",
            caseId)
        .map(l -> l.isEmpty() ? null : l.get(0));
  }

  private static Digest digest(Object[] r) {
    return new Digest(
        SqlValues.number(r[0]),
        SqlValues.number(r[1]),
        (String) r[2],
        (String) r[3],
        (String) r[4],
        (String) r[5],
        Times.timestamp(r[6]),
        (String) r[7],
        Times.timestamp(r[8]),
        (String) r[9]);
  }
}
