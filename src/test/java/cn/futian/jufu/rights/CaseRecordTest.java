package cn.futian.jufu.rights;

import static cn.futian.jufu.rights.CaseFlowTest.call;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Protection orders to their expiry, and mediation to its outcome (issue 20, ADR 0023). */
@QuarkusTest
class CaseRecordTest {

  static final String WORKER = Tokens.CASEWORKER;

  @Inject CaseEscalation escalation;

  @Test
  void aProtectionOrderIsTrackedToItsExpiryAndRemindedOnce() throws Throwable {
    long caseId = CaseFlowTest.openCase(CaseWorkTest.scratchGroup());
    // Her caseworker has signed in once (she has an inbox).
    given().auth().oauth2(Tokens.of(WORKER)).get("/me").then().statusCode(200);
    LocalDate today = LocalDate.now();
    long order =
        call(
                WORKER,
                "POST",
                "/cases/" + caseId + "/orders",
                Map.of(
                    "kind",
                    "PROTECTION_ORDER",
                    "issuer",
                    "福田区人民法院",
                    "appliedOn",
                    today.minusDays(3).toString()))
            .statusCode(201)
            .body("status", equalTo("APPLIED"))
            .extract()
            .jsonPath()
            .getLong("id");
    String decision = "/cases/" + caseId + "/orders/" + order + "/decision";
    call(WORKER, "POST", decision, Map.of("status", "ISSUED", "decidedOn", today.toString()))
        .statusCode(400);
    call(
            WORKER,
            "POST",
            "/cases/" + caseId + "/orders/" + order + "/violations",
            Map.of("note", "他又来了"))
        .statusCode(422);
    call(
            WORKER,
            "POST",
            decision,
            Map.of(
                "status",
                "ISSUED",
                "decidedOn",
                today.toString(),
                "expiresOn",
                today.plusDays(10).toString()))
        .statusCode(200)
        .body("status", equalTo("ISSUED"));
    call(WORKER, "POST", decision, Map.of("status", "REFUSED", "decidedOn", today.toString()))
        .statusCode(422);
    call(
            WORKER,
            "POST",
            "/cases/" + caseId + "/orders/" + order + "/violations",
            Map.of("note", "他违反保护令到单位找她"))
        .statusCode(200)
        .body("violations", equalTo(1));
    List<String> kinds =
        call(WORKER, "GET", "/cases/" + caseId + "/timeline", null).extract().path("kind");
    assertThat(kinds).containsSubsequence("ORDER_RECORDED", "ORDER_DECIDED", "ORDER_VIOLATION");

    // Ten days before its end: the caseworker is reminded, once.
    VertxContextSupport.subscribeAndAwait(() -> escalation.remindBatch());
    long worker = Db.count("select id from member where subject = ?", Tokens.SUBJECTS.get(WORKER));
    String reminded =
        "select count(*) from outbox where aggregate_type = 'help_case' and aggregate_id = ?"
            + " and type = 'CASE_ORDER_EXPIRING' and member_id = ?";
    assertThat(Db.count(reminded, caseId, worker)).isEqualTo(1);
    VertxContextSupport.subscribeAndAwait(() -> escalation.remindBatch());
    assertThat(Db.count(reminded, caseId, worker)).isEqualTo(1);
  }

  @Test
  void aWarningLetterRefusedHasNoExpiry() {
    long caseId = CaseFlowTest.openCase(CaseWorkTest.scratchGroup());
    long order =
        call(
                WORKER,
                "POST",
                "/cases/" + caseId + "/orders",
                Map.of("kind", "WARNING_LETTER", "appliedOn", LocalDate.now().toString()))
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    String decision = "/cases/" + caseId + "/orders/" + order + "/decision";
    call(
            WORKER,
            "POST",
            decision,
            Map.of(
                "status",
                "REFUSED",
                "decidedOn",
                LocalDate.now().toString(),
                "expiresOn",
                LocalDate.now().plusDays(30).toString()))
        .statusCode(400);
    call(
            WORKER,
            "POST",
            decision,
            Map.of("status", "REFUSED", "decidedOn", LocalDate.now().toString()))
        .statusCode(200)
        .body("status", equalTo("REFUSED"));
  }

  @Test
  void aMediationRecordsItsSessionsAndEndsWithAnOutcome() {
    long caseId = CaseFlowTest.openCase(CaseWorkTest.scratchGroup());
    LocalDate start = LocalDate.now().minusDays(20);
    call(WORKER, "GET", "/cases/" + caseId + "/mediation", null).statusCode(404);
    call(
            WORKER,
            "POST",
            "/cases/" + caseId + "/mediation",
            Map.of("venue", "COMMITTEE", "parties", 2, "startedOn", start.toString()))
        .statusCode(201)
        .body("venue", equalTo("COMMITTEE"));
    call(
            WORKER,
            "POST",
            "/cases/" + caseId + "/mediation",
            Map.of("venue", "COURT_ROOM", "parties", 2, "startedOn", start.toString()))
        .statusCode(409);
    call(
            WORKER,
            "POST",
            "/cases/" + caseId + "/mediation/sessions",
            Map.of("heldOn", start.plusDays(7).toString(), "note", "双方就抚养费达成初步意向"))
        .statusCode(200)
        .body("sessions[0].hasNote", equalTo(true));
    call(
            WORKER,
            "POST",
            "/cases/" + caseId + "/mediation/outcome",
            Map.of("outcome", "SETTLED", "endedOn", start.minusDays(1).toString()))
        .statusCode(400);
    call(
            WORKER,
            "POST",
            "/cases/" + caseId + "/mediation/outcome",
            Map.of("outcome", "SETTLED", "endedOn", start.plusDays(14).toString()))
        .statusCode(200)
        .body("outcome", equalTo("SETTLED"));
    call(
            WORKER,
            "POST",
            "/cases/" + caseId + "/mediation/sessions",
            Map.of("heldOn", start.plusDays(15).toString()))
        .statusCode(422);
    assertThat(
            Db.count(
                "select count(*) from help_mediation_session s join help_mediation m on m.id ="
                    + " s.mediation_id where m.case_id = ? and s.note_sealed like '%抚养费%'",
                caseId))
        .isZero();
  }
}
