package cn.futian.jufu.rights;

import cn.futian.jufu.common.api.SqlValues;
import cn.futian.jufu.common.db.Sql;
import cn.futian.jufu.common.time.Times;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The tables {@code help_case}, {@code help_case_approval} and {@code help_case_entry} (ADR 0022).
 * Caller's session. Every change of a case is conditional on the version read: a concurrent change
 * makes it touch no row, and the service answers 409.
 */
@ApplicationScoped
class CaseRepository {

  record CaseRow(
      long id,
      Long orgUnitId,
      String caseworker,
      String status,
      String pending,
      String category,
      boolean domesticViolence,
      boolean concernsMinor,
      String riskLevel,
      String resolution,
      OffsetDateTime resolvedAt,
      OffsetDateTime followUpDue,
      String openedBy,
      OffsetDateTime openedAt,
      OffsetDateTime closedAt,
      int version) {}

  private static final String CASE =
      "select id, org_unit_id, caseworker, status, pending, category_code, domestic_violence,"
          + " concerns_minor, risk_level, resolution, resolved_at, follow_up_due, opened_by,"
          + " opened_at, closed_at, version from help_case ";

  Uni<Long> insert(
      Long orgUnitId,
      String caseworker,
      String category,
      boolean domesticViolence,
      boolean concernsMinor,
      String riskLevel,
      String openedBy) {
    return Sql.first(
        "insert into help_case (org_unit_id, caseworker, category_code, domestic_violence,"
            + " concerns_minor, risk_level, opened_by) values (:u, :cw, :cat, :dv, :minor, :risk,"
            + " :by) returning id",
        Long.class,
        "u",
        orgUnitId,
        "cw",
        caseworker,
        "cat",
        category,
        "dv",
        domesticViolence,
        "minor",
        concernsMinor,
        "risk",
        riskLevel,
        "by",
        openedBy);
  }

  Uni<CaseRow> byId(long id) {
    return Sql.records(CASE + "where id = :id", CaseRepository::row, "id", id)
        .map(l -> l.isEmpty() ? null : l.get(0));
  }

  Uni<List<CaseRow>> list(HelpRequestRepository.Reach reach, String status, int page, int size) {
    Where w = where(reach, status);
    List<Object> params = new ArrayList<>(w.params());
    params.addAll(List.of("limit", size, "offset", (long) page * size));
    return Sql.records(
        CASE + w.sql() + " order by id desc limit :limit offset :offset",
        CaseRepository::row,
        params.toArray());
  }

  Uni<Long> count(HelpRequestRepository.Reach reach, String status) {
    Where w = where(reach, status);
    return Sql.first("select count(*) from help_case " + w.sql(), Long.class, w.params().toArray());
  }

  private record Where(String sql, List<Object> params) {}

  private static Where where(HelpRequestRepository.Reach reach, String status) {
    List<String> where = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    reach.addTo(where, params, "org_unit_id", "caseworker");
    if (status != null) {
      where.add("status = :status");
      params.addAll(List.of("status", status));
    }
    return new Where(where.isEmpty() ? "" : "where " + String.join(" and ", where), params);
  }

  /**
   * Changes a case if it is still at {@code version}: {@code set} is the SQL of the assignments
   * ({@code status = :to, ...}), {@code params} their values. True when it did.
   */
  Uni<Boolean> change(long id, int version, String set, Object... params) {
    return Sql.updateVersioned("help_case", id, version, set, params);
  }

  // ---------------------------------------------------------------- break glass

  Uni<Long> grantEmergency(long caseId, String subject, String reasonSealed, OffsetDateTime until) {
    return Sql.first(
        "insert into case_emergency_access (case_id, subject, reason_sealed, expires_at) values"
            + " (:c, :s, :r, :until) returning id",
        Long.class,
        "c",
        caseId,
        "s",
        subject,
        "r",
        reasonSealed,
        "until",
        until);
  }

  Uni<Boolean> hasEmergencyAccess(long caseId, String subject) {
    return Sql.first(
            "select count(*) from case_emergency_access where case_id = :c and subject = :s"
                + " and expires_at > now()",
            Long.class,
            "c",
            caseId,
            "s",
            subject)
        .map(n -> n != null && n > 0);
  }

  // ---------------------------------------------------------------- timeline

  record Entry(
      long id,
      OffsetDateTime at,
      String actor,
      String kind,
      String fromStatus,
      String toStatus,
      boolean hasNote,
      OffsetDateTime dueAt,
      String detail) {}

  record NewEntry(
      long caseId,
      String actor,
      String kind,
      String fromStatus,
      String toStatus,
      String noteSealed,
      OffsetDateTime dueAt,
      String detailJson) {}

  Uni<Long> addEntry(NewEntry e) {
    return Sql.first(
        "insert into help_case_entry (case_id, actor, kind, from_status, to_status, note_sealed,"
            + " due_at, detail) values (:c, :a, :k, :from, :to, :note, :due,"
            + " cast(cast(:detail as text) as jsonb)) returning id",
        Long.class,
        "c",
        e.caseId(),
        "a",
        e.actor(),
        "k",
        e.kind(),
        "from",
        e.fromStatus(),
        "to",
        e.toStatus(),
        "note",
        e.noteSealed(),
        "due",
        e.dueAt(),
        "detail",
        e.detailJson());
  }

  Uni<List<Entry>> entries(long caseId) {
    return Sql.records(
        "select id, at, actor, kind, from_status, to_status, note_sealed is not null, due_at,"
            + " cast(detail as text) from help_case_entry where case_id = :c order by id",
        r ->
            new Entry(
                SqlValues.number(r[0]),
                Times.timestamp(r[1]),
                (String) r[2],
                (String) r[3],
                (String) r[4],
                (String) r[5],
                Boolean.TRUE.equals(r[6]),
                Times.timestamp(r[7]),
                (String) r[8]),
        "c",
        caseId);
  }

  record SealedNote(long id, String noteSealed) {}

  /** The sealed notes of these entries of the case (others' ids are ignored). */
  Uni<List<SealedNote>> notes(long caseId, List<Long> entryIds) {
    return Sql.records(
        "select id, note_sealed from help_case_entry where case_id = :c and id in (:ids)"
            + " order by id",
        r -> new SealedNote(SqlValues.number(r[0]), (String) r[1]),
        "c",
        caseId,
        "ids",
        entryIds);
  }

  Uni<Boolean> hasEntrySince(long caseId, String kind, OffsetDateTime since) {
    return Sql.first(
            "select count(*) from help_case_entry where case_id = :c and kind = :k and at >= :t",
            Long.class,
            "c",
            caseId,
            "k",
            kind,
            "t",
            since)
        .map(n -> n != null && n > 0);
  }

  // ---------------------------------------------------------------- approvals

  record Approval(
      long id,
      long caseId,
      String kind,
      String requestedBy,
      OffsetDateTime requestedAt,
      String decision,
      String decidedBy,
      OffsetDateTime decidedAt) {}

  private static final String APPROVAL =
      "select id, case_id, kind, requested_by, requested_at, decision, decided_by, decided_at"
          + " from help_case_approval ";

  /** Asks for an approval unless one is open for the case; its id, or null. */
  Uni<Long> requestApproval(long caseId, String kind, String textSealed, String by) {
    return Sql.first(
        "insert into help_case_approval (case_id, kind, text_sealed, requested_by) values (:c,"
            + " :k, :t, :by) on conflict (case_id) where decision is null do nothing returning id",
        Long.class,
        "c",
        caseId,
        "k",
        kind,
        "t",
        textSealed,
        "by",
        by);
  }

  Uni<Approval> approval(long id) {
    return Sql.records(APPROVAL + "where id = :id", CaseRepository::approval, "id", id)
        .map(l -> l.isEmpty() ? null : l.get(0));
  }

  Uni<List<Approval>> approvals(long caseId) {
    return Sql.records(
        APPROVAL + "where case_id = :c order by id", CaseRepository::approval, "c", caseId);
  }

  /** Decides an open approval; false when it was decided already. */
  Uni<Boolean> decide(long id, String decision, String commentSealed, String by) {
    return Sql.update(
            "update help_case_approval set decision = :d, comment_sealed = :cm, decided_by = :by,"
                + " decided_at = now() where id = :id and decision is null",
            "d",
            decision,
            "cm",
            commentSealed,
            "by",
            by,
            "id",
            id)
        .map(n -> n > 0);
  }

  private static Approval approval(Object[] r) {
    return new Approval(
        SqlValues.number(r[0]),
        SqlValues.number(r[1]),
        (String) r[2],
        (String) r[3],
        Times.timestamp(r[4]),
        (String) r[5],
        (String) r[6],
        Times.timestamp(r[7]));
  }

  private static CaseRow row(Object[] r) {
    return new CaseRow(
        SqlValues.number(r[0]),
        SqlValues.number(r[1]),
        (String) r[2],
        (String) r[3],
        (String) r[4],
        (String) r[5],
        Boolean.TRUE.equals(r[6]),
        Boolean.TRUE.equals(r[7]),
        (String) r[8],
        (String) r[9],
        Times.timestamp(r[10]),
        Times.timestamp(r[11]),
        (String) r[12],
        Times.timestamp(r[13]),
        Times.timestamp(r[14]),
        ((Number) r[15]).intValue());
  }

  /** A resolved case past its follow-up date with no follow-up since, not yet paged for it. */
  record FollowUpDue(long id, Long orgUnitId, String caseworker, OffsetDateTime due) {}

  Uni<List<FollowUpDue>> claimFollowUpsOverdue(int n) {
    return Sql.records(
        "select k.id, k.org_unit_id, k.caseworker, k.follow_up_due from help_case k"
            + " where k.status = 'RESOLVED' and k.follow_up_due < now()"
            + " and k.follow_up_paged_for is distinct from k.follow_up_due"
            + " and not exists (select 1 from help_case_entry x where x.case_id = k.id"
            + " and x.kind = 'FOLLOW_UP' and x.at >= k.resolved_at)"
            + " order by k.follow_up_due limit :n for update of k skip locked",
        r ->
            new FollowUpDue(
                SqlValues.number(r[0]),
                SqlValues.number(r[1]),
                (String) r[2],
                Times.timestamp(r[3])),
        "n",
        n);
  }

  Uni<Integer> markFollowUpPaged(List<Long> ids) {
    return Sql.update(
        "update help_case set follow_up_paged_for = follow_up_due where id in (:ids)", "ids", ids);
  }

  /**
   * Erases up to {@code n} cases closed before the cut with everything filed under them (ADR 0026),
   * in the caller's transaction; how many cases. Register entries keep their place and lose the
   * link.
   */
  Uni<Integer> purgeClosed(OffsetDateTime cut, int n) {
    return Sql.list(
            "select id from help_case where status = 'CLOSED' and closed_at < :cut order by id"
                + " limit :n for update skip locked",
            Long.class,
            "cut",
            cut,
            "n",
            n)
        .chain(
            ids -> {
              if (ids.isEmpty()) {
                return Uni.createFrom().item(0);
              }
              Uni<Integer> chain =
                  Sql.first("select set_config('fulian.case_purge', 'on', true)", String.class)
                      .replaceWith(0);
              for (String sql :
                  List.of(
                      "delete from help_mediation_session where mediation_id in"
                          + " (select id from help_mediation where case_id in (:ids))",
                      "delete from help_mediation where case_id in (:ids)",
                      "delete from help_case_referral where case_id in (:ids)",
                      "delete from help_case_order where case_id in (:ids)",
                      "delete from help_case_approval where case_id in (:ids)",
                      "delete from case_emergency_access where case_id in (:ids)",
                      "delete from help_case_entry where case_id in (:ids)",
                      "delete from help_request where case_id in (:ids)",
                      "update difficulty_entry set case_id = null where case_id in (:ids)",
                      "delete from help_case where id in (:ids)")) {
                chain = chain.chain(() -> Sql.update(sql, "ids", ids));
              }
              return chain.replaceWith(ids.size());
            });
  }
}
