package cn.futian.jufu.registrations;

import static cn.futian.jufu.testing.OrgUnits.idOf;
import static cn.futian.jufu.testing.Tokens.COMMUNITY_CADRE;
import static cn.futian.jufu.testing.Tokens.NEIGHBOUR_CADRE;
import static cn.futian.jufu.testing.Tokens.STREET_CADRE;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import cn.futian.jufu.testing.Events;
import cn.futian.jufu.testing.TestUsers;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Sign-up behaviour through the API with real tokens: waitlist, promotion, approval, access. */
@QuarkusTest
class RegistrationFlowTest {

  static String cadre() {
    return Tokens.of(COMMUNITY_CADRE);
  }

  static List<String> users(String prefix, int n) {
    return TestUsers.tokens(prefix + "-" + UUID.randomUUID().toString().substring(0, 6), n);
  }

  static JsonPath signUp(String token, long sessionId, int expectedStatus) {
    return signUp(token, sessionId, Map.of(), expectedStatus);
  }

  static JsonPath signUp(String token, long sessionId, Map<String, ?> body, int expectedStatus) {
    return given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/sessions/{id}/registrations", sessionId)
        .then()
        .statusCode(expectedStatus)
        .extract()
        .jsonPath();
  }

  @Test
  void cancellationPromotesTheNextInLineAtOnce() {
    List<String> u = users("promo", 4);
    long session =
        Events.publish(cadre(), idOf("FT-01-01"), "JOB_FAIR", Events.session("FIRST_COME", 2))
            .sessionId();
    long first = signUp(u.get(0), session, 201).getLong("id");
    signUp(u.get(1), session, 201);
    JsonPath third = signUp(u.get(2), session, 201);
    JsonPath fourth = signUp(u.get(3), session, 201);
    org.assertj.core.api.Assertions.assertThat(third.getString("status")).isEqualTo("WAITLISTED");
    org.assertj.core.api.Assertions.assertThat(third.getInt("waitlistPosition")).isEqualTo(1);
    org.assertj.core.api.Assertions.assertThat(fourth.getInt("waitlistPosition")).isEqualTo(2);

    given()
        .auth()
        .oauth2(u.get(0))
        .post("/registrations/{id}/cancel", first)
        .then()
        .statusCode(200)
        .body("status", equalTo("CANCELLED"));
    given()
        .auth()
        .oauth2(u.get(2))
        .get("/registrations/{id}", third.getLong("id"))
        .then()
        .statusCode(200)
        .body("status", equalTo("CONFIRMED"))
        .body("waitlistPosition", nullValue());
    given()
        .auth()
        .oauth2(u.get(3))
        .get("/me/registrations")
        .then()
        .statusCode(200)
        .body("items[0].status", equalTo("WAITLISTED"))
        .body("items[0].waitlistPosition", equalTo(1));
    // Cancelling twice is a conflict; someone else's registration does not exist for me.
    given()
        .auth()
        .oauth2(u.get(0))
        .post("/registrations/{id}/cancel", first)
        .then()
        .statusCode(409);
    given()
        .auth()
        .oauth2(u.get(1))
        .get("/registrations/{id}", third.getLong("id"))
        .then()
        .statusCode(404);
  }

  @Test
  void moreSeatsPromoteAtOnceAndFewerSeatsThanTakenAreRefused() {
    List<String> u = users("resize", 3);
    var published =
        Events.publish(cadre(), idOf("FT-01-01"), "JOB_FAIR", Events.session("FIRST_COME", 1));
    signUp(u.get(0), published.sessionId(), 201);
    long second = signUp(u.get(1), published.sessionId(), 201).getLong("id");
    long third = signUp(u.get(2), published.sessionId(), 201).getLong("id");

    given()
        .auth()
        .oauth2(cadre())
        .contentType(ContentType.JSON)
        .body(Map.of("capacity", 2))
        .patch("/sessions/{id}", published.sessionId())
        .then()
        .statusCode(200)
        .body("sessions[0].capacity", equalTo(2))
        .body("sessions[0].seatsLeft", equalTo(0));
    given()
        .auth()
        .oauth2(u.get(1))
        .get("/registrations/{id}", second)
        .then()
        .body("status", equalTo("CONFIRMED"));
    given()
        .auth()
        .oauth2(u.get(2))
        .get("/registrations/{id}", third)
        .then()
        .body("status", equalTo("WAITLISTED"))
        .body("waitlistPosition", equalTo(1));
    given()
        .auth()
        .oauth2(cadre())
        .contentType(ContentType.JSON)
        .body(Map.of("capacity", 1))
        .patch("/sessions/{id}", published.sessionId())
        .then()
        .statusCode(409);
  }

  @Test
  void approvalModeCadresAcceptOrRejectWithReason() {
    List<String> u = users("approve", 2);
    long session =
        Events.publish(cadre(), idOf("FT-01-01"), "COUNSELLING", Events.session("APPROVAL", 1))
            .sessionId();
    long a = signUp(u.get(0), session, 201).getLong("id");
    long b = signUp(u.get(1), session, 201).getLong("id");
    given()
        .auth()
        .oauth2(u.get(0))
        .get("/registrations/{id}", a)
        .then()
        .body("status", equalTo("PENDING"));

    // A neighbouring community's cadre may not decide; the street cadre above may.
    given()
        .auth()
        .oauth2(Tokens.of(NEIGHBOUR_CADRE))
        .post("/registrations/{id}/approve", a)
        .then()
        .statusCode(403);
    given()
        .auth()
        .oauth2(Tokens.of(STREET_CADRE))
        .post("/registrations/{id}/approve", a)
        .then()
        .statusCode(200)
        .body("status", equalTo("CONFIRMED"));
    // The only seat is taken.
    given().auth().oauth2(cadre()).post("/registrations/{id}/approve", b).then().statusCode(409);
    given()
        .auth()
        .oauth2(cadre())
        .contentType(ContentType.JSON)
        .body(Map.of("reason", "名额已满"))
        .post("/registrations/{id}/reject", b)
        .then()
        .statusCode(200)
        .body("status", equalTo("REJECTED"));
    given()
        .auth()
        .oauth2(cadre())
        .contentType(ContentType.JSON)
        .body(Map.of("reason", ""))
        .post("/registrations/{id}/reject", a)
        .then()
        .statusCode(400);
  }

  @Test
  void residentsSeeOnlyTheirOwnAndCadresOnlyTheirSubtree() {
    List<String> u = users("access", 2);
    long session =
        Events.publish(cadre(), idOf("FT-01-01"), "JOB_FAIR", Events.session("FIRST_COME", 5))
            .sessionId();
    long mine = signUp(u.get(0), session, 201).getLong("id");
    given().auth().oauth2(u.get(1)).get("/registrations/{id}", mine).then().statusCode(404);
    given().auth().oauth2(u.get(1)).post("/registrations/{id}/cancel", mine).then().statusCode(404);
    given()
        .auth()
        .oauth2(u.get(1))
        .get("/sessions/{id}/registrations", session)
        .then()
        .statusCode(403);
    given()
        .auth()
        .oauth2(Tokens.of(NEIGHBOUR_CADRE))
        .get("/sessions/{id}/registrations", session)
        .then()
        .statusCode(403);
    given()
        .auth()
        .oauth2(Tokens.of(STREET_CADRE))
        .get("/sessions/{id}/registrations", session)
        .then()
        .statusCode(200)
        .body("items.id", hasItem((int) mine));
    given()
        .auth()
        .oauth2(Tokens.of(STREET_CADRE))
        .get("/registrations/{id}", mine)
        .then()
        .statusCode(200);
    // A cadre can cancel with a reason; the member's history keeps it.
    given()
        .auth()
        .oauth2(Tokens.of(NEIGHBOUR_CADRE))
        .contentType(ContentType.JSON)
        .body(Map.of("reason", "重复报名"))
        .post("/registrations/{id}/cadre-cancel", mine)
        .then()
        .statusCode(403);
    given()
        .auth()
        .oauth2(cadre())
        .contentType(ContentType.JSON)
        .body(Map.of("reason", "重复报名"))
        .post("/registrations/{id}/cadre-cancel", mine)
        .then()
        .statusCode(200)
        .body("status", equalTo("CANCELLED"));
    // The member sees who acted and why, without the cadre's identity; the cadre sees it.
    given()
        .auth()
        .oauth2(u.get(0))
        .get("/registrations/{id}/history", mine)
        .then()
        .statusCode(200)
        .body("to", contains("CONFIRMED", "CANCELLED"))
        .body("by", contains("MEMBER", "CADRE"))
        .body("reason[1]", equalTo("重复报名"))
        .body("actor[1]", nullValue());
    given()
        .auth()
        .oauth2(cadre())
        .get("/registrations/{id}/history", mine)
        .then()
        .body("actor[1]", equalTo(Tokens.SUBJECTS.get(COMMUNITY_CADRE)));
    given().auth().oauth2(u.get(1)).get("/registrations/{id}/history", mine).then().statusCode(404);
  }

  @Test
  void signingUpTwiceIsAConflictAndAReusedKeyForAnotherRequestIsRefused() {
    String u = users("twice", 1).get(0);
    long session =
        Events.publish(cadre(), idOf("FT-01-01"), "JOB_FAIR", Events.session("FIRST_COME", 5))
            .sessionId();
    long other =
        Events.publish(cadre(), idOf("FT-01-01"), "JOB_FAIR", Events.session("FIRST_COME", 5))
            .sessionId();
    String key = "k-" + UUID.randomUUID();
    long id =
        given()
            .auth()
            .oauth2(u)
            .header("Idempotency-Key", key)
            .contentType(ContentType.JSON)
            .body("{}")
            .post("/sessions/{id}/registrations", session)
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    given()
        .auth()
        .oauth2(u)
        .header("Idempotency-Key", key)
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/sessions/{id}/registrations", session)
        .then()
        .statusCode(200)
        .body("id", equalTo((int) id));
    given()
        .auth()
        .oauth2(u)
        .header("Idempotency-Key", key)
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/sessions/{id}/registrations", other)
        .then()
        .statusCode(422);
    signUp(u, session, 409);
    given()
        .auth()
        .oauth2(u)
        .header("Idempotency-Key", "bad key with spaces")
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/sessions/{id}/registrations", other)
        .then()
        .statusCode(400);
  }

  @Test
  void withAConfirmationWindowAPromotedMemberMustConfirm() {
    List<String> u = users("offer", 2);
    Map<String, Object> s = Events.session("FIRST_COME", 1);
    s.put("offerWindowMinutes", 60);
    long session = Events.publish(cadre(), idOf("FT-01-01"), "JOB_FAIR", s).sessionId();
    long first = signUp(u.get(0), session, 201).getLong("id");
    long second = signUp(u.get(1), session, 201).getLong("id");
    given()
        .auth()
        .oauth2(u.get(0))
        .post("/registrations/{id}/cancel", first)
        .then()
        .statusCode(200);
    given()
        .auth()
        .oauth2(u.get(1))
        .get("/registrations/{id}", second)
        .then()
        .body("status", equalTo("OFFERED"))
        .body("offerExpiresAt", notNullValue());
    given()
        .auth()
        .oauth2(u.get(1))
        .post("/registrations/{id}/confirm", second)
        .then()
        .statusCode(200)
        .body("status", equalTo("CONFIRMED"));
    given()
        .auth()
        .oauth2(u.get(1))
        .post("/registrations/{id}/confirm", second)
        .then()
        .statusCode(409);
  }

  @Test
  void badInputOnSignUp() {
    String u = users("badin", 1).get(0);
    given()
        .auth()
        .oauth2(u)
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/sessions/999999999/registrations")
        .then()
        .statusCode(404);
    given()
        .auth()
        .oauth2(u)
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/sessions/abc/registrations")
        .then()
        .statusCode(400);
    long session =
        Events.publish(cadre(), idOf("FT-01-01"), "JOB_FAIR", Events.session("FIRST_COME", 5))
            .sessionId();
    given()
        .auth()
        .oauth2(u)
        .contentType(ContentType.JSON)
        .body(Map.of("dependantIds", List.of(123456)))
        .post("/sessions/{id}/registrations", session)
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("dependantIds"));
    given()
        .auth()
        .oauth2(u)
        .contentType(ContentType.JSON)
        .body(Map.of("answers", Map.of("42", "x")))
        .post("/sessions/{id}/registrations", session)
        .then()
        .statusCode(400)
        .body("errors[0].code", equalTo("unknown-field"));
    given()
        .auth()
        .oauth2(u)
        .contentType(ContentType.JSON)
        .body("{\"seats\": 5}")
        .post("/sessions/{id}/registrations", session)
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("seats"));
    // Nothing was written by the refused requests.
    given()
        .auth()
        .oauth2(cadre())
        .get("/sessions/{id}/registrations", session)
        .then()
        .body("total", equalTo(0));
    given()
        .auth()
        .oauth2(u)
        .get("/me/registrations?scope=someday")
        .then()
        .statusCode(400)
        .body("errors.field", contains("scope"));
  }

  @Test
  void customQuestionsAreCheckedAndKept() {
    String u = users("questions", 1).get(0);
    long mine = idOf("FT-01-01");
    Map<String, Object> event =
        Events.event(
            mine,
            "FAMILY_HAPPINESS_COURSE",
            List.of(mine),
            List.of(Events.session("FIRST_COME", 5)));
    event.put(
        "questions",
        List.of(
            Map.of(
                "type",
                "SINGLE",
                "label",
                "是否需要托管儿童",
                "required",
                true,
                "options",
                List.of("需要", "不需要")),
            Map.of(
                "type", "NUMBER", "label", "同行人数", "required", false, "minValue", 0, "maxValue", 3),
            Map.of(
                "type",
                "MULTIPLE",
                "label",
                "感兴趣的主题",
                "required",
                false,
                "options",
                List.of("亲子沟通", "婚姻经营", "心理健康"))));
    var created = Events.create(cadre(), event);
    Events.transition(cadre(), created.getLong("id"), "SUBMIT");
    long session = created.getLong("sessions[0].id");
    String q1 = String.valueOf(created.getLong("questions[0].id"));
    String q2 = String.valueOf(created.getLong("questions[1].id"));
    String q3 = String.valueOf(created.getLong("questions[2].id"));
    given()
        .auth()
        .oauth2(u)
        .contentType(ContentType.JSON)
        .body(Map.of("answers", Map.of(q2, 7, q3, List.of("跳舞"))))
        .post("/sessions/{id}/registrations", session)
        .then()
        .statusCode(400)
        .body(
            "errors.code", org.hamcrest.Matchers.containsInAnyOrder("notBlank", "range", "option"));
    given()
        .auth()
        .oauth2(u)
        .contentType(ContentType.JSON)
        .body(Map.of("answers", Map.of(q1, "需要", q2, 2, q3, List.of("亲子沟通", "心理健康"))))
        .post("/sessions/{id}/registrations", session)
        .then()
        .statusCode(201)
        .body("answers." + q1, equalTo("需要"))
        .body("answers." + q3, contains("亲子沟通", "心理健康"));
  }
}
