package cn.futian.jufu.rights;

import static cn.futian.jufu.rights.CaseFlowTest.call;
import static org.assertj.core.api.Assertions.assertThat;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Follow-ups and register visits past their due date page the caseworker, once per due date (issue
 * 20: "overdue responses and follow-ups escalate"; "overdue reviews and visits show up").
 */
@QuarkusTest
class OverduePagesTest {

  static final String WORKER = Tokens.CASEWORKER;

  @Inject CaseEscalation escalation;

  private static final String PAGED =
      "select count(*) from outbox where aggregate_type = ? and aggregate_id = ? and type = ?"
          + " and member_id = ?";

  private static long worker() {
    call(WORKER, "GET", "/me", null).statusCode(200);
    return Db.count("select id from member where subject = ?", Tokens.SUBJECTS.get(WORKER));
  }

  /** Runs a batch job until it has nothing left (other tests' rows may be due too). */
  private static void drain(Supplier<io.smallrye.mutiny.Uni<Integer>> batch) throws Throwable {
    int n;
    do {
      n = VertxContextSupport.subscribeAndAwait(batch);
    } while (n > 0);
  }

  @Test
  void aFollowUpPastItsDatePagesTheCaseworkerOncePerDateAndNotAfterItIsRecorded() throws Throwable {
    long caseId = CaseFlowTest.openCase(CaseWorkTest.scratchGroup());
    Db.update(
        "update help_case set status = 'RESOLVED', resolution = 'SAFE_AND_SUPPORTED',"
            + " resolved_at = now() - interval '10 days', follow_up_due = now() - interval '1 day',"
            + " caseworker = ? where id = ?",
        Tokens.SUBJECTS.get(WORKER),
        caseId);
    long me = worker();
    drain(escalation::followUpBatch);
    assertThat(Db.count(PAGED, "help_case", caseId, CaseAlerts.FOLLOW_UP_OVERDUE, me)).isEqualTo(1);
    drain(escalation::followUpBatch);
    assertThat(Db.count(PAGED, "help_case", caseId, CaseAlerts.FOLLOW_UP_OVERDUE, me))
        .as("once per due date")
        .isEqualTo(1);

    // A new date that passes pages again; once the follow-up is recorded, nothing more.
    Db.update(
        "update help_case set follow_up_due = now() - interval '2 hours' where id = ?", caseId);
    drain(escalation::followUpBatch);
    assertThat(Db.count(PAGED, "help_case", caseId, CaseAlerts.FOLLOW_UP_OVERDUE, me)).isEqualTo(2);
    call(
            WORKER,
            "POST",
            "/cases/" + caseId + "/timeline",
            Map.of("kind", "FOLLOW_UP", "note", "回访：已安全"))
        .statusCode(201);
    Db.update(
        "update help_case set follow_up_due = now() - interval '1 hour' where id = ?", caseId);
    drain(escalation::followUpBatch);
    assertThat(Db.count(PAGED, "help_case", caseId, CaseAlerts.FOLLOW_UP_OVERDUE, me)).isEqualTo(2);
  }

  @Test
  void aRegisterVisitPastItsDatePagesTheCaseworkerOncePerDate() throws Throwable {
    long group = CaseWorkTest.scratchGroup();
    long entry =
        call(WORKER, "POST", "/difficulty-register", DifficultyRegisterTest.entry(group, "逾期走访"))
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    long me = worker();
    drain(escalation::visitBatch);
    String type = CaseAlerts.VISIT_OVERDUE;
    assertThat(Db.count(PAGED, "difficulty_entry", entry, type, me)).isEqualTo(1);
    drain(escalation::visitBatch);
    assertThat(Db.count(PAGED, "difficulty_entry", entry, type, me)).isEqualTo(1);
    // The page names no one: a neutral text with the date only.
    String payload =
        Db.text(
            "select payload::text from outbox where aggregate_type = 'difficulty_entry'"
                + " and aggregate_id = ? and type = ?",
            entry,
            type);
    assertThat(payload).doesNotContain("逾期走访").doesNotContain("13811112222");

    // A visit sets the next date in the future: nothing is due.
    call(
            WORKER,
            "POST",
            "/difficulty-register/" + entry + "/visits",
            Map.of("visitedOn", LocalDate.now().toString(), "mode", "HOME"))
        .statusCode(200);
    drain(escalation::visitBatch);
    assertThat(Db.count(PAGED, "difficulty_entry", entry, type, me)).isEqualTo(1);
    // When that date has passed too, she is paged again.
    Db.update("update difficulty_entry set next_visit_due = current_date - 3 where id = ?", entry);
    drain(escalation::visitBatch);
    assertThat(Db.count(PAGED, "difficulty_entry", entry, type, me)).isEqualTo(2);
  }
}
