package cn.futian.jufu.rights;

import cn.futian.jufu.common.api.SqlValues;
import cn.futian.jufu.common.db.Sql;
import cn.futian.jufu.common.time.Times;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** The tables {@code difficulty_entry} and {@code difficulty_visit}. Caller's session. */
@ApplicationScoped
class DifficultyRepository {

  record Row(
      long id,
      long orgUnitId,
      String caseworker,
      String kind,
      String situations,
      Long caseId,
      String status,
      String exitReason,
      LocalDate nextVisitDue,
      long visits,
      LocalDate lastVisitedOn,
      OffsetDateTime registeredAt,
      boolean hasPhone,
      boolean hasIdNumber,
      boolean hasAddress,
      boolean hasNotes,
      int version,
      Integer birthYear,
      String education,
      String incomeBand,
      String riskLevel,
      Long householdId,
      LocalDate reviewDue,
      OffsetDateTime confirmedAt,
      String pendingChange) {}

  private static final String COLUMNS =
      "select e.id, e.org_unit_id, e.caseworker, e.kind, array_to_string(e.situations, ','),"
          + " e.case_id, e.status, e.exit_reason, e.next_visit_due,"
          + " (select count(*) from difficulty_visit v where v.entry_id = e.id),"
          + " (select max(visited_on) from difficulty_visit v where v.entry_id = e.id),"
          + " e.registered_at, e.phone_sealed is not null, e.id_number_sealed is not null,"
          + " e.address_sealed is not null, e.notes_sealed is not null, e.version,"
          + " e.birth_year, e.education, e.income_band, e.risk_level, e.household_id,"
          + " e.review_due, e.confirmed_at, (select c.kind from difficulty_change c"
          + " where c.entry_id = e.id and c.decision is null)"
          + " from difficulty_entry e ";

  record NewRow(
      long orgUnitId,
      String caseworker,
      String kind,
      String situations,
      String nameSealed,
      String phoneSealed,
      String idNumberSealed,
      String addressSealed,
      String notesSealed,
      String phoneBlind,
      String idNumberBlind,
      Long caseId,
      LocalDate nextVisitDue,
      String registeredBy,
      Integer birthYear,
      String education,
      String incomeBand,
      String riskLevel,
      Long householdId) {}

  Uni<Long> insert(NewRow r) {
    return Sql.first(
        "insert into difficulty_entry (org_unit_id, caseworker, kind, situations, name_sealed,"
            + " phone_sealed, id_number_sealed, address_sealed, notes_sealed, phone_blind,"
            + " id_number_blind, case_id, next_visit_due, registered_by, status, birth_year,"
            + " education, income_band, risk_level, household_id) values (:u, :cw, :k,"
            + " string_to_array(cast(:s as text), ','), :n, :p, :i, :a, :notes, :pb, :ib, :c,"
            + " :due, :by, 'PROPOSED', :born, :edu, :income, :risk, :hh) returning id",
        Long.class,
        "u",
        r.orgUnitId(),
        "cw",
        r.caseworker(),
        "k",
        r.kind(),
        "s",
        r.situations(),
        "n",
        r.nameSealed(),
        "p",
        r.phoneSealed(),
        "i",
        r.idNumberSealed(),
        "a",
        r.addressSealed(),
        "notes",
        r.notesSealed(),
        "pb",
        r.phoneBlind(),
        "ib",
        r.idNumberBlind(),
        "c",
        r.caseId(),
        "due",
        r.nextVisitDue(),
        "by",
        r.registeredBy(),
        "born",
        r.birthYear() == null ? null : r.birthYear().shortValue(),
        "edu",
        r.education(),
        "income",
        r.incomeBand(),
        "risk",
        r.riskLevel(),
        "hh",
        r.householdId());
  }

  Uni<Row> byId(long id) {
    return Sql.records(COLUMNS + "where e.id = :id", DifficultyRepository::row, "id", id)
        .map(l -> l.isEmpty() ? null : l.get(0));
  }

  /** What a list shows: a status, entries due (visit or review) within days, one household. */
  record Filter(String status, Integer dueWithinDays, Long householdId) {}

  Uni<List<Row>> list(HelpRequestRepository.Reach reach, Filter filter, int page, int size) {
    List<Object> params = new ArrayList<>();
    String where = where(reach, filter, params);
    params.addAll(List.of("limit", size, "offset", (long) page * size));
    return Sql.records(
        COLUMNS
            + where
            + " order by least(e.next_visit_due, e.review_due) nulls last, e.id"
            + " limit :limit offset :offset",
        DifficultyRepository::row,
        params.toArray());
  }

  Uni<Long> count(HelpRequestRepository.Reach reach, Filter filter) {
    List<Object> params = new ArrayList<>();
    String where = where(reach, filter, params);
    return Sql.first(
        "select count(*) from difficulty_entry e " + where, Long.class, params.toArray());
  }

  private static String where(
      HelpRequestRepository.Reach reach, Filter filter, List<Object> params) {
    List<String> where = new ArrayList<>();
    reach.addTo(where, params, "e.org_unit_id", "e.caseworker");
    if (filter.status() != null) {
      where.add("e.status = :status");
      params.addAll(List.of("status", filter.status()));
    }
    if (filter.dueWithinDays() != null) {
      where.add(
          "e.status in ('ACTIVE', 'IMPROVING') and least(e.next_visit_due, e.review_due) <= :due");
      params.addAll(List.of("due", LocalDate.now(Times.ZONE).plusDays(filter.dueWithinDays())));
    }
    if (filter.householdId() != null) {
      where.add("(e.id = :hh or e.household_id = :hh)");
      params.addAll(List.of("hh", filter.householdId()));
    }
    return where.isEmpty() ? "" : "where " + String.join(" and ", where);
  }

  record Sealed(String name, String phone, String idNumber, String address, String notes) {}

  Uni<Sealed> sealed(long id) {
    return Sql.records(
            "select name_sealed, phone_sealed, id_number_sealed, address_sealed, notes_sealed"
                + " from difficulty_entry where id = :id",
            r ->
                new Sealed(
                    (String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4]),
            "id",
            id)
        .map(l -> l.isEmpty() ? null : l.get(0));
  }

  /** Changes an entry if it is still at {@code version}; true when it did. */
  Uni<Boolean> change(long id, int version, String set, Object... params) {
    return Sql.updateVersioned("difficulty_entry", id, version, set, params);
  }

  record Visit(
      long id,
      LocalDate visitedOn,
      String visitor,
      String mode,
      String support,
      boolean hasNeeds) {}

  Uni<Long> insertVisit(
      long entryId,
      LocalDate visitedOn,
      String visitor,
      String mode,
      String support,
      String needs) {
    return Sql.first(
        "insert into difficulty_visit (entry_id, visited_on, visitor, mode, support, needs_sealed)"
            + " values (:e, :on, :by, :m, string_to_array(cast(:s as text), ','), :n) returning id",
        Long.class,
        "e",
        entryId,
        "on",
        visitedOn,
        "by",
        visitor,
        "m",
        mode,
        "s",
        support,
        "n",
        needs);
  }

  Uni<List<Visit>> visits(long entryId) {
    return Sql.records(
        "select id, visited_on, visitor, mode, array_to_string(support, ','),"
            + " needs_sealed is not null from difficulty_visit where entry_id = :e"
            + " order by visited_on, id",
        r ->
            new Visit(
                SqlValues.number(r[0]),
                Times.date(r[1]),
                (String) r[2],
                (String) r[3],
                (String) r[4],
                Boolean.TRUE.equals(r[5])),
        "e",
        entryId);
  }

  private static Row row(Object[] r) {
    return new Row(
        SqlValues.number(r[0]),
        SqlValues.number(r[1]),
        (String) r[2],
        (String) r[3],
        (String) r[4],
        SqlValues.number(r[5]),
        (String) r[6],
        (String) r[7],
        Times.date(r[8]),
        SqlValues.number(r[9]),
        Times.date(r[10]),
        Times.timestamp(r[11]),
        Boolean.TRUE.equals(r[12]),
        Boolean.TRUE.equals(r[13]),
        Boolean.TRUE.equals(r[14]),
        Boolean.TRUE.equals(r[15]),
        ((Number) r[16]).intValue(),
        r[17] == null ? null : ((Number) r[17]).intValue(),
        (String) r[18],
        (String) r[19],
        (String) r[20],
        SqlValues.number(r[21]),
        Times.date(r[22]),
        Times.timestamp(r[23]),
        (String) r[24]);
  }

  // ---------------------------------------------------------------- change requests

  record Change(
      long id,
      long entryId,
      long orgUnitId,
      String kind,
      String proposed,
      String proposedBy,
      OffsetDateTime proposedAt,
      String decision,
      String decidedBy,
      OffsetDateTime decidedAt,
      String reason) {}

  private static final String CHANGE_COLUMNS =
      "select c.id, c.entry_id, e.org_unit_id, c.kind, cast(c.proposed as text), c.proposed_by,"
          + " c.proposed_at, c.decision, c.decided_by, c.decided_at, c.reason"
          + " from difficulty_change c join difficulty_entry e on e.id = c.entry_id ";

  Uni<Long> insertChange(long entryId, String kind, String proposedJson, String by) {
    return Sql.first(
        "insert into difficulty_change (entry_id, kind, proposed, proposed_by)"
            + " values (:e, :k, cast(cast(:p as text) as jsonb), :by) returning id",
        Long.class,
        "e",
        entryId,
        "k",
        kind,
        "p",
        proposedJson,
        "by",
        by);
  }

  Uni<Change> changeById(long changeId) {
    return Sql.records(
            CHANGE_COLUMNS + "where c.id = :id", DifficultyRepository::change, "id", changeId)
        .map(l -> l.isEmpty() ? null : l.get(0));
  }

  Uni<List<Change>> changesOf(long entryId) {
    return Sql.records(
        CHANGE_COLUMNS + "where c.entry_id = :e order by c.id",
        DifficultyRepository::change,
        "e",
        entryId);
  }

  /** Open changes of entries in these units (all units when {@code everything}), oldest first. */
  Uni<List<Change>> openChanges(boolean everything, List<Long> unitIds, int limit) {
    return Sql.records(
        CHANGE_COLUMNS
            + "where c.decision is null"
            + (everything ? "" : " and e.org_unit_id in (:units)")
            + " order by c.id limit :limit",
        DifficultyRepository::change,
        everything
            ? new Object[] {"limit", limit}
            : new Object[] {"units", unitIds.isEmpty() ? List.of(0L) : unitIds, "limit", limit});
  }

  /** Decides an open change; false when it was decided meanwhile. */
  Uni<Boolean> decide(long changeId, String decision, String by, String reason) {
    return Sql.update(
            "update difficulty_change set decision = :d, decided_by = :by, decided_at = now(),"
                + " reason = :r where id = :id and decision is null",
            "d",
            decision,
            "by",
            by,
            "r",
            reason,
            "id",
            changeId)
        .map(n -> n > 0);
  }

  private static Change change(Object[] r) {
    return new Change(
        SqlValues.number(r[0]),
        SqlValues.number(r[1]),
        SqlValues.number(r[2]),
        (String) r[3],
        (String) r[4],
        (String) r[5],
        Times.timestamp(r[6]),
        (String) r[7],
        (String) r[8],
        Times.timestamp(r[9]),
        (String) r[10]);
  }

  /** An entry on the register past its visit's due date, not yet paged for that date. */
  record VisitDue(long id, long orgUnitId, String caseworker, LocalDate due) {}

  Uni<List<VisitDue>> claimVisitsOverdue(int n) {
    return Sql.records(
        "select id, org_unit_id, caseworker, next_visit_due from difficulty_entry"
            + " where status in ('PROPOSED', 'ACTIVE', 'IMPROVING') and next_visit_due < :today"
            + " and visit_paged_for is distinct from next_visit_due"
            + " order by next_visit_due limit :n for update skip locked",
        r ->
            new VisitDue(
                SqlValues.number(r[0]), SqlValues.number(r[1]), (String) r[2], Times.date(r[3])),
        "today",
        LocalDate.now(Times.ZONE),
        "n",
        n);
  }

  Uni<Integer> markVisitPaged(List<Long> ids) {
    return Sql.update(
        "update difficulty_entry set visit_paged_for = next_visit_due where id in (:ids)",
        "ids",
        ids);
  }

  /**
   * Erases up to {@code n} entries that left the register before the cut, or were rejected before
   * the other cut, with their visits and changes (ADR 0026); how many.
   */
  Uni<Integer> purgeGone(OffsetDateTime exitedBefore, OffsetDateTime rejectedBefore, int n) {
    return Sql.list(
            "select id from difficulty_entry where (status = 'EXITED' and exited_at < :ex)"
                + " or (status = 'REJECTED' and registered_at < :rej) order by id limit :n"
                + " for update skip locked",
            Long.class,
            "ex",
            exitedBefore,
            "rej",
            rejectedBefore,
            "n",
            n)
        .chain(
            ids -> {
              if (ids.isEmpty()) {
                return Uni.createFrom().item(0);
              }
              Uni<Integer> chain = Uni.createFrom().item(0);
              for (String sql :
                  List.of(
                      "update difficulty_entry set household_id = null"
                          + " where household_id in (:ids)",
                      "delete from difficulty_visit where entry_id in (:ids)",
                      "delete from difficulty_change where entry_id in (:ids)",
                      "delete from difficulty_entry where id in (:ids)")) {
                chain = chain.chain(() -> Sql.update(sql, "ids", ids));
              }
              return chain.replaceWith(ids.size());
            });
  }
}
