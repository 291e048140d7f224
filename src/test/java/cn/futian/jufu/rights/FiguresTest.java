package cn.futian.jufu.rights;

import static cn.futian.jufu.rights.CaseFlowTest.call;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.OrgUnits;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The year's figures are computed from the records, de-identified, small cells withheld below the
 * district (issue 20, ADR 0023). The records are moved to 2012, a year no other test writes.
 */
@QuarkusTest
class FiguresTest {

  static final String YEAR = "from=2012-01-01&to=2012-12-31";
  static final String WORKER = Tokens.CASEWORKER;

  static long request(long unit, String category, boolean dv) {
    Map<String, Object> body = CaseWorkTest.intake(unit, "统计测试");
    body.put("category", category);
    body.put("domesticViolence", dv);
    body.remove("riskAnswers");
    return CaseWorkTest.record(Tokens.of(WORKER), body)
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  @Test
  void theYearIsCountedFromTheRecordsAndSmallCellsAreWithheldBelowTheDistrict() {
    long group = CaseWorkTest.scratchGroup();
    List<Long> ids = new ArrayList<>();
    ids.add(request(group, "MARRIAGE_FAMILY", true));
    ids.add(request(group, "MARRIAGE_FAMILY", true));
    ids.add(request(group, "CUSTODY", false));
    ids.add(request(group, "LABOUR", false));
    ids.add(request(group, "LABOUR", false));
    ids.add(request(group, "PERSONAL_RIGHTS", false));
    long spam = request(group, "OTHER", false);
    CaseTriageTest.triage(WORKER, spam, Map.of("outcome", "NOTHING", "nothingReason", "SPAM"))
        .statusCode(200);
    CaseTriageTest.triage(WORKER, ids.get(5), Map.of("outcome", "CONSULTATION")).statusCode(200);
    CaseTriageTest.triage(WORKER, ids.get(2), Map.of("outcome", "CONSULTATION")).statusCode(200);
    // Five mediations, four settled.
    for (int i = 0; i < 5; i++) {
      long caseId = CaseFlowTest.openCase(group);
      call(
              WORKER,
              "POST",
              "/cases/" + caseId + "/mediation",
              Map.of("venue", "COMMITTEE", "parties", 2, "startedOn", "2012-03-01"))
          .statusCode(201);
      call(
              WORKER,
              "POST",
              "/cases/" + caseId + "/mediation/outcome",
              Map.of("outcome", i < 4 ? "SETTLED" : "NOT_SETTLED", "endedOn", "2012-04-01"))
          .statusCode(200);
      Db.update("update help_case set opened_at = '2012-02-01T10:00:00+08' where id = ?", caseId);
      Db.update(
          "update help_request set created_at = '2012-02-01T09:00:00+08' where case_id = ?",
          caseId);
    }
    // The register: two women (one single parent, visited in 2012), a child visited in 2012.
    long mother =
        call(WORKER, "POST", "/difficulty-register", DifficultyRegisterTest.entry(group, "统计甲"))
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    Map<String, Object> other = DifficultyRegisterTest.entry(group, "统计乙");
    other.put("situations", List.of("SERIOUS_ILLNESS"));
    call(WORKER, "POST", "/difficulty-register", other).statusCode(201);
    Map<String, Object> child = DifficultyRegisterTest.entry(group, "统计丙");
    child.put("kind", "CHILD");
    child.put("situations", List.of("MIGRANT_CHILD"));
    long kid =
        call(WORKER, "POST", "/difficulty-register", child)
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    for (long e : List.of(mother, kid)) {
      call(
              WORKER,
              "POST",
              "/difficulty-register/" + e + "/visits",
              Map.of("visitedOn", "2012-06-01", "mode", "HOME"))
          .statusCode(200);
    }
    for (long e : Db.longs("select id from difficulty_entry where org_unit_id = ?", group)) {
      DifficultyRegisterTest.confirm(e);
    }
    Db.update(
        "update difficulty_entry set registered_at = '2012-01-10T09:00:00+08',"
            + " confirmed_at = '2012-01-11T09:00:00+08' where org_unit_id = ?",
        group);
    for (long id : ids) {
      Db.update("update help_request set created_at = '2012-05-01T09:00:00+08' where id = ?", id);
    }
    Db.update("update help_request set created_at = '2012-05-01T09:00:00+08' where id = ?", spam);
    Db.update(
        "update help_request set respond_by = created_at + interval '3 days'"
            + " where created_at >= '2012-01-01' and created_at < '2013-01-01'");

    // The district: every count, shares and the settlement rate. 6 + the 5 requests of the cases.
    given()
        .auth()
        .oauth2(Tokens.of(Tokens.DISTRICT_CASE_SUPERVISOR))
        .get("/stats/rights?" + YEAR)
        .then()
        .statusCode(200)
        .body("districtLevel", equalTo(true))
        .body("contacts", equalTo(11))
        .body("byReportGroup.find { it.group == 'FAMILY' }.count", equalTo(8))
        .body("byReportGroup.find { it.group == 'LABOUR' }.count", equalTo(2))
        .body("byReportGroup.find { it.group == 'PERSONAL' }.count", equalTo(1))
        .body("domesticViolence", equalTo(7))
        .body("triagedNothing", equalTo(1))
        .body("consultations", equalTo(2))
        .body("marriageCounselling.consultations", equalTo(1))
        .body("marriageCounselling.cases", equalTo(0))
        .body("byMonth", equalTo(Map.of("2012-02", 5, "2012-05", 6)))
        .body("byUnit.find { it.code == 'FT-01' }.count", equalTo(11))
        .body("byUnit.size()", equalTo(1))
        // Triaged years after receipt: late; four not triaged yet.
        .body("response.answeredInTime", equalTo(0))
        .body("response.answeredLate", equalTo(7))
        .body("response.waiting", equalTo(4))
        .body("visitsByMode.HOME", equalTo(2))
        .body("visitsByMode.PHONE", equalTo(0))
        .body("casesOpened", equalTo(5))
        .body("mediationsEnded", equalTo(5))
        .body("mediationsSettled", equalTo(4))
        .body("settlementRate", equalTo(80.0f))
        .body("registerWomen", equalTo(2))
        .body("registerChildren", equalTo(1))
        .body("visitedSingleParentWomen", equalTo(1))
        .body("visitedChildren", equalTo(1))
        .body("suppressed", equalTo(List.of()));
    given()
        .auth()
        .oauth2(Tokens.of(Tokens.ADMIN))
        .get("/stats/rights?" + YEAR)
        .then()
        .statusCode(200)
        .body("contacts", equalTo(11));

    // Her community's supervisor: the same records, cells of 1 to 4 withheld.
    var local = CaseAlertTest.supervisorAt(group);
    given()
        .auth()
        .oauth2(local.get("token"))
        .get("/stats/rights?" + YEAR + "&unitId=" + group)
        .then()
        .statusCode(200)
        .body("districtLevel", equalTo(false))
        .body("contacts", equalTo(11))
        .body("byUnit.find { it.unitId == " + group + " }.count", equalTo(11))
        .body("byMonth.'2012-02'", equalTo(5))
        .body("response.waiting", nullValue())
        .body("visitsByMode.HOME", nullValue())
        .body("byReportGroup.find { it.group == 'LABOUR' }.count", nullValue())
        .body("byReportGroup.find { it.group == 'LABOUR' }.share", nullValue())
        .body("mediationsSettled", nullValue())
        .body("settlementRate", nullValue())
        .body("suppressed", hasItem("byReportGroup.LABOUR"))
        .body("suppressed", hasItem("mediationsSettled"));

    // Nobody else: an admin below the district, a caseworker, a cadre, a resident.
    given()
        .auth()
        .oauth2(Tokens.of(Tokens.ADMIN))
        .get("/stats/rights?" + YEAR + "&unitId=" + group)
        .then()
        .statusCode(403);
    given()
        .auth()
        .oauth2(local.get("token"))
        .get("/stats/rights?" + YEAR + "&unitId=" + OrgUnits.idOf("FT-01-02"))
        .then()
        .statusCode(403);
    for (String who : List.of(WORKER, Tokens.COMMUNITY_CADRE, Tokens.RESIDENT_A)) {
      given().auth().oauth2(Tokens.of(who)).get("/stats/rights?" + YEAR).then().statusCode(403);
    }
    given()
        .auth()
        .oauth2(Tokens.of(Tokens.ADMIN))
        .get("/stats/rights?from=2012-12-31&to=2012-01-01")
        .then()
        .statusCode(400);
  }
}
