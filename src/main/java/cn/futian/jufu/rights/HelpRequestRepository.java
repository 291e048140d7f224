package cn.futian.jufu.rights;

import cn.futian.jufu.common.api.SqlValues;
import cn.futian.jufu.common.db.Sql;
import cn.futian.jufu.common.time.Times;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
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
      OffsetDateTime respondBy,
      String recordedBy,
      String referralSource,
      String assignedTo,
      String phoneSealed,
      String idNumberSealed,
      String phoneBlind,
      String idNumberBlind) {}

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
            + " risk_answers_sealed, legal_basis, respond_by, recorded_by, referral_source,"
            + " assigned_to, phone_sealed, id_number_sealed, phone_blind, id_number_blind) values"
            + " (:h, :hs, :m, :anon, :cid, :cat, :dv, :minor, :ch, :unit, :acc, :by, :contact,"
            + " :risk, :rv, :answers, :basis, :due, :recorder, :source, :assignee, :phone, :idn,"
            + " :phoneBlind, :idnBlind)"
            + " on conflict (coalesce(member_id, 0), client_request_id)"
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
        r.respondBy(),
        "recorder",
        r.recordedBy(),
        "source",
        r.referralSource(),
        "assignee",
        r.assignedTo(),
        "phone",
        r.phoneSealed(),
        "idn",
        r.idNumberSealed(),
        "phoneBlind",
        r.phoneBlind(),
        "idnBlind",
        r.idNumberBlind());
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

  // --- Staff: the case team's view (rights/CaseWorkService) ---------------------------------

  /** What staff see of a request before anything is revealed: no sealed text. */
  record Facts(
      long id,
      String category,
      boolean domesticViolence,
      boolean concernsMinor,
      String channel,
      String referralSource,
      Long orgUnitId,
      boolean anonymous,
      boolean linkedToAccount,
      String contactBy,
      boolean hasSafeContact,
      String riskLevel,
      Integer riskVersion,
      boolean riskScreened,
      String legalBasis,
      String status,
      OffsetDateTime receivedAt,
      OffsetDateTime respondBy,
      boolean overdue,
      String assignedTo,
      String recordedBy,
      String outcome,
      String nothingReason,
      Long duplicateOf,
      OffsetDateTime triagedAt,
      String triagedBy,
      boolean hasTriageNote,
      boolean hasPhone,
      boolean hasIdNumber,
      Long caseId) {}

  private static final String FACTS =
      "select id, category_code, domestic_violence, concerns_minor, channel, referral_source,"
          + " org_unit_id, anonymous, member_id is not null, contact_by,"
          + " contact_sealed is not null, risk_level, risk_version,"
          + " risk_answers_sealed is not null, legal_basis, status, created_at, respond_by,"
          + " status = 'RECEIVED' and respond_by < now(), assigned_to, recorded_by, outcome,"
          + " nothing_reason, duplicate_of, triaged_at, triaged_by,"
          + " triage_note_sealed is not null, phone_sealed is not null,"
          + " id_number_sealed is not null, case_id from help_request ";

  Uni<Facts> facts(long id) {
    return Sql.records(FACTS + "where id = :id", HelpRequestRepository::facts, "id", id)
        .map(l -> l.isEmpty() ? null : l.get(0));
  }

  /** Which rows a list may show: everything, or those of these units or this assignee. */
  record Reach(boolean everything, List<Long> unitIds, String assignee) {

    /**
     * Adds the condition on a table's unit and assignee columns, and its parameters ({@code
     * :units}, {@code :me}), unless the reach is everything.
     */
    void addTo(List<String> where, List<Object> params, String unitColumn, String assigneeColumn) {
      if (everything) {
        return;
      }
      // An empty list would make "in ()"; no unit has id 0.
      params.addAll(List.of("units", unitIds.isEmpty() ? List.of(0L) : unitIds));
      params.addAll(List.of("me", assignee == null ? "" : assignee));
      where.add("(" + unitColumn + " in (:units) or " + assigneeColumn + " = :me)");
    }
  }

  /** What a list is filtered on; null fields match everything. */
  record ListFilter(String status, String riskLevel, Boolean overdue, Long orgUnitId) {}

  Uni<List<Facts>> list(Reach reach, ListFilter filter, int page, int size) {
    Where w = where(reach, filter);
    List<Object> params = new ArrayList<>(w.params());
    params.addAll(List.of("limit", size, "offset", (long) page * size));
    // Due soonest first: the one-hour requests come before the three-day ones.
    return Sql.records(
        FACTS + w.sql() + " order by respond_by, id limit :limit offset :offset",
        HelpRequestRepository::facts,
        params.toArray());
  }

  Uni<Long> count(Reach reach, ListFilter filter) {
    Where w = where(reach, filter);
    return Sql.first(
        "select count(*) from help_request " + w.sql(), Long.class, w.params().toArray());
  }

  private record Where(String sql, List<Object> params) {}

  private static Where where(Reach reach, ListFilter f) {
    List<String> where = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    reach.addTo(where, params, "org_unit_id", "assigned_to");
    if (f.status() != null) {
      where.add("status = :status");
      params.addAll(List.of("status", f.status()));
    }
    if (f.riskLevel() != null) {
      where.add("risk_level = :risk");
      params.addAll(List.of("risk", f.riskLevel()));
    }
    if (f.overdue() != null) {
      where.add((f.overdue() ? "" : "not ") + "(status = 'RECEIVED' and respond_by < now())");
    }
    if (f.orgUnitId() != null) {
      where.add("org_unit_id = :unit");
      params.addAll(List.of("unit", f.orgUnitId()));
    }
    return new Where(where.isEmpty() ? "" : "where " + String.join(" and ", where), params);
  }

  /** The sealed fields of a request, as stored. */
  record SealedRow(
      String accountSealed,
      String contactSealed,
      String riskAnswersSealed,
      Integer riskVersion,
      String triageNoteSealed,
      String phoneSealed,
      String idNumberSealed) {}

  Uni<SealedRow> sealed(long id) {
    return Sql.records(
            "select account_sealed, contact_sealed, risk_answers_sealed, risk_version,"
                + " triage_note_sealed, phone_sealed, id_number_sealed"
                + " from help_request where id = :id",
            r ->
                new SealedRow(
                    (String) r[0],
                    (String) r[1],
                    (String) r[2],
                    r[3] == null ? null : ((Number) r[3]).intValue(),
                    (String) r[4],
                    (String) r[5],
                    (String) r[6]),
            "id",
            id)
        .map(l -> l.isEmpty() ? null : l.get(0));
  }

  /** A request past its time to respond, not yet escalated. */
  record Overdue(long id, Long orgUnitId, OffsetDateTime respondBy) {}

  /** Claims up to {@code n} overdue requests for this transaction (other instances skip them). */
  Uni<List<Overdue>> claimOverdue(int n) {
    return Sql.records(
        "select id, org_unit_id, respond_by from help_request where status = 'RECEIVED'"
            + " and escalated_at is null and respond_by < now() order by respond_by limit :n"
            + " for update skip locked",
        r -> new Overdue(SqlValues.number(r[0]), SqlValues.number(r[1]), Times.timestamp(r[2])),
        "n",
        n);
  }

  Uni<Integer> markEscalated(List<Long> ids) {
    return Sql.update(
        "update help_request set escalated_at = now() where id in (:ids)", "ids", ids);
  }

  /** What triage decided. */
  record Triage(
      String outcome,
      String nothingReason,
      Long duplicateOf,
      String noteSealed,
      String triagedBy) {}

  /** Triages a request still RECEIVED; false when it was triaged already (or by someone else). */
  Uni<Boolean> triage(long id, Triage t) {
    return Sql.update(
            "update help_request set status = 'TRIAGED', outcome = :o, nothing_reason = :nr,"
                + " duplicate_of = :dup, triage_note_sealed = :note, triaged_by = :by,"
                + " triaged_at = now() where id = :id and status = 'RECEIVED'",
            "o",
            t.outcome(),
            "nr",
            t.nothingReason(),
            "dup",
            t.duplicateOf(),
            "note",
            t.noteSealed(),
            "by",
            t.triagedBy(),
            "id",
            id)
        .map(n -> n > 0);
  }

  /**
   * The requests with this phone's or ID number's blind index (either may be null), within reach,
   * newest first.
   */
  Uni<List<Facts>> samePerson(Reach reach, String phoneBlind, String idNumberBlind, int limit) {
    if (phoneBlind == null && idNumberBlind == null) {
      return Uni.createFrom().item(List.of());
    }
    Where w = where(reach, new ListFilter(null, null, null, null));
    List<Object> params = new ArrayList<>(w.params());
    params.addAll(
        List.of(
            "pb", phoneBlind == null ? "" : phoneBlind,
            "ib", idNumberBlind == null ? "" : idNumberBlind,
            "limit", limit));
    String match = "(phone_blind = :pb or id_number_blind = :ib)";
    return Sql.records(
        FACTS
            + (w.sql().isEmpty() ? "where " + match : w.sql() + " and " + match)
            + " order by id desc limit :limit",
        HelpRequestRepository::facts,
        params.toArray());
  }

  /** The blind indexes of a request (phone, ID number), for its matches. */
  Uni<String[]> blinds(long id) {
    return Sql.rows(
            "select phone_blind, id_number_blind from help_request where id = :id", "id", id)
        .map(
            rows ->
                rows.isEmpty()
                    ? new String[2]
                    : new String[] {(String) rows.get(0)[0], (String) rows.get(0)[1]});
  }

  /**
   * Erases up to {@code batch} requests triaged to one of the outcomes before the cut (ADR 0020
   * terms); how many.
   */
  Uni<Integer> purgeTriaged(List<String> outcomes, OffsetDateTime cut, int batch) {
    return Sql.update(
        "delete from help_request where id in (select id from help_request where status ="
            + " 'TRIAGED' and outcome in (:outcomes) and triaged_at < :cut order by id limit :n"
            + " for update skip locked)",
        "outcomes",
        outcomes,
        "cut",
        cut,
        "n",
        batch);
  }

  Uni<Integer> linkToCase(long id, long caseId) {
    return Sql.update("update help_request set case_id = :c where id = :id", "c", caseId, "id", id);
  }

  Uni<List<Long>> ofCase(long caseId) {
    return Sql.list(
        "select id from help_request where case_id = :c order by id", Long.class, "c", caseId);
  }

  /** A transferred case takes its requests along: the new unit reaches them, the old one not. */
  Uni<Integer> moveCase(long caseId, long orgUnitId) {
    return Sql.update(
        "update help_request set org_unit_id = :u, assigned_to = null where case_id = :c",
        "u",
        orgUnitId,
        "c",
        caseId);
  }

  Uni<Integer> assign(long id, String subject) {
    return Sql.update(
        "update help_request set assigned_to = :s where id = :id", "s", subject, "id", id);
  }

  private static Facts facts(Object[] r) {
    return new Facts(
        SqlValues.number(r[0]),
        (String) r[1],
        Boolean.TRUE.equals(r[2]),
        Boolean.TRUE.equals(r[3]),
        (String) r[4],
        (String) r[5],
        r[6] == null ? null : SqlValues.number(r[6]),
        Boolean.TRUE.equals(r[7]),
        Boolean.TRUE.equals(r[8]),
        (String) r[9],
        Boolean.TRUE.equals(r[10]),
        (String) r[11],
        r[12] == null ? null : ((Number) r[12]).intValue(),
        Boolean.TRUE.equals(r[13]),
        (String) r[14],
        (String) r[15],
        Times.timestamp(r[16]),
        Times.timestamp(r[17]),
        Boolean.TRUE.equals(r[18]),
        (String) r[19],
        (String) r[20],
        (String) r[21],
        (String) r[22],
        SqlValues.number(r[23]),
        Times.timestamp(r[24]),
        (String) r[25],
        Boolean.TRUE.equals(r[26]),
        Boolean.TRUE.equals(r[27]),
        Boolean.TRUE.equals(r[28]),
        SqlValues.number(r[29]));
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
