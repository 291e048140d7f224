package cn.futian.jufu.rights;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.OrgUnits;
import cn.futian.jufu.testing.TestUsers;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The case team's view of help requests (issue 20, ADR 0021): who reaches what, masked by default,
 * revealed with a reason, every read audited, staff intake, assignment.
 */
@QuarkusTest
class CaseWorkTest {

  static final String WORKER = Tokens.CASEWORKER;
  static final String STREET = Tokens.CASE_SUPERVISOR;
  static final String DISTRICT = Tokens.DISTRICT_CASE_SUPERVISOR;

  /** A women's group under FT-01-01 of this test alone, so lists hold only this test's rows. */
  static long scratchGroup() {
    return given()
        .auth()
        .oauth2(Tokens.of(Tokens.ADMIN))
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "code",
                "CW-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(),
                "parentId",
                OrgUnits.idOf("FT-01-01"),
                "kind",
                "WOMENS_GROUP",
                "nameZh",
                "个案测试妇女小组"))
        .post("/org-units")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  static Map<String, Object> intake(long unit, String account) {
    Map<String, Object> body = new HashMap<>();
    body.put("category", "MARRIAGE_FAMILY");
    body.put("domesticViolence", true);
    body.put("account", account);
    body.put("contactBy", "PHONE");
    body.put("safeContact", "13812345678 工作日上午");
    body.put("orgUnitId", unit);
    body.put("channel", "PHONE");
    body.put("riskAnswers", Map.of("STRANGULATION", "YES", "CHILDREN_IN_DANGER", "NO"));
    return body;
  }

  static ValidatableResponse record(String token, Map<String, Object> body) {
    return given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/case-work/help-requests")
        .then();
  }

  static ValidatableResponse get(String token, String path) {
    return given().auth().oauth2(token).get(path).then();
  }

  /** A request from the mini-app, filed to a unit; its id read back from the database. */
  static long fromMiniApp(Long unit, String account) {
    Map<String, Object> body = new HashMap<>();
    body.put("category", "LABOUR");
    body.put("account", account);
    body.put("contactBy", "INBOX_ONLY");
    if (unit != null) {
      body.put("orgUnitId", unit);
    }
    String reference =
        given()
            .contentType(ContentType.JSON)
            .body(body)
            .post("/help-requests")
            .then()
            .statusCode(201)
            .extract()
            .path("reference");
    return Db.count(
        "select id from help_request where reference_hash = ?", ReferenceCodes.hash(reference));
  }

  static List<Long> listed(String token, long unit) {
    return get(token, "/case-work/help-requests?size=200&orgUnitId=" + unit)
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("items.id", Long.class);
  }

  @Test
  void aCaseworkerReachesWhatIsHersASupervisorHerSubtreeTheDistrictEverything() {
    long group = scratchGroup();
    String secret = "他掐过我的脖子 " + UUID.randomUUID();
    JsonPath recorded =
        record(Tokens.of(WORKER), intake(group, secret))
            .statusCode(201)
            .body("riskLevel", equalTo("HIGH"))
            .body("assignedTo", equalTo(Tokens.SUBJECTS.get(WORKER)))
            .extract()
            .jsonPath();
    long mine = recorded.getLong("id");
    assertThat(recorded.getString("reference")).matches("[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}");
    long unassigned = fromMiniApp(group, "工资被拖欠 " + UUID.randomUUID());
    long noUnit = fromMiniApp(null, "不知道找哪里 " + UUID.randomUUID());

    // The caseworker: hers only. The street supervisor: both of her subtree. Nothing in clear.
    assertThat(listed(Tokens.of(WORKER), group)).containsExactly(mine);
    assertThat(listed(Tokens.of(STREET), group)).containsExactlyInAnyOrder(mine, unassigned);
    get(Tokens.of(WORKER), "/case-work/help-requests/" + unassigned).statusCode(404);
    String detail =
        get(Tokens.of(STREET), "/case-work/help-requests/" + mine)
            .statusCode(200)
            .body("channel", equalTo("PHONE"))
            .body("legalBasis", equalTo("LEGAL_DUTY"))
            .body("recordedBy", equalTo(Tokens.SUBJECTS.get(WORKER)))
            .body("sealedFields", equalTo(List.of("ACCOUNT", "SAFE_CONTACT", "RISK_ANSWERS")))
            .extract()
            .asString();
    assertThat(detail).doesNotContain(secret).doesNotContain("13812345678");

    // A request without a unit is the district's: the street does not reach it, the district does.
    get(Tokens.of(STREET), "/case-work/help-requests/" + noUnit).statusCode(404);
    get(Tokens.of(DISTRICT), "/case-work/help-requests/" + noUnit)
        .statusCode(200)
        .body("orgUnitId", nullValue())
        .body("linkedToAccount", equalTo(false));
    assertThat(listed(Tokens.of(DISTRICT), group)).contains(mine, unassigned);

    // Cadres and admins reach nothing, not even the list.
    for (String other : List.of(Tokens.COMMUNITY_CADRE, Tokens.STREET_CADRE, Tokens.ADMIN)) {
      get(Tokens.of(other), "/case-work/help-requests").statusCode(403);
      get(Tokens.of(other), "/case-work/help-requests/" + mine).statusCode(403);
    }
  }

  @Test
  void revealingTakesAReasonAndEveryReadIsInTheTrailHerSupervisorReads() {
    long group = scratchGroup();
    String secret = "他说要杀了我 " + UUID.randomUUID();
    long id =
        record(Tokens.of(WORKER), intake(group, secret))
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    given()
        .auth()
        .oauth2(Tokens.of(WORKER))
        .contentType(ContentType.JSON)
        .body(Map.of("fields", List.of("ACCOUNT")))
        .post("/case-work/help-requests/" + id + "/reveal")
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("reason"));
    given()
        .auth()
        .oauth2(Tokens.of(WORKER))
        .contentType(ContentType.JSON)
        .body(Map.of("fields", List.of("ACCOUNT", "RISK_ANSWERS"), "reason", "回电前核对情况"))
        .post("/case-work/help-requests/" + id + "/reveal")
        .then()
        .statusCode(200)
        .body("account", equalTo(secret))
        .body("safeContact", nullValue())
        .body("riskAnswers.STRANGULATION", equalTo("YES"))
        .body("riskVersion", equalTo(1));
    listed(Tokens.of(WORKER), group);
    // A neighbour's try is refused as if there were nothing, and audited.
    Map<String, String> stranger =
        TestUsers.withRealmRole("cw-stranger-" + UUID.randomUUID(), "caseworker");
    get(stranger.get("token"), "/case-work/help-requests/" + id).statusCode(404);

    // The caseworker cannot read the trail; her supervisor can, with every read in it.
    get(Tokens.of(WORKER), "/case-work/help-requests/" + id + "/audit").statusCode(403);
    JsonPath trail =
        get(Tokens.of(STREET), "/case-work/help-requests/" + id + "/audit")
            .statusCode(200)
            .extract()
            .jsonPath();
    List<String> actions = trail.getList("action");
    assertThat(actions)
        .contains(
            "help-request.record", "help-request.reveal", "help-request.list", "help-request.read");
    Map<String, Object> reveal = trail.getMap("find { it.action == 'help-request.reveal' }");
    assertThat(reveal.get("actorSubject")).isEqualTo(Tokens.SUBJECTS.get(WORKER));
    assertThat(reveal.toString()).contains("回电前核对情况").contains("ACCOUNT").contains("RISK_ANSWERS");
    assertThat(trail.getMap("find { it.outcome == 'REFUSED' }").get("actorSubject"))
        .isEqualTo(stranger.get("subject"));
    // The trail holds who and what, never her words.
    assertThat(trail.prettify()).doesNotContain(secret);
  }

  @Test
  void bothKeysOpenTheDoorNeitherAlone() {
    long group = scratchGroup();
    long id =
        record(Tokens.of(WORKER), intake(group, "两把钥匙 " + UUID.randomUUID()))
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");

    // The role without a seat: an empty list, no request, no intake.
    Map<String, String> roleOnly =
        TestUsers.withRealmRole("cw-role-" + UUID.randomUUID(), "case-supervisor");
    assertThat(listed(roleOnly.get("token"), group)).isEmpty();
    get(roleOnly.get("token"), "/case-work/help-requests/" + id).statusCode(404);
    record(roleOnly.get("token"), intake(group, "无座位")).statusCode(403);

    // A seat without the role: refused at the door.
    String seatOnlyToken = TestUsers.token("cw-seat-" + UUID.randomUUID());
    long seat = appoint(Tokens.subjectOf(seatOnlyToken), OrgUnits.idOf("FT-01"), "SUPERVISOR");
    get(seatOnlyToken, "/case-work/help-requests/" + id).statusCode(403);

    // Both: the seat at the street reaches it; revoked, it reaches nothing again.
    long both = appoint(roleOnly.get("subject"), OrgUnits.idOf("FT-01"), "SUPERVISOR");
    get(roleOnly.get("token"), "/case-work/help-requests/" + id).statusCode(200);
    given()
        .auth()
        .oauth2(Tokens.of(Tokens.ADMIN))
        .delete("/case-team/" + both)
        .then()
        .statusCode(200)
        .body("active", equalTo(false));
    get(roleOnly.get("token"), "/case-work/help-requests/" + id).statusCode(404);
    given()
        .auth()
        .oauth2(Tokens.of(Tokens.ADMIN))
        .delete("/case-team/" + seat)
        .then()
        .statusCode(200);
    given()
        .auth()
        .oauth2(Tokens.of(Tokens.ADMIN))
        .delete("/case-team/" + seat)
        .then()
        .statusCode(409);

    // The case roles open none of the cadres' doors.
    get(Tokens.of(WORKER), "/cadre-assignments").statusCode(403);
    get(Tokens.of(STREET), "/campaigns").statusCode(403);
  }

  static long appoint(String subject, long unit, String role) {
    return given()
        .auth()
        .oauth2(Tokens.of(Tokens.ADMIN))
        .contentType(ContentType.JSON)
        .body(Map.of("subject", subject, "orgUnitId", unit, "role", role))
        .post("/case-team")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  @Test
  void aSupervisorAssignsWithinReachAndTheCaseworkerThenSeesIt() {
    long group = scratchGroup();
    long id = fromMiniApp(group, "想咨询离婚后孩子抚养 " + UUID.randomUUID());
    get(Tokens.of(WORKER), "/case-work/help-requests/" + id).statusCode(404);
    // The caseworker may not assign; nor can it go to someone whose seats do not reach it.
    assign(Tokens.of(WORKER), id, Tokens.SUBJECTS.get(WORKER)).statusCode(404);
    assign(Tokens.of(STREET), id, Tokens.SUBJECTS.get(Tokens.RESIDENT_A))
        .statusCode(400)
        .body("errors.field", hasItem("subject"));
    assign(Tokens.of(STREET), id, Tokens.SUBJECTS.get(WORKER))
        .statusCode(200)
        .body("assignedTo", equalTo(Tokens.SUBJECTS.get(WORKER)));
    get(Tokens.of(WORKER), "/case-work/help-requests/" + id).statusCode(200);
    assign(Tokens.of(WORKER), id, Tokens.SUBJECTS.get(WORKER)).statusCode(403);
  }

  static ValidatableResponse assign(String token, long id, String subject) {
    return given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(Map.of("subject", subject))
        .put("/case-work/help-requests/" + id + "/assignee")
        .then();
  }

  @Test
  void staffIntakeIsCheckedStoredOnceAndSealed() {
    long group = scratchGroup();
    String secret = "学校转介：孩子身上有伤 " + UUID.randomUUID();
    Map<String, Object> body = intake(group, secret);
    body.put("channel", "REFERRAL");
    record(Tokens.of(WORKER), body).statusCode(400).body("errors.field", hasItem("referralSource"));
    body.put("referralSource", "SCHOOL");
    body.put("concernsMinor", true);
    // Out of her reach: the neighbouring community.
    Map<String, Object> elsewhere = new HashMap<>(body);
    elsewhere.put("orgUnitId", OrgUnits.idOf("FT-01-02"));
    record(Tokens.of(WORKER), elsewhere).statusCode(403);
    body.put("clientRequestId", UUID.randomUUID().toString());
    long first = record(Tokens.of(WORKER), body).statusCode(201).extract().jsonPath().getLong("id");
    long again = record(Tokens.of(WORKER), body).statusCode(201).extract().jsonPath().getLong("id");
    assertThat(again).isEqualTo(first);
    assertThat(
            Db.text(
                "select channel || ' ' || referral_source || ' ' || legal_basis || ' '"
                    + " || concerns_minor || ' ' || (member_id is null) from help_request where id = ?",
                first))
        .isEqualTo("REFERRAL SCHOOL LEGAL_DUTY true true");
    assertThat(
            Db.count(
                "select count(*) from help_request where id = ? and (account_sealed like ?"
                    + " or contact_sealed like '%13812345678%')",
                first, "%" + secret.substring(0, 4) + "%"))
        .isZero();
    get(Tokens.of(STREET), "/case-work/help-requests/" + first)
        .statusCode(200)
        .body("referralSource", equalTo("SCHOOL"))
        .body("concernsMinor", equalTo(true))
        .body("$", not(org.hamcrest.Matchers.hasKey("account")));
  }
}
