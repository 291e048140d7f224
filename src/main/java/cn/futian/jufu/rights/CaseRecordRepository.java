package cn.futian.jufu.rights;

import cn.futian.jufu.common.api.SqlValues;
import cn.futian.jufu.common.db.Sql;
import cn.futian.jufu.common.time.Times;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.List;

/**
 * The tables {@code help_case_order}, {@code help_mediation} and {@code help_mediation_session}.
 * Caller's session.
 */
@ApplicationScoped
class CaseRecordRepository {

  record Order(
      long id,
      long caseId,
      String kind,
      String status,
      String issuer,
      LocalDate appliedOn,
      LocalDate decidedOn,
      LocalDate expiresOn,
      int violations) {}

  private static final String ORDER =
      "select id, case_id, kind, status, issuer, applied_on, decided_on, expires_on, violations"
          + " from help_case_order ";

  Uni<Long> insertOrder(long caseId, String kind, String issuer, LocalDate appliedOn, String by) {
    return Sql.first(
        "insert into help_case_order (case_id, kind, issuer, applied_on, recorded_by) values"
            + " (:c, :k, :i, :a, :by) returning id",
        Long.class,
        "c",
        caseId,
        "k",
        kind,
        "i",
        issuer,
        "a",
        appliedOn,
        "by",
        by);
  }

  Uni<Order> order(long caseId, long id) {
    return Sql.records(
            ORDER + "where id = :id and case_id = :c",
            CaseRecordRepository::order,
            "id",
            id,
            "c",
            caseId)
        .map(l -> l.isEmpty() ? null : l.get(0));
  }

  Uni<List<Order>> orders(long caseId) {
    return Sql.records(
        ORDER + "where case_id = :c order by id", CaseRecordRepository::order, "c", caseId);
  }

  /** Decides an order still APPLIED; false when it was decided already. */
  Uni<Boolean> decideOrder(long id, String status, LocalDate decidedOn, LocalDate expiresOn) {
    return Sql.update(
            "update help_case_order set status = :s, decided_on = :d, expires_on = :e"
                + " where id = :id and status = 'APPLIED'",
            "s",
            status,
            "d",
            decidedOn,
            "e",
            expiresOn,
            "id",
            id)
        .map(n -> n > 0);
  }

  Uni<Integer> addViolation(long id) {
    return Sql.update(
        "update help_case_order set violations = violations + 1 where id = :id", "id", id);
  }

  /** An issued order expiring within the window, not yet reminded. */
  record Expiring(long id, long caseId, String kind, LocalDate expiresOn) {}

  Uni<List<Expiring>> claimExpiring(LocalDate until, int n) {
    return Sql.records(
        "select id, case_id, kind, expires_on from help_case_order where status = 'ISSUED'"
            + " and reminded_at is null and expires_on <= :until order by expires_on limit :n"
            + " for update skip locked",
        r ->
            new Expiring(
                SqlValues.number(r[0]), SqlValues.number(r[1]), (String) r[2], Times.date(r[3])),
        "until",
        until,
        "n",
        n);
  }

  Uni<Integer> markReminded(List<Long> ids) {
    return Sql.update(
        "update help_case_order set reminded_at = now() where id in (:ids)", "ids", ids);
  }

  // ---------------------------------------------------------------- mediation

  record Mediation(
      long id,
      long caseId,
      String venue,
      int parties,
      String outcome,
      LocalDate startedOn,
      LocalDate endedOn) {}

  record Session(long id, LocalDate heldOn, String mediator, boolean hasNote) {}

  /** Starts the case's mediation unless it has one; its id, or null. */
  Uni<Long> insertMediation(
      long caseId, String venue, int parties, LocalDate startedOn, String by) {
    return Sql.first(
        "insert into help_mediation (case_id, venue, parties, started_on, recorded_by) values"
            + " (:c, :v, :p, :s, :by) on conflict (case_id) do nothing returning id",
        Long.class,
        "c",
        caseId,
        "v",
        venue,
        "p",
        parties,
        "s",
        startedOn,
        "by",
        by);
  }

  Uni<Mediation> mediation(long caseId) {
    return Sql.records(
            "select id, case_id, venue, parties, outcome, started_on, ended_on from help_mediation"
                + " where case_id = :c",
            r ->
                new Mediation(
                    SqlValues.number(r[0]),
                    SqlValues.number(r[1]),
                    (String) r[2],
                    ((Number) r[3]).intValue(),
                    (String) r[4],
                    Times.date(r[5]),
                    Times.date(r[6])),
            "c",
            caseId)
        .map(l -> l.isEmpty() ? null : l.get(0));
  }

  Uni<List<Session>> sessions(long mediationId) {
    return Sql.records(
        "select id, held_on, mediator, note_sealed is not null from help_mediation_session"
            + " where mediation_id = :m order by held_on, id",
        r ->
            new Session(
                SqlValues.number(r[0]), Times.date(r[1]), (String) r[2], Boolean.TRUE.equals(r[3])),
        "m",
        mediationId);
  }

  Uni<Long> insertSession(long mediationId, LocalDate heldOn, String mediator, String noteSealed) {
    return Sql.first(
        "insert into help_mediation_session (mediation_id, held_on, mediator, note_sealed) values"
            + " (:m, :h, :by, :n) returning id",
        Long.class,
        "m",
        mediationId,
        "h",
        heldOn,
        "by",
        mediator,
        "n",
        noteSealed);
  }

  /** Ends a mediation still open; false when it had ended. */
  Uni<Boolean> endMediation(long id, String outcome, LocalDate endedOn) {
    return Sql.update(
            "update help_mediation set outcome = :o, ended_on = :e where id = :id and outcome is"
                + " null",
            "o",
            outcome,
            "e",
            endedOn,
            "id",
            id)
        .map(n -> n > 0);
  }

  private static Order order(Object[] r) {
    return new Order(
        SqlValues.number(r[0]),
        SqlValues.number(r[1]),
        (String) r[2],
        (String) r[3],
        (String) r[4],
        Times.date(r[5]),
        Times.date(r[6]),
        Times.date(r[7]),
        ((Number) r[8]).intValue());
  }
}
