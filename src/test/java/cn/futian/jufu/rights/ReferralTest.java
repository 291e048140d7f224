package cn.futian.jufu.rights;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.OrgUnits;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Referrals of a case: consent or override, the receiver sees only the summary (ADR 0023). */
@QuarkusTest
class ReferralTest {

  static final String WORKER = Tokens.CASEWORKER;
  static final String STREET = Tokens.CASE_SUPERVISOR;

  static ValidatableResponse as(String token, String method, String path, Object body) {
    var spec = given().auth().oauth2(token);
    if (body != null) {
      spec = spec.contentType(ContentType.JSON).body(body);
    }
    return spec.request(method, path).then();
  }

  @Test
  void aReferralToAPartnerRunsSentAcceptedDoneOnTheTimeline() {
    long caseId = CaseFlowTest.openCase(CaseWorkTest.scratchGroup());
    long id =
        as(
                Tokens.of(WORKER),
                "POST",
                "/cases/" + caseId + "/referrals",
                Map.of(
                    "targetKind",
                    "LEGAL_AID",
                    "targetName",
                    "福田区法律援助处",
                    "summary",
                    "需要离婚诉讼法律援助",
                    "consentRecorded",
                    true))
            .statusCode(201)
            .body("status", equalTo("SENT"))
            .body("consent", equalTo("RECORDED"))
            .extract()
            .jsonPath()
            .getLong("id");
    as(Tokens.of(WORKER), "POST", "/referrals/" + id + "/response", Map.of("decision", "REJECTED"))
        .statusCode(400);
    as(Tokens.of(WORKER), "POST", "/referrals/" + id + "/response", Map.of("decision", "ACCEPTED"))
        .statusCode(200)
        .body("status", equalTo("ACCEPTED"));
    as(Tokens.of(WORKER), "POST", "/referrals/" + id + "/done", null)
        .statusCode(200)
        .body("status", equalTo("DONE"));
    as(Tokens.of(WORKER), "POST", "/referrals/" + id + "/revoke", Map.of("reason", "已办结仍撤回"))
        .statusCode(422);
    List<String> kinds =
        as(Tokens.of(WORKER), "GET", "/cases/" + caseId + "/timeline", null).extract().path("kind");
    assertThat(kinds).containsSubsequence("REFERRAL_SENT", "REFERRAL_ANSWERED", "REFERRAL_DONE");
    assertThat(
            Db.count(
                "select count(*) from help_case_referral where id = ? and summary_sealed like '%法律援助%'",
                id))
        .isZero();
  }

  @Test
  void withoutHerConsentOnlyASupervisorRefersAndSaysWhy() {
    long caseId = CaseFlowTest.openCase(CaseWorkTest.scratchGroup());
    Map<String, Object> body =
        Map.of("targetKind", "POLICE", "summary", "孩子处于危险之中", "consentRecorded", false);
    as(Tokens.of(WORKER), "POST", "/cases/" + caseId + "/referrals", body).statusCode(403);
    as(Tokens.of(STREET), "POST", "/cases/" + caseId + "/referrals", body)
        .statusCode(400)
        .body("errors.field", hasItem("overrideReason"));
    Map<String, Object> withReason = new java.util.HashMap<>(body);
    withReason.put("overrideReason", "儿童人身安全紧急，依法报警");
    as(Tokens.of(STREET), "POST", "/cases/" + caseId + "/referrals", withReason)
        .statusCode(201)
        .body("consent", equalTo("OVERRIDDEN"));
    assertThat(
            Db.text(
                "select override_by from help_case_referral where case_id = ? and consent ="
                    + " 'OVERRIDDEN'",
                caseId))
        .isEqualTo(Tokens.SUBJECTS.get(STREET));
  }

  @Test
  void anotherUnitReceivesTheSummaryAndNothingElseOfTheCase() {
    long caseId = CaseFlowTest.openCase(CaseWorkTest.scratchGroup());
    long neighbour = OrgUnits.idOf("FT-01-02");
    String summary = "当事人已搬至邻社区，需要继续跟进 " + UUID.randomUUID();
    long id =
        as(
                Tokens.of(WORKER),
                "POST",
                "/cases/" + caseId + "/referrals",
                Map.of(
                    "targetKind",
                    "OTHER_UNIT",
                    "targetUnitId",
                    neighbour,
                    "summary",
                    summary,
                    "consentRecorded",
                    true))
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    Map<String, String> receiver = CaseAlertTest.supervisorAt(neighbour);
    as(receiver.get("token"), "GET", "/referrals/incoming", null)
        .statusCode(200)
        .body("find { it.id == " + id + " }.summary", equalTo(summary))
        .body("find { it.id == " + id + " }.domesticViolence", equalTo(true));
    as(receiver.get("token"), "GET", "/cases/" + caseId, null).statusCode(404);
    as(receiver.get("token"), "GET", "/cases/" + caseId + "/timeline", null).statusCode(404);
    // The sender does not answer for a unit that receives in the service; the receiver does.
    as(Tokens.of(WORKER), "POST", "/referrals/" + id + "/response", Map.of("decision", "ACCEPTED"))
        .statusCode(404);
    as(
            receiver.get("token"),
            "POST",
            "/referrals/" + id + "/response",
            Map.of("decision", "ACCEPTED"))
        .statusCode(200)
        .body("respondedBy", equalTo(receiver.get("subject")));
    as(receiver.get("token"), "POST", "/referrals/" + id + "/revoke", Map.of("reason", "接收方撤回"))
        .statusCode(404);
    as(Tokens.of(WORKER), "POST", "/referrals/" + id + "/revoke", Map.of("reason", "当事人改变主意"))
        .statusCode(200)
        .body("status", equalTo("REVOKED"));
    as(receiver.get("token"), "GET", "/referrals/incoming", null)
        .statusCode(200)
        .body("id", org.hamcrest.Matchers.not(hasItem((int) id)));
  }
}
