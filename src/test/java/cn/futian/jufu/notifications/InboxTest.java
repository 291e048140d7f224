package cn.futian.jufu.notifications;

import static cn.futian.jufu.testing.OrgUnits.idOf;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.Events;
import cn.futian.jufu.testing.TestUsers;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Sign-up events reach the inbox once each, in the member's language; the inbox API. */
@QuarkusTest
class InboxTest {

  static List<String> users(String prefix, int n) {
    return TestUsers.tokens(prefix + "-" + UUID.randomUUID().toString().substring(0, 6), n);
  }

  static JsonPath inbox(String token) {
    return given()
        .auth()
        .oauth2(token)
        .get("/me/inbox?size=50")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  static JsonPath awaitInbox(String token, String type) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> inbox(token).getList("items.type", String.class).contains(type));
    return inbox(token);
  }

  static long signUp(String token, long sessionId, String status) {
    return given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(Map.of())
        .post("/sessions/{id}/registrations", sessionId)
        .then()
        .statusCode(201)
        .body("status", equalTo(status))
        .extract()
        .jsonPath()
        .getLong("id");
  }

  @Test
  void signUpNewsReachTheInboxOnceEachInTheMembersLanguage() {
    List<String> people = users("inbox", 2);
    String first = people.get(0);
    String second = people.get(1);
    var event =
        Events.publish(
            Tokens.of(Tokens.COMMUNITY_CADRE),
            idOf("FT-01-01"),
            "PARENT_SCHOOL",
            Events.session("FIRST_COME", 1));
    long firstReg = signUp(first, event.sessionId(), "CONFIRMED");
    signUp(second, event.sessionId(), "WAITLISTED");

    JsonPath mine = awaitInbox(first, "REGISTRATION_CONFIRMED");
    assertThat(mine.getString("items[0].title")).isEqualTo("报名成功");
    assertThat(mine.getString("items[0].body")).contains("测试活动 PARENT_SCHOOL");
    assertThat(mine.getString("items[0].link"))
        .isEqualTo("https://jufu.test.invalid/app/events/" + event.eventId());
    assertThat(mine.getString("items[0].category")).isEqualTo("SIGN_UP");

    // The second member reads English from now on; the promotion arrives in English, urgent.
    given()
        .auth()
        .oauth2(second)
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "reminders",
                true,
                "campaigns",
                false,
                "quietHours",
                Map.of("enabled", false, "start", "22:00", "end", "08:00"),
                "language",
                "en"))
        .put("/me/notification-preferences")
        .then()
        .statusCode(200)
        .body("language", equalTo("en"))
        .body("signUpUpdates", equalTo(true));
    given()
        .auth()
        .oauth2(first)
        .post("/registrations/{id}/cancel", firstReg)
        .then()
        .statusCode(200);
    JsonPath theirs = awaitInbox(second, "REGISTRATION_PROMOTED");
    int promoted = theirs.getList("items.type", String.class).indexOf("REGISTRATION_PROMOTED");
    assertThat(theirs.getString("items[" + promoted + "].title")).isEqualTo("A seat is yours");
    assertThat(theirs.getBoolean("items[" + promoted + "].urgent")).isTrue();
    awaitInbox(first, "REGISTRATION_CANCELLED");

    // Exactly one inbox row per outbox row, even after the relay ran many times.
    assertThat(
            Db.count(
                "select count(*) from notification n join outbox o on n.dedup_key = 'o:' || o.id"
                    + " where o.aggregate_type = 'registration' and o.aggregate_id = ?",
                firstReg))
        .isEqualTo(2);
    assertThat(
            Db.count(
                "select count(*) from outbox where published_at is null and aggregate_id = ?",
                firstReg))
        .isZero();
  }

  @Test
  void readUnreadDeleteAndOthersNotificationsAreNotFound() {
    List<String> people = users("inbox-rw", 2);
    String me = people.get(0);
    String other = people.get(1);
    var event =
        Events.publish(
            Tokens.of(Tokens.COMMUNITY_CADRE),
            idOf("FT-01-01"),
            "PARENT_SCHOOL",
            Events.session("FIRST_COME", 5));
    signUp(me, event.sessionId(), "CONFIRMED");
    long id = awaitInbox(me, "REGISTRATION_CONFIRMED").getLong("items[0].id");

    given().auth().oauth2(me).get("/me/inbox/unread-count").then().body("unread", equalTo(1));
    given()
        .auth()
        .oauth2(other)
        .post("/me/inbox/{id}/read", id)
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    given()
        .auth()
        .oauth2(other)
        .delete("/me/inbox/{id}", id)
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    given().auth().oauth2(me).post("/me/inbox/{id}/read", id).then().statusCode(204);
    given().auth().oauth2(me).post("/me/inbox/{id}/read", id).then().statusCode(204);
    given().auth().oauth2(me).get("/me/inbox/unread-count").then().body("unread", equalTo(0));
    given()
        .auth()
        .oauth2(me)
        .get("/me/inbox?unread=true")
        .then()
        .statusCode(200)
        .body("total", equalTo(0));
    given().auth().oauth2(me).post("/me/inbox/read-all").then().body("marked", equalTo(0));
    given().auth().oauth2(me).delete("/me/inbox/{id}", id).then().statusCode(204);
    given().auth().oauth2(me).get("/me/inbox").then().body("items", hasSize(0));
    given().get("/me/inbox").then().statusCode(401);
    given()
        .auth()
        .oauth2(me)
        .get("/me/inbox?size=1000")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }

  @Test
  void preferencesHaveDefaultsAndRefuseBadInput() {
    String me = users("prefs", 1).get(0);
    given()
        .auth()
        .oauth2(me)
        .get("/me/notification-preferences")
        .then()
        .statusCode(200)
        .body("campaigns", equalTo(false))
        .body("reminders", equalTo(true))
        .body("quietHours.start", equalTo("22:00"))
        .body("quietHours.end", equalTo("08:00"))
        .body("language", equalTo("zh-CN"));
    Map<String, Object> good =
        Map.of(
            "reminders",
            false,
            "campaigns",
            true,
            "quietHours",
            Map.of("enabled", true, "start", "21:30", "end", "07:00"),
            "language",
            "zh-CN");
    given()
        .auth()
        .oauth2(me)
        .contentType(ContentType.JSON)
        .body(good)
        .put("/me/notification-preferences")
        .then()
        .statusCode(200)
        .body("campaigns", equalTo(true))
        .body("campaignsOptedInAt", notNullValue())
        .body("quietHours.start", equalTo("21:30"));
    for (Map<String, ?> bad :
        List.<Map<String, ?>>of(
            Map.of(
                "reminders",
                true,
                "campaigns",
                true,
                "quietHours",
                Map.of("enabled", true, "start", "25:00", "end", "07:00"),
                "language",
                "zh-CN"),
            Map.of(
                "reminders",
                true,
                "campaigns",
                true,
                "quietHours",
                Map.of("enabled", true, "start", "21:00", "end", "07:00"),
                "language",
                "fr"),
            Map.of("reminders", true, "language", "en"),
            Map.of(
                "reminders",
                "yes",
                "campaigns",
                true,
                "quietHours",
                Map.of("enabled", true, "start", "21:00", "end", "07:00"),
                "language",
                "en"))) {
      given()
          .auth()
          .oauth2(me)
          .contentType(ContentType.JSON)
          .body(bad)
          .put("/me/notification-preferences")
          .then()
          .statusCode(400)
          .contentType("application/problem+json");
    }
    given()
        .auth()
        .oauth2(me)
        .get("/me/notification-preferences")
        .then()
        .body("quietHours.start", equalTo("21:30"))
        .body("reminders", equalTo(false));
  }

  @Test
  void devicesRegisterRefreshMoveAndRefuseBadTokens() {
    List<String> people = users("devices", 2);
    String me = people.get(0);
    String other = people.get(1);
    String token = "dev-" + UUID.randomUUID() + ":APA91b-test_token";
    Map<String, Object> device =
        Map.of("token", token, "platform", "ANDROID", "appVersion", "1.4.0", "locale", "zh-CN");
    long id =
        given()
            .auth()
            .oauth2(me)
            .contentType(ContentType.JSON)
            .body(device)
            .put("/me/devices")
            .then()
            .statusCode(200)
            .body("tokenPrefix", equalTo(token.substring(0, 8)))
            .body("token", equalTo(null))
            .extract()
            .jsonPath()
            .getLong("id");
    given()
        .auth()
        .oauth2(me)
        .contentType(ContentType.JSON)
        .body(device)
        .put("/me/devices")
        .then()
        .statusCode(200)
        .body("id", equalTo((int) id));
    given().auth().oauth2(me).get("/me/devices").then().body("", hasSize(1));
    given()
        .auth()
        .oauth2(other)
        .delete("/me/devices/{id}", id)
        .then()
        .statusCode(404)
        .body("code", equalTo("not-found"));
    // The phone changes hands: the token moves to the member who registered it last.
    given()
        .auth()
        .oauth2(other)
        .contentType(ContentType.JSON)
        .body(device)
        .put("/me/devices")
        .then()
        .statusCode(200);
    given().auth().oauth2(me).get("/me/devices").then().body("", hasSize(0));
    given().auth().oauth2(other).delete("/me/devices/{id}", id).then().statusCode(204);
    for (Map<String, ?> bad :
        List.<Map<String, ?>>of(
            Map.of("token", "has spaces in it", "platform", "ANDROID"),
            Map.of("token", "x".repeat(600), "platform", "IOS"),
            Map.of("token", "abc", "platform", "SYMBIAN"),
            Map.of("platform", "WEB"),
            Map.of("token", "abc", "platform", "WEB", "locale", "<script>"))) {
      given()
          .auth()
          .oauth2(me)
          .contentType(ContentType.JSON)
          .body(bad)
          .put("/me/devices")
          .then()
          .statusCode(400)
          .contentType("application/problem+json");
    }
  }

  @Test
  void followsAndInterests() {
    String me = users("follows", 1).get(0);
    long unit = idOf("FT-01-01");
    given()
        .auth()
        .oauth2(me)
        .put("/me/follows/{id}", unit)
        .then()
        .statusCode(200)
        .body("code", equalTo(List.of("FT-01-01")));
    given().auth().oauth2(me).put("/me/follows/{id}", unit).then().statusCode(200);
    given().auth().oauth2(me).get("/me/follows").then().body("", hasSize(1));
    given()
        .auth()
        .oauth2(me)
        .put("/me/follows/{id}", 987654321)
        .then()
        .statusCode(404)
        .body("detail", containsString("987654321"));
    given().auth().oauth2(me).delete("/me/follows/{id}", unit).then().statusCode(204);
    given().auth().oauth2(me).get("/me/follows").then().body("", hasSize(0));
    given()
        .auth()
        .oauth2(me)
        .contentType(ContentType.JSON)
        .body(List.of("PARENT_SCHOOL", "JOB_FAIR"))
        .put("/me/interests")
        .then()
        .statusCode(200)
        .body("", hasSize(2));
    given()
        .auth()
        .oauth2(me)
        .contentType(ContentType.JSON)
        .body(List.of("JOB_FAIR"))
        .put("/me/interests")
        .then()
        .statusCode(200)
        .body("", equalTo(List.of("JOB_FAIR")));
    given()
        .auth()
        .oauth2(me)
        .contentType(ContentType.JSON)
        .body(List.of("KARAOKE"))
        .put("/me/interests")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }
}
