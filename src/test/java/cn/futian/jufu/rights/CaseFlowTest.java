package cn.futian.jufu.rights;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.OrgUnits;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A case from triage to closure and back (issue 20, ADR 0022): states enforced on the server,
 * approvals by a supervisor who did not ask, an append-only timeline with sealed notes, transfer.
 */
@QuarkusTest
class CaseFlowTest {

  static final String WORKER = Tokens.CASEWORKER;
  static final String STREET = Tokens.CASE_SUPERVISOR;
  static final String DISTRICT = Tokens.DISTRICT_CASE_SUPERVISOR;

  static ValidatableResponse call(String user, String method, String path, Object body) {
    var spec = given().auth().oauth2(Tokens.of(user));
    if (body != null) {
      spec = spec.contentType(ContentType.JSON).body(body);
    }
    return spec.request(method, path).then();
  }

  /** A request recorded by the caseworker and triaged as a case: the case's id. */
  static long openCase(long unit) {
    long request = CaseTriageTest.recorded(unit, Map.of());
    return CaseTriageTest.triage(WORKER, request, Map.of("outcome", "CASE"))
        .statusCode(200)
        .body("caseId", notNullValue())
        .extract()
        .jsonPath()
        .getLong("caseId");
  }

  static long askApproval(String user, long caseId, String kind) {
    return call(
            user,
            "POST",
            "/cases/" + caseId + "/approvals",
            Map.of("kind", kind, "text", "计划：" + kind))
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  static ValidatableResponse decide(String user, long caseId, long approval, Map<String, ?> body) {
    return call(user, "POST", "/cases/" + caseId + "/approvals/" + approval + "/decision", body);
  }

  @Test
  void aCaseRunsFromAssessmentToClosureWithApprovalsBySomeoneElse() {
    long group = CaseWorkTest.scratchGroup();
    long id = openCase(group);
    call(WORKER, "GET", "/cases/" + id, null)
        .statusCode(200)
        .body("status", equalTo("ASSESSMENT"))
        .body("caseworker", equalTo(Tokens.SUBJECTS.get(WORKER)))
        .body("requestIds.size()", equalTo(1));

    // The plan: asked by the caseworker, once; she cannot decide it; a rejection needs a comment.
    long plan = askApproval(WORKER, id, "CASE_PLAN");
    call(WORKER, "POST", "/cases/" + id + "/approvals", Map.of("kind", "CASE_PLAN", "text", "再来"))
        .statusCode(409);
    decide(WORKER, id, plan, Map.of("decision", "APPROVED")).statusCode(403);
    decide(STREET, id, plan, Map.of("decision", "REJECTED")).statusCode(400);
    decide(STREET, id, plan, Map.of("decision", "REJECTED", "comment", "请补充安全计划"))
        .statusCode(200)
        .body("decision", equalTo("REJECTED"));
    call(WORKER, "GET", "/cases/" + id, null).body("status", equalTo("ASSESSMENT"));
    long again = askApproval(WORKER, id, "CASE_PLAN");
    decide(STREET, id, again, Map.of("decision", "APPROVED")).statusCode(200);
    call(WORKER, "GET", "/cases/" + id, null).body("status", equalTo("IN_PROGRESS"));

    // Resolved with a follow-up in the future; closing waits for the follow-up.
    call(
            WORKER,
            "POST",
            "/cases/" + id + "/resolve",
            Map.of(
                "resolution",
                "SAFE_AND_SUPPORTED",
                "followUpDue",
                OffsetDateTime.now().minusDays(1).toString()))
        .statusCode(400);
    call(
            WORKER,
            "POST",
            "/cases/" + id + "/resolve",
            Map.of(
                "resolution",
                "SAFE_AND_SUPPORTED",
                "followUpDue",
                OffsetDateTime.now().plusDays(30).toString()))
        .statusCode(200)
        .body("status", equalTo("RESOLVED"));
    call(STREET, "POST", "/cases/" + id + "/approvals", Map.of("kind", "CLOSURE", "text", "结案"))
        .statusCode(422);
    call(
            WORKER,
            "POST",
            "/cases/" + id + "/timeline",
            Map.of("kind", "FOLLOW_UP", "note", "回访：已安全"))
        .statusCode(201);
    // The street supervisor asks to close: she cannot approve her own; the district does.
    long closure = askApproval(STREET, id, "CLOSURE");
    decide(STREET, id, closure, Map.of("decision", "APPROVED")).statusCode(403);
    decide(DISTRICT, id, closure, Map.of("decision", "APPROVED")).statusCode(200);
    call(WORKER, "GET", "/cases/" + id, null)
        .body("status", equalTo("CLOSED"))
        .body("closedAt", notNullValue());

    // Closed: nothing more is added; reopened with a reason, the work goes on.
    call(WORKER, "POST", "/cases/" + id + "/timeline", Map.of("kind", "NOTE", "note", "迟到的记录"))
        .statusCode(422);
    call(WORKER, "POST", "/cases/" + id + "/reopen", Map.of("reason", "她再次来电求助"))
        .statusCode(200)
        .body("status", equalTo("IN_PROGRESS"))
        .body("resolution", equalTo(null));

    List<String> kinds =
        call(WORKER, "GET", "/cases/" + id + "/timeline", null).extract().path("kind");
    assertThat(kinds)
        .containsExactly(
            "OPENED",
            "APPROVAL_REQUESTED",
            "REJECTED",
            "APPROVAL_REQUESTED",
            "APPROVED",
            "RESOLVED",
            "FOLLOW_UP",
            "APPROVAL_REQUESTED",
            "APPROVED",
            "REOPENED");
    assertThat(
            Db.text(
                "select string_agg(coalesce(decided_by, '-'), ',' order by id) from"
                    + " help_case_approval where case_id = ?",
                id))
        .isEqualTo(
            String.join(
                ",",
                Tokens.SUBJECTS.get(STREET),
                Tokens.SUBJECTS.get(STREET),
                Tokens.SUBJECTS.get(DISTRICT)));
  }

  @Test
  void theTimelineIsAppendOnlyAndItsNotesShowOnlyWhenRevealed() {
    long group = CaseWorkTest.scratchGroup();
    long id = openCase(group);
    String words = "她说孩子周末要去外婆家，安全计划：备用钥匙放邻居家 " + UUID.randomUUID();
    long entry =
        call(
                WORKER,
                "POST",
                "/cases/" + id + "/timeline",
                Map.of(
                    "kind",
                    "SAFETY_PLAN",
                    "note",
                    words,
                    "dueAt",
                    OffsetDateTime.now().plusDays(7).toString()))
            .statusCode(201)
            .body("hasNote", equalTo(true))
            .extract()
            .jsonPath()
            .getLong("id");
    String timeline =
        call(STREET, "GET", "/cases/" + id + "/timeline", null)
            .statusCode(200)
            .extract()
            .asString();
    assertThat(timeline).doesNotContain(words).contains("SAFETY_PLAN");
    call(STREET, "POST", "/cases/" + id + "/timeline/reveal", Map.of("entryIds", List.of(entry)))
        .statusCode(400);
    call(
            STREET,
            "POST",
            "/cases/" + id + "/timeline/reveal",
            Map.of("entryIds", List.of(entry), "reason", "个案会议准备"))
        .statusCode(200)
        .body("[0].note", equalTo(words));
    assertThatThrownBy(
            () -> Db.update("update help_case_entry set kind = 'NOTE' where id = ?", entry))
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> Db.update("delete from help_case_entry where id = ?", entry))
        .hasMessageContaining("append-only");
    assertThat(
            Db.count(
                "select count(*) from help_case_entry where id = ? and note_sealed like ?",
                entry,
                "%安全计划%"))
        .isZero();
    // Every read is in the audit, with the reveal's reason.
    assertThat(
            Db.text(
                "select detail::text from audit_log where action = 'case.reveal' and target_id = ?"
                    + " order by id desc limit 1",
                String.valueOf(id)))
        .contains("个案会议准备");
  }

  @Test
  void aSecondIntakeOfThePersonJoinsHerCaseAndATransferMovesTheReach() {
    long group = CaseWorkTest.scratchGroup();
    long id = openCase(group);
    long second = CaseTriageTest.recorded(group, Map.of());
    CaseTriageTest.triage(WORKER, second, Map.of("outcome", "INFORMATION", "caseId", id))
        .statusCode(400);
    CaseTriageTest.triage(WORKER, second, Map.of("outcome", "CASE", "caseId", id))
        .statusCode(200)
        .body("caseId", equalTo((int) id));
    call(WORKER, "GET", "/cases/" + id, null).body("requestIds.size()", equalTo(2));

    // A supervisor seated at the community: reaches it now, not after the transfer next door.
    var local = CaseAlertTest.supervisorAt(OrgUnits.idOf("FT-01-01"));
    given().auth().oauth2(local.get("token")).get("/cases/" + id).then().statusCode(200);
    call(
            WORKER,
            "POST",
            "/cases/" + id + "/transfer",
            Map.of("orgUnitId", OrgUnits.idOf("FT-01-02"), "reason", "她搬家了"))
        .statusCode(403);
    call(
            STREET,
            "POST",
            "/cases/" + id + "/transfer",
            Map.of("orgUnitId", OrgUnits.idOf("FT-01-02"), "reason", "她搬家了"))
        .statusCode(200)
        .body("orgUnitId", equalTo((int) OrgUnits.idOf("FT-01-02")))
        .body("caseworker", equalTo(null));
    given().auth().oauth2(local.get("token")).get("/cases/" + id).then().statusCode(404);
    given()
        .auth()
        .oauth2(local.get("token"))
        .get("/case-work/help-requests/" + second)
        .then()
        .statusCode(404);
    call(WORKER, "GET", "/cases/" + id, null).statusCode(404);
    call(STREET, "GET", "/cases/" + id + "/timeline", null)
        .statusCode(200)
        .body("kind", hasItem("TRANSFERRED"))
        .body("find { it.kind == 'TRANSFERRED' }.detail.fromUnitId", equalTo((int) group));
    // Assigned to the caseworker of FT-01-01? Her seats do not reach FT-01-02.
    call(
            STREET,
            "PUT",
            "/cases/" + id + "/caseworker",
            Map.of("subject", Tokens.SUBJECTS.get(WORKER)))
        .statusCode(400);
  }

  @Test
  void breakingTheGlassGivesAFewHoursOfReadingAndPagesTheSupervisor() {
    long group = CaseWorkTest.scratchGroup();
    long id = openCase(group);
    var sup = CaseAlertTest.supervisorAt(group);
    var stranger =
        cn.futian.jufu.testing.TestUsers.withRealmRole("glass-" + UUID.randomUUID(), "caseworker");
    appointCaseworker(stranger.get("subject"), OrgUnits.idOf("FT-01-02"));
    String token = stranger.get("token");
    given().auth().oauth2(token).get("/cases/" + id).then().statusCode(404);
    given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(Map.of("reason", "x"))
        .post("/cases/" + id + "/emergency-access")
        .then()
        .statusCode(400);
    given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(Map.of("reason", "她在我社区求助，正处危险"))
        .post("/cases/" + id + "/emergency-access")
        .then()
        .statusCode(200)
        .body("id", equalTo((int) id));
    given().auth().oauth2(token).get("/cases/" + id + "/timeline").then().statusCode(200);
    // Read-only: nothing is written on a case reached this way.
    given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(Map.of("kind", "NOTE", "note", "越权写入"))
        .post("/cases/" + id + "/timeline")
        .then()
        .statusCode(403);
    long supMember = Db.count("select id from member where subject = ?", sup.get("subject"));
    assertThat(
            Db.count(
                "select count(*) from outbox where aggregate_type = 'help_case' and aggregate_id = ?"
                    + " and type = 'CASE_EMERGENCY_ACCESS' and member_id = ?",
                id,
                supMember))
        .isEqualTo(1);
    assertThat(
            Db.text(
                "select detail::text from audit_log where action = 'case.break-glass'"
                    + " and target_id = ? order by id desc limit 1",
                String.valueOf(id)))
        .contains("正处危险");
    // Her supervisor reads who broke the glass, and why, in the case's trail.
    given()
        .auth()
        .oauth2(sup.get("token"))
        .get("/cases/" + id + "/audit")
        .then()
        .statusCode(200)
        .body(
            "find { it.action == 'case.break-glass' }.actorSubject",
            equalTo(stranger.get("subject")))
        .body("find { it.action == 'case.break-glass' }.detail.reason", equalTo("她在我社区求助，正处危险"));
    given().auth().oauth2(token).get("/cases/" + id + "/audit").then().statusCode(403);
    // In reach already: no glass to break. After the grant's hours: 404 again.
    call(WORKER, "POST", "/cases/" + id + "/emergency-access", Map.of("reason", "我自己的个案"))
        .statusCode(422);
    Db.update(
        "update case_emergency_access set granted_at = now() - interval '5 hours',"
            + " expires_at = now() - interval '1 hour' where case_id = ?",
        id);
    given().auth().oauth2(token).get("/cases/" + id).then().statusCode(404);
  }

  static void appointCaseworker(String subject, long unit) {
    CaseWorkTest.appoint(subject, unit, "CASEWORKER");
  }
}
