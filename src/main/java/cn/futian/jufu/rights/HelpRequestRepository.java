package cn.futian.jufu.rights;

import cn.futian.jufu.common.api.SqlValues;
import cn.futian.jufu.common.db.Sql;
import cn.futian.jufu.common.time.Times;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** The tables {@code help_category} and {@code help_request}. Caller's session. */
@ApplicationScoped
class HelpRequestRepository {

  /** Columns of a request's status, in this order, for {@link #status}. */
  private static final String STATUS =
      "select id, category_code, status, created_at, respond_by, reference_sealed, anonymous"
          + " from help_request ";

  /** A request to store; sealed fields are already encrypted. */
  record NewRow(
      String referenceHash,
      String referenceSealed,
      Long memberId,
      boolean anonymous,
      UUID clientRequestId,
      String category,
      boolean domesticViolence,
      boolean concernsMinor,
      String channel,
      Long orgUnitId,
      String accountSealed,
      String contactBy,
      String contactSealed,
      String riskLevel,
      Integer riskVersion,
      String riskAnswersSealed,
      String legalBasis,
      OffsetDateTime respondBy) {}

  /** A stored request as its author may see it. */
  record Stored(
      long id,
      String category,
      String status,
      OffsetDateTime receivedAt,
      OffsetDateTime respondBy,
      String referenceSealed,
      boolean anonymous) {}

  record Category(String code, String nameZh, String nameEn) {}

  Uni<List<Category>> activeCategories() {
    return Sql.records(
        "select code, name_zh, name_en from help_category where active"
            + " order by sort_order, code",
        r -> new Category((String) r[0], (String) r[1], (String) r[2]));
  }

  Uni<Boolean> isActiveCategory(String code) {
    return Sql.first(
            "select count(*) from help_category where code = :c and active", Long.class, "c", code)
        .map(n -> n != null && n > 0);
  }

  /** Stores the request unless this author stored one with the same client id; its id, or null. */
  Uni<Long> insert(NewRow r) {
    return Sql.first(
        "insert into help_request (reference_hash, reference_sealed, member_id, anonymous,"
            + " client_request_id, category_code, domestic_violence, concerns_minor, channel,"
            + " org_unit_id, account_sealed, contact_by, contact_sealed, risk_level, risk_version,"
            + " risk_answers_sealed, legal_basis, respond_by) values (:h, :hs, :m, :anon, :cid,"
            + " :cat, :dv, :minor, :ch, :unit, :acc, :by, :contact, :risk, :rv, :answers, :basis,"
            + " :due) on conflict (coalesce(member_id, 0), client_request_id)"
            + " where client_request_id is not null do nothing returning id",
        Long.class,
        "h",
        r.referenceHash(),
        "hs",
        r.referenceSealed(),
        "m",
        r.memberId(),
        "anon",
        r.anonymous(),
        "cid",
        r.clientRequestId(),
        "cat",
        r.category(),
        "dv",
        r.domesticViolence(),
        "minor",
        r.concernsMinor(),
        "ch",
        r.channel(),
        "unit",
        r.orgUnitId(),
        "acc",
        r.accountSealed(),
        "by",
        r.contactBy(),
        "contact",
        r.contactSealed(),
        "risk",
        r.riskLevel(),
        "rv",
        r.riskVersion(),
        "answers",
        r.riskAnswersSealed(),
        "basis",
        r.legalBasis(),
        "due",
        r.respondBy());
  }

  Uni<Stored> byId(long id) {
    return status(STATUS + "where id = :id", "id", id).map(l -> l.isEmpty() ? null : l.get(0));
  }

  /** The request an author stored under a client id (memberId null: anonymous), or null. */
  Uni<Stored> byClientRequest(Long memberId, UUID clientRequestId) {
    return status(
            STATUS + "where coalesce(member_id, 0) = :m and client_request_id = :cid",
            "m",
            memberId == null ? 0L : memberId,
            "cid",
            clientRequestId)
        .map(l -> l.isEmpty() ? null : l.get(0));
  }

  Uni<Stored> byReferenceHash(String hash) {
    return status(STATUS + "where reference_hash = :h", "h", hash)
        .map(l -> l.isEmpty() ? null : l.get(0));
  }

  /** A member's own requests, newest first. */
  Uni<List<Stored>> ofMember(long memberId) {
    return status(STATUS + "where member_id = :m order by id desc", "m", memberId);
  }

  /** What a member's export shows of her requests, sealed fields as stored. */
  record ExportRow(
      long id,
      String category,
      boolean domesticViolence,
      boolean concernsMinor,
      String accountSealed,
      String contactBy,
      String contactSealed,
      String status,
      OffsetDateTime receivedAt) {}

  Uni<List<ExportRow>> exportOf(long memberId) {
    return Sql.records(
        "select id, category_code, domestic_violence, concerns_minor, account_sealed,"
            + " contact_by, contact_sealed, status, created_at from help_request"
            + " where member_id = :m order by id",
        r ->
            new ExportRow(
                SqlValues.number(r[0]),
                (String) r[1],
                Boolean.TRUE.equals(r[2]),
                Boolean.TRUE.equals(r[3]),
                (String) r[4],
                (String) r[5],
                (String) r[6],
                (String) r[7],
                Times.timestamp(r[8])),
        "m",
        memberId);
  }

  private static Uni<List<Stored>> status(String sql, Object... params) {
    return Sql.records(
        sql,
        r ->
            new Stored(
                SqlValues.number(r[0]),
                (String) r[1],
                (String) r[2],
                Times.timestamp(r[3]),
                Times.timestamp(r[4]),
                (String) r[5],
                Boolean.TRUE.equals(r[6])),
        params);
  }
}
