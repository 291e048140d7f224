package cn.futian.jufu.rights;

import static cn.futian.jufu.rights.CaseFlowTest.call;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Case files are erased ten years after closure with everything filed under them, register entries
 * five years after exit, and the case team's audit is kept as long as the case files (ADR 0026).
 * Nothing younger goes; the timeline stays append-only outside the purge.
 */
@QuarkusTest
class CaseFileRetentionTest {

  static final String WORKER = Tokens.CASEWORKER;

  /** A case with a mediation, a timeline note and its request, closed {@code years} ago. */
  private static long closedCase(long unit, int years) {
    long caseId = CaseFlowTest.openCase(unit);
    call(
            WORKER,
            "POST",
            "/cases/" + caseId + "/mediation",
            Map.of("venue", "COMMITTEE", "parties", 2, "startedOn", "2026-01-05"))
        .statusCode(201);
    call(WORKER, "POST", "/cases/" + caseId + "/timeline", Map.of("kind", "NOTE", "note", "记录"))
        .statusCode(201);
    Db.update(
        "update help_case set status = 'CLOSED', resolution = 'SAFE_AND_SUPPORTED',"
            + " resolved_at = now() - make_interval(years => ?) - interval '30 days',"
            + " closed_at = now() - make_interval(years => ?) where id = ?",
        years,
        years,
        caseId);
    return caseId;
  }

  private static long rows(String table, String column, long id) {
    return Db.count("select count(*) from " + table + " where " + column + " = ?", id);
  }

  @Test
  void caseFilesGoTenYearsAfterClosureAndTheRegisterFiveYearsAfterExit() {
    long unit = CaseWorkTest.scratchGroup();
    long old = closedCase(unit, 11);
    long young = closedCase(unit, 9);
    // A register entry linked to the old case stays, without the link.
    Map<String, Object> linked = DifficultyRegisterTest.entry(unit, "保留期测试");
    linked.put("caseId", old);
    long kept =
        call(WORKER, "POST", "/difficulty-register", linked)
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    long gone =
        call(WORKER, "POST", "/difficulty-register", DifficultyRegisterTest.entry(unit, "已移出"))
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    call(
            WORKER,
            "POST",
            "/difficulty-register/" + gone + "/visits",
            Map.of("visitedOn", "2026-01-05", "mode", "HOME"))
        .statusCode(200);
    Db.update(
        "update difficulty_entry set status = 'EXITED', exit_reason = 'MOVED_AWAY',"
            + " exited_at = now() - interval '6 years' where id = ?",
        gone);
    // The case team's read four years ago is kept; an admin's action that old is not.
    Db.update(
        "insert into audit_log (at, action, outcome, target_type, target_id) values"
            + " (now() - interval '4 years', 'case.read', 'ALLOWED', 'case', ?),"
            + " (now() - interval '4 years', 'admin.retention-test', 'ALLOWED', 'case', ?)",
        String.valueOf(old),
        String.valueOf(old));

    given()
        .auth()
        .oauth2(Tokens.of(Tokens.ADMIN))
        .post("/admin/retention/purge")
        .then()
        .statusCode(200);

    assertThat(rows("help_case", "id", old)).isZero();
    assertThat(rows("help_case_entry", "case_id", old)).isZero();
    assertThat(rows("help_mediation", "case_id", old)).isZero();
    assertThat(rows("help_request", "case_id", old)).isZero();
    assertThat(rows("help_case", "id", young)).isOne();
    assertThat(rows("help_case_entry", "case_id", young)).isGreaterThan(1);
    assertThat(rows("help_request", "case_id", young)).isOne();
    assertThat(
            Db.count(
                "select count(*) from difficulty_entry where id = ? and case_id is null", kept))
        .isOne();
    assertThat(rows("difficulty_entry", "id", gone)).isZero();
    assertThat(rows("difficulty_visit", "entry_id", gone)).isZero();
    String audit = "select count(*) from audit_log where action = ? and target_id = ?";
    assertThat(Db.count(audit, "case.read", String.valueOf(old))).isOne();
    assertThat(Db.count(audit, "admin.retention-test", String.valueOf(old))).isZero();
  }

  @Test
  void theTimelineOfAYoungerCaseCannotBeDeletedEvenInPurgeMode() throws SQLException {
    long young = closedCase(CaseWorkTest.scratchGroup(), 3);
    try (Connection c = DriverManager.getConnection(Db.URL, "fulian", "fulian");
        Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      st.execute("select set_config('fulian.case_purge', 'on', true)");
      assertThatThrownBy(
              () -> st.executeUpdate("delete from help_case_entry where case_id = " + young))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("append-only");
      c.rollback();
    }
    assertThat(rows("help_case_entry", "case_id", young)).isGreaterThan(1);
  }
}
