package cn.futian.jufu.rights;

import static cn.futian.jufu.rights.CaseFlowTest.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.OrgUnits;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The register of women and children in difficulty, and visits (issue 20, ADR 0024). */
@QuarkusTest
class DifficultyRegisterTest {

  static final String WORKER = Tokens.CASEWORKER;
  static final String STREET = Tokens.CASE_SUPERVISOR;

  static Map<String, Object> entry(long unit, String name) {
    Map<String, Object> body = new HashMap<>();
    body.put("orgUnitId", unit);
    body.put("kind", "WOMAN");
    body.put("situations", List.of("SINGLE_PARENT", "LOW_INCOME"));
    body.put("name", name);
    body.put("phone", "13811112222");
    body.put("address", "园岭街道某小区 3 栋");
    body.put("nextVisitDue", LocalDate.now().minusDays(1).toString());
    return body;
  }

  /** The open change of an entry. */
  static long openChange(long entryId) {
    return Db.count(
        "select id from difficulty_change where entry_id = ? and decision is null", entryId);
  }

  static ValidatableResponse decide(String who, long entryId, String decision, String reason) {
    Map<String, Object> body = new HashMap<>();
    body.put("decision", decision);
    if (reason != null) {
      body.put("reason", reason);
    }
    return call(
        who, "POST", "/difficulty-register/changes/" + openChange(entryId) + "/decision", body);
  }

  /** Confirms the entry's proposal as the street's supervisor. */
  static void confirm(long entryId) {
    decide(STREET, entryId, "CONFIRMED", null).statusCode(200);
  }

  @Test
  void anEntryIsSealedMaskedVisitedAndTakenOffTheRegister() {
    long group = CaseWorkTest.scratchGroup();
    String name = "台账测试 " + UUID.randomUUID().toString().substring(0, 6);
    long id =
        call(WORKER, "POST", "/difficulty-register", entry(group, name))
            .statusCode(201)
            .body("caseworker", equalTo(Tokens.SUBJECTS.get(WORKER)))
            .body("situations", equalTo(List.of("LOW_INCOME", "SINGLE_PARENT")))
            .body("visitOverdue", equalTo(true))
            .body("sealedFields", equalTo(List.of("NAME", "PHONE", "ADDRESS")))
            .extract()
            .jsonPath()
            .getLong("id");
    String shown =
        call(STREET, "GET", "/difficulty-register/" + id, null)
            .statusCode(200)
            .extract()
            .asString();
    assertThat(shown).doesNotContain(name).doesNotContain("13811112222");
    assertThat(
            Db.count(
                "select count(*) from difficulty_entry where id = ? and name_sealed like ?",
                id,
                "%台账测试%"))
        .isZero();
    call(
            STREET,
            "POST",
            "/difficulty-register/" + id + "/reveal",
            Map.of("fields", List.of("NAME"), "reason", "走访前核对"))
        .statusCode(200)
        .body("name", equalTo(name))
        .body("phone", equalTo(null));

    // A visit: the support given, the next due date; a visit in the future is refused.
    call(
            WORKER,
            "POST",
            "/difficulty-register/" + id + "/visits",
            Map.of("visitedOn", LocalDate.now().plusDays(1).toString(), "mode", "HOME"))
        .statusCode(400);
    call(
            WORKER,
            "POST",
            "/difficulty-register/" + id + "/visits",
            Map.of(
                "visitedOn",
                LocalDate.now().toString(),
                "mode",
                "HOME",
                "support",
                List.of("MATERIAL", "COUNSELLING"),
                "needs",
                "孩子开学需要校服",
                "nextVisitDue",
                LocalDate.now().plusMonths(3).toString()))
        .statusCode(200)
        .body("[0].support", equalTo(List.of("COUNSELLING", "MATERIAL")))
        .body("[0].hasNeeds", equalTo(true));
    call(WORKER, "GET", "/difficulty-register/" + id, null)
        .body("visits", equalTo(1))
        .body("visitOverdue", equalTo(false));

    // Out of the neighbour's reach; off the register, no more visits.
    var neighbour = CaseAlertTest.supervisorAt(OrgUnits.idOf("FT-01-02"));
    io.restassured.RestAssured.given()
        .auth()
        .oauth2(neighbour.get("token"))
        .get("/difficulty-register/" + id)
        .then()
        .statusCode(404);
    confirm(id);
    call(
            WORKER,
            "POST",
            "/difficulty-register/" + id + "/changes",
            Map.of("kind", "EXIT", "exitReason", "SITUATION_IMPROVED"))
        .statusCode(201);
    decide(STREET, id, "CONFIRMED", null).statusCode(200).body("status", equalTo("EXITED"));
    call(
            WORKER,
            "POST",
            "/difficulty-register/" + id + "/visits",
            Map.of("visitedOn", LocalDate.now().toString(), "mode", "PHONE"))
        .statusCode(422);
    call(STREET, "GET", "/difficulty-register?status=EXITED&size=200", null)
        .statusCode(200)
        .body("items.id", hasItem((int) id));
    call(Tokens.COMMUNITY_CADRE, "GET", "/difficulty-register", null).statusCode(403);
  }

  @Test
  void theStreetConfirmsEntriesAndChangesAndTheRiskSetsTheVisits() {
    long group = CaseWorkTest.scratchGroup();
    Map<String, Object> mother = entry(group, "家庭测试母亲");
    mother.remove("nextVisitDue");
    mother.put("birthYear", 1986);
    mother.put("education", "JUNIOR_SECONDARY");
    mother.put("incomeBand", "SUBSISTENCE");
    long mum =
        call(WORKER, "POST", "/difficulty-register", mother)
            .statusCode(201)
            .body("status", equalTo("PROPOSED"))
            .body("pendingChange", equalTo("REGISTER"))
            .body("confirmedAt", equalTo(null))
            .body("riskLevel", equalTo("STANDARD"))
            .body("visitEveryDays", equalTo(180))
            .extract()
            .jsonPath()
            .getLong("id");
    // The proposal names facts, never her name.
    call(WORKER, "GET", "/difficulty-register/" + mum + "/changes", null)
        .statusCode(200)
        .body("[0].kind", equalTo("REGISTER"))
        .body("[0].proposed.education", equalTo("JUNIOR_SECONDARY"))
        .body("[0].proposed.name", equalTo(null));

    // A child joins her household; a woman cannot point at a household.
    Map<String, Object> child = entry(group, "家庭测试孩子");
    child.put("kind", "CHILD");
    child.put("situations", List.of("LOW_INCOME"));
    child.put("householdId", mum);
    long kid =
        call(WORKER, "POST", "/difficulty-register", child)
            .statusCode(201)
            .body("householdId", equalTo((int) mum))
            .extract()
            .jsonPath()
            .getLong("id");
    Map<String, Object> wrong = entry(group, "家庭测试错误");
    wrong.put("householdId", mum);
    call(WORKER, "POST", "/difficulty-register", wrong)
        .statusCode(400)
        .contentType("application/problem+json");
    call(WORKER, "GET", "/difficulty-register?householdId=" + mum, null)
        .statusCode(200)
        .body("total", equalTo(2));

    // Nobody confirms her own proposal; a community's supervisor confirms nothing.
    var community = CaseAlertTest.supervisorAt(group);
    io.restassured.RestAssured.given()
        .auth()
        .oauth2(community.get("token"))
        .contentType("application/json")
        .body(Map.of("decision", "CONFIRMED"))
        .post("/difficulty-register/changes/" + openChange(mum) + "/decision")
        .then()
        .statusCode(403);
    call(STREET, "GET", "/difficulty-register/changes", null)
        .statusCode(200)
        .body("entryId", hasItem((int) mum));
    decide(STREET, mum, "REJECTED", null).statusCode(400);
    String due = LocalDate.now().plusDays(180).toString();
    decide(STREET, mum, "CONFIRMED", null)
        .statusCode(200)
        .body("status", equalTo("ACTIVE"))
        .body("pendingChange", equalTo(null))
        .body("nextVisitDue", equalTo(due))
        .body("reviewDue", equalTo(LocalDate.now().plusMonths(12).toString()));
    decide(STREET, kid, "REJECTED", "信息不全，请补充后重新提交")
        .statusCode(200)
        .body("status", equalTo("REJECTED"));
    call(WORKER, "GET", "/difficulty-register?status=ACTIVE&dueWithinDays=181&size=200", null)
        .statusCode(200)
        .body("items.id", hasItem((int) mum));

    // A change: higher risk visits her sooner once confirmed; one open change at a time.
    call(
            WORKER,
            "POST",
            "/difficulty-register/" + mum + "/changes",
            Map.of("kind", "UPDATE", "riskLevel", "HIGH", "status", "IMPROVING"))
        .statusCode(201)
        .body("proposed.riskLevel", equalTo("HIGH"));
    call(
            WORKER,
            "POST",
            "/difficulty-register/" + mum + "/changes",
            Map.of("kind", "EXIT", "exitReason", "MOVED_AWAY"))
        .statusCode(409);
    call(WORKER, "GET", "/difficulty-register/" + mum, null)
        .body("riskLevel", equalTo("STANDARD"))
        .body("pendingChange", equalTo("UPDATE"));
    decide(WORKER, mum, "CONFIRMED", null).statusCode(403);
    decide(STREET, mum, "CONFIRMED", null)
        .statusCode(200)
        .body("riskLevel", equalTo("HIGH"))
        .body("status", equalTo("IMPROVING"))
        .body("visitEveryDays", equalTo(30))
        .body("nextVisitDue", equalTo(LocalDate.now().plusDays(30).toString()))
        .body("education", equalTo("JUNIOR_SECONDARY"));
    // Bad proposals: nothing to change, an exit without its reason, a status it cannot take.
    call(WORKER, "POST", "/difficulty-register/" + mum + "/changes", Map.of("kind", "UPDATE"))
        .statusCode(400);
    call(WORKER, "POST", "/difficulty-register/" + mum + "/changes", Map.of("kind", "EXIT"))
        .statusCode(400);
    call(
            WORKER,
            "POST",
            "/difficulty-register/" + mum + "/changes",
            Map.of("kind", "UPDATE", "status", "EXITED"))
        .statusCode(400);
    // A visit without a next date: the risk's frequency.
    call(
            WORKER,
            "POST",
            "/difficulty-register/" + mum + "/visits",
            Map.of("visitedOn", LocalDate.now().toString(), "mode", "HOME"))
        .statusCode(200);
    call(WORKER, "GET", "/difficulty-register/" + mum, null)
        .body("nextVisitDue", equalTo(LocalDate.now().plusDays(30).toString()));
  }

  @Test
  void theRegisterIsAnalysedByTheReportsDimensionsWithSmallCellsWithheld() {
    long group = CaseWorkTest.scratchGroup();
    long mother = 0;
    for (int i = 0; i < 6; i++) {
      Map<String, Object> woman = entry(group, "结构分析 " + i);
      woman.put("birthYear", 1990);
      woman.put("education", i < 5 ? "JUNIOR_SECONDARY" : "UNIVERSITY");
      woman.put("incomeBand", "SUBSISTENCE");
      long id =
          call(WORKER, "POST", "/difficulty-register", woman)
              .statusCode(201)
              .extract()
              .jsonPath()
              .getLong("id");
      confirm(id);
      mother = id;
    }
    Map<String, Object> child = entry(group, "结构分析孩子");
    child.put("kind", "CHILD");
    child.put("situations", List.of("LOW_INCOME"));
    child.put("householdId", mother);
    child.put("birthYear", LocalDate.now().getYear() - 8);
    long kid =
        call(WORKER, "POST", "/difficulty-register", child)
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    // Proposed, not yet confirmed: not on the register.
    var local = CaseAlertTest.supervisorAt(group);
    String path = "/stats/rights/register?unitId=" + group;
    io.restassured.RestAssured.given()
        .auth()
        .oauth2(local.get("token"))
        .get(path)
        .then()
        .statusCode(200)
        .body("districtLevel", equalTo(false))
        .body("women", equalTo(6))
        .body("children", equalTo(0));
    confirm(kid);
    io.restassured.RestAssured.given()
        .auth()
        .oauth2(local.get("token"))
        .get(path)
        .then()
        .statusCode(200)
        .body("women", equalTo(6))
        .body("children", equalTo(null))
        .body("households", equalTo(null))
        .body("byAgeBand.'30_39'", equalTo(6))
        .body("byAgeBand.CHILD_6_11", equalTo(null))
        .body("byEducation.JUNIOR_SECONDARY", equalTo(5))
        .body("byEducation.UNIVERSITY", equalTo(null))
        .body("byIncomeBand.SUBSISTENCE", equalTo(6))
        .body("bySituation.SINGLE_PARENT", equalTo(6))
        .body("byStatus.ACTIVE", equalTo(7))
        .body("visitsOverdue", equalTo(7))
        .body("suppressed", hasItem("children"))
        .body("suppressed", hasItem("byEducation.UNIVERSITY"));
    // The district's view for admins; a caseworker and a cadre see no analysis.
    call(Tokens.ADMIN, "GET", "/stats/rights/register", null)
        .statusCode(200)
        .body("districtLevel", equalTo(true));
    call(WORKER, "GET", path, null).statusCode(403);
    call(Tokens.COMMUNITY_CADRE, "GET", "/stats/rights/register", null).statusCode(403);
  }
}
