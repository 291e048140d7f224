package cn.futian.jufu.rights;

import cn.futian.jufu.common.api.SqlValues;
import cn.futian.jufu.common.db.Sql;
import cn.futian.jufu.common.time.Times;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;

/** The table {@code help_case_referral}. Caller's session. */
@ApplicationScoped
class ReferralRepository {

  record Row(
      long id,
      long caseId,
      String targetKind,
      Long targetUnitId,
      String targetName,
      String summarySealed,
      String consent,
      String status,
      String statusReason,
      String sentBy,
      OffsetDateTime sentAt,
      String respondedBy,
      OffsetDateTime respondedAt,
      OffsetDateTime finishedAt) {}

  private static final String COLUMNS =
      "select id, case_id, target_kind, target_unit_id, target_name, summary_sealed, consent,"
          + " status, status_reason, sent_by, sent_at, responded_by, responded_at, finished_at"
          + " from help_case_referral ";

  record NewRow(
      long caseId,
      String targetKind,
      Long targetUnitId,
      String targetName,
      String summarySealed,
      String consent,
      String overrideBy,
      String overrideReasonSealed,
      String sentBy) {}

  Uni<Long> insert(NewRow r) {
    return Sql.first(
        "insert into help_case_referral (case_id, target_kind, target_unit_id, target_name,"
            + " summary_sealed, consent, override_by, override_reason_sealed, sent_by) values (:c,"
            + " :k, :u, :n, :s, :consent, :ob, :or, :by) returning id",
        Long.class,
        "c",
        r.caseId(),
        "k",
        r.targetKind(),
        "u",
        r.targetUnitId(),
        "n",
        r.targetName(),
        "s",
        r.summarySealed(),
        "consent",
        r.consent(),
        "ob",
        r.overrideBy(),
        "or",
        r.overrideReasonSealed(),
        "by",
        r.sentBy());
  }

  Uni<Row> byId(long id) {
    return Sql.records(COLUMNS + "where id = :id", ReferralRepository::row, "id", id)
        .map(l -> l.isEmpty() ? null : l.get(0));
  }

  Uni<List<Row>> ofCase(long caseId) {
    return Sql.records(
        COLUMNS + "where case_id = :c order by id", ReferralRepository::row, "c", caseId);
  }

  /** Open referrals to these units (SENT or ACCEPTED), newest first. */
  Uni<List<Row>> incoming(List<Long> unitIds) {
    if (unitIds.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return Sql.records(
        COLUMNS
            + "where target_unit_id in (:units) and status in ('SENT', 'ACCEPTED')"
            + " order by id desc limit 200",
        ReferralRepository::row,
        "units",
        unitIds);
  }

  /** Moves a referral from one of {@code from} to {@code to}; false when it was not there. */
  Uni<Boolean> move(long id, List<String> from, String to, String reason, String by) {
    boolean answer = to.equals("ACCEPTED") || to.equals("REJECTED");
    String sql =
        "update help_case_referral set status = :to, status_reason = :reason"
            + (answer
                ? ", responded_by = :by, responded_at = now()"
                : ", finished_at = now(), finished_by = :by")
            + " where id = :id and status in (:from)";
    return Sql.update(sql, "to", to, "reason", reason, "by", by, "id", id, "from", from)
        .map(n -> n > 0);
  }

  private static Row row(Object[] r) {
    return new Row(
        SqlValues.number(r[0]),
        SqlValues.number(r[1]),
        (String) r[2],
        SqlValues.number(r[3]),
        (String) r[4],
        (String) r[5],
        (String) r[6],
        (String) r[7],
        (String) r[8],
        (String) r[9],
        Times.timestamp(r[10]),
        (String) r[11],
        Times.timestamp(r[12]),
        Times.timestamp(r[13]));
  }
}
