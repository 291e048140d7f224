package cn.futian.jufu.rights;

import static cn.futian.jufu.rights.CaseFlowTest.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.OrgUnits;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
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
    call(
            WORKER,
            "POST",
            "/difficulty-register/" + id + "/exit",
            Map.of("reason", "SITUATION_IMPROVED"))
        .statusCode(200)
        .body("status", equalTo("EXITED"));
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
}
