package cn.futian.jufu.rights;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Triage gives every contact an outcome, the blind index links one person's requests, and the
 * retention terms follow the outcome (issue 20, ADR 0020 and 0021).
 */
@QuarkusTest
class CaseTriageTest {

  static final String WORKER = Tokens.CASEWORKER;
  static final String STREET = Tokens.CASE_SUPERVISOR;

  static ValidatableResponse triage(String user, long id, Map<String, Object> body) {
    return given()
        .auth()
        .oauth2(Tokens.of(user))
        .contentType(ContentType.JSON)
        .body(body)
        .post("/case-work/help-requests/" + id + "/triage")
        .then();
  }

  static long recorded(long unit, Map<String, Object> extra) {
    Map<String, Object> body = CaseWorkTest.intake(unit, "分流测试 " + UUID.randomUUID());
    body.putAll(extra);
    return CaseWorkTest.record(Tokens.of(WORKER), body)
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  @Test
  void triageGivesOneOutcomeOnceWithItsNoteSealedAndStopsTheClock() {
    long group = CaseWorkTest.scratchGroup();
    long id = recorded(group, Map.of());
    String note = "已告知可申请人身安全保护令及 12338 热线 " + UUID.randomUUID();
    triage(WORKER, id, Map.of("outcome", "CONSULTATION", "note", note))
        .statusCode(200)
        .body("status", equalTo("TRIAGED"))
        .body("outcome", equalTo("CONSULTATION"))
        .body("triagedBy", equalTo(Tokens.SUBJECTS.get(WORKER)))
        .body("sealedFields", hasItem("TRIAGE_NOTE"));
    assertThat(
            Db.count(
                "select count(*) from help_request where id = ? and triage_note_sealed like ?",
                id,
                "%12338%"))
        .isZero();
    given()
        .auth()
        .oauth2(Tokens.of(STREET))
        .contentType(ContentType.JSON)
        .body(Map.of("fields", List.of("TRIAGE_NOTE"), "reason", "督导复核分流"))
        .post("/case-work/help-requests/" + id + "/reveal")
        .then()
        .statusCode(200)
        .body("triageNote", equalTo(note));
    // Once only; and a triaged request is off the response clock.
    triage(STREET, id, Map.of("outcome", "CASE")).statusCode(409);
    Db.update("update help_request set respond_by = now() - interval '1 hour' where id = ?", id);
    given()
        .auth()
        .oauth2(Tokens.of(STREET))
        .get("/case-work/help-requests/" + id)
        .then()
        .statusCode(200)
        .body("overdue", equalTo(false));
  }

  @Test
  void nothingNeedsItsReasonAndADuplicateItsEarlierRequestInReach() {
    long group = CaseWorkTest.scratchGroup();
    long first = recorded(group, Map.of());
    long again = recorded(group, Map.of());
    long unassigned = CaseWorkTest.fromMiniApp(group, "广告 " + UUID.randomUUID());
    triage(WORKER, again, Map.of("outcome", "NOTHING"))
        .statusCode(400)
        .body("errors.field", hasItem("nothingReason"));
    triage(WORKER, again, Map.of("outcome", "CASE", "nothingReason", "SPAM")).statusCode(400);
    triage(WORKER, again, Map.of("outcome", "NOTHING", "nothingReason", "DUPLICATE"))
        .statusCode(400)
        .body("errors.field", hasItem("duplicateOf"));
    triage(
            WORKER,
            again,
            Map.of("outcome", "NOTHING", "nothingReason", "DUPLICATE", "duplicateOf", again))
        .statusCode(400);
    // The caseworker does not reach the unassigned one: neither to triage nor to point at.
    triage(WORKER, unassigned, Map.of("outcome", "NOTHING", "nothingReason", "SPAM"))
        .statusCode(404);
    triage(
            WORKER,
            again,
            Map.of("outcome", "NOTHING", "nothingReason", "DUPLICATE", "duplicateOf", unassigned))
        .statusCode(400)
        .body("errors.field", hasItem("duplicateOf"));
    triage(
            WORKER,
            again,
            Map.of("outcome", "NOTHING", "nothingReason", "DUPLICATE", "duplicateOf", first))
        .statusCode(200)
        .body("nothingReason", equalTo("DUPLICATE"))
        .body("duplicateOf", equalTo((int) first));
    triage(STREET, unassigned, Map.of("outcome", "NOTHING", "nothingReason", "SPAM"))
        .statusCode(200);
  }

  @Test
  void theBlindIndexLinksOnePersonsRequestsWithoutHerNumberInClear() {
    long group = CaseWorkTest.scratchGroup();
    String mobile = "139" + String.format("%08d", (long) (Math.random() * 100_000_000L));
    String idNumber = "44030419900101" + String.format("%03d", (int) (Math.random() * 1000)) + "X";
    // She asks from the mini-app with the number in her safe contact; later a call is recorded
    // with the number written differently and her ID number.
    Map<String, Object> asked = new HashMap<>();
    asked.put("category", "MARRIAGE_FAMILY");
    asked.put("account", "想咨询 " + UUID.randomUUID());
    asked.put("contactBy", "PHONE");
    asked.put(
        "safeContact",
        "晚上 8 点后打 "
            + mobile.substring(0, 3)
            + "-"
            + mobile.substring(3, 7)
            + "-"
            + mobile.substring(7));
    asked.put("orgUnitId", group);
    String reference =
        given()
            .contentType(ContentType.JSON)
            .body(asked)
            .post("/help-requests")
            .then()
            .statusCode(201)
            .extract()
            .path("reference");
    long fromApp =
        Db.count(
            "select id from help_request where reference_hash = ?", ReferenceCodes.hash(reference));
    long call =
        recorded(group, Map.of("phone", "+86 " + mobile, "idNumber", idNumber.toLowerCase()));
    long visit = recorded(group, Map.of("idNumber", idNumber));
    recorded(group, Map.of("phone", "13700000000"));

    given()
        .auth()
        .oauth2(Tokens.of(STREET))
        .get("/case-work/help-requests/" + call)
        .then()
        .statusCode(200)
        .body("samePersonIds", equalTo(List.of((int) visit, (int) fromApp)))
        .body("sealedFields", hasItem("ID_NUMBER"));
    List<Integer> found =
        given()
            .auth()
            .oauth2(Tokens.of(STREET))
            .contentType(ContentType.JSON)
            .body(Map.of("phone", mobile))
            .post("/case-work/help-requests/search")
            .then()
            .statusCode(200)
            .extract()
            .path("id");
    assertThat(found).containsExactly((int) call, (int) fromApp);
    given()
        .auth()
        .oauth2(Tokens.of(STREET))
        .contentType(ContentType.JSON)
        .body(Map.of("phone", "12345"))
        .post("/case-work/help-requests/search")
        .then()
        .statusCode(400);

    // No number in clear in the table or in the audit log of the search.
    assertThat(
            Db.count(
                "select count(*) from help_request where id in (?, ?) and (phone_sealed like ?"
                    + " or id_number_sealed like ? or phone_blind like ?)",
                call,
                visit,
                "%" + mobile + "%",
                "%" + idNumber.substring(0, 10) + "%",
                "%" + mobile + "%"))
        .isZero();
    assertThat(
            Db.text(
                "select detail::text from audit_log where action = 'help-request.search'"
                    + " order by id desc limit 1"))
        .contains("phone")
        .doesNotContain(mobile);
  }

  @Test
  void theRetentionTermsFollowTheOutcome() {
    long group = CaseWorkTest.scratchGroup();
    long spam = recorded(group, Map.of());
    long recentSpam = recorded(group, Map.of());
    long answered = recorded(group, Map.of());
    long oldAnswered = recorded(group, Map.of());
    long open = recorded(group, Map.of());
    triage(WORKER, spam, Map.of("outcome", "NOTHING", "nothingReason", "PRANK")).statusCode(200);
    triage(WORKER, recentSpam, Map.of("outcome", "NOTHING", "nothingReason", "SPAM"))
        .statusCode(200);
    triage(WORKER, answered, Map.of("outcome", "INFORMATION")).statusCode(200);
    triage(WORKER, oldAnswered, Map.of("outcome", "CONSULTATION")).statusCode(200);
    Db.update(
        "update help_request set triaged_at = now() - interval '91 days' where id in (?, ?)",
        spam,
        answered);
    Db.update(
        "update help_request set triaged_at = now() - interval '1100 days' where id = ?",
        oldAnswered);
    Db.update(
        "update help_request set created_at = now() - interval '2000 days' where id = ?", open);

    given()
        .auth()
        .oauth2(Tokens.of(Tokens.ADMIN))
        .post("/admin/retention/purge")
        .then()
        .statusCode(200);
    assertThat(
            Db.longs(
                "select id from help_request where id in (?, ?, ?, ?, ?) order by id",
                spam,
                recentSpam,
                answered,
                oldAnswered,
                open))
        .containsExactly(recentSpam, answered, open);
  }
}
