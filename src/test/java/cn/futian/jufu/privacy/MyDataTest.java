package cn.futian.jufu.privacy;

import static cn.futian.jufu.testing.OrgUnits.idOf;
import static cn.futian.jufu.testing.Tokens.ADMIN;
import static cn.futian.jufu.testing.Tokens.COMMUNITY_CADRE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.Events;
import cn.futian.jufu.testing.Profiles;
import cn.futian.jufu.testing.TestUsers;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The member's rights over their data: export, deletion, consent withdrawal. */
@QuarkusTest
class MyDataTest {

  static String fresh(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static long memberId(String token) {
    return given().auth().oauth2(token).get("/me").then().extract().jsonPath().getLong("id");
  }

  static long signUp(String token, long session) {
    return given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/sessions/{id}/registrations", session)
        .then()
        .statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(201)))
        .extract()
        .jsonPath()
        .getLong("id");
  }

  static void phone(String token, String phone) {
    SensitiveFieldsAtRestTest.patchPhone(token, phone);
  }

  @Test
  void theExportHoldsMyDataAndNobodyElses() {
    String userX = fresh("export-x");
    String userY = fresh("export-y");
    String x = TestUsers.token(userX);
    String y = TestUsers.token(userY);
    long home = idOf("FT-01-01");
    Profiles.set(x, "FEMALE", 1988, home, "SINGLE");
    phone(x, "13811112222");
    Profiles.child(x, "张小花", 2017);
    Profiles.set(y, "FEMALE", 1979, home, "MARRIED");
    phone(y, "13633334444");
    Profiles.child(y, "赵小草", 2015);
    given().auth().oauth2(x).put("/me/follows/{id}", idOf("FT-01")).then().statusCode(200);
    var session =
        Events.publish(
            Tokens.of(COMMUNITY_CADRE), home, "PARENT_SCHOOL", Events.session("FIRST_COME", 10));
    long mine = signUp(x, session.sessionId());
    signUp(y, session.sessionId());

    var response =
        given().auth().oauth2(x).get("/me/account/export").then().statusCode(200).extract();
    assertThat(response.header("Content-Disposition")).contains("attachment").contains(".json");
    String text = response.asString();
    JsonPath doc = new JsonPath(text);
    assertThat(doc.getString("format")).isEqualTo("jufu-my-data/1");
    assertThat(doc.getString("profile.phone")).isEqualTo("13811112222");
    assertThat(doc.getString("profile.maritalStatus")).isEqualTo("SINGLE");
    assertThat(doc.getList("family.name", String.class)).containsExactly("张小花");
    assertThat(doc.getList("consents.purpose", String.class))
        .contains("PROFILE", "MARITAL_STATUS", "MINORS");
    assertThat(doc.getList("registrations.id", Long.class)).containsExactly(mine);
    assertThat(doc.getList("registrationHistory.registrationId", Long.class)).contains(mine);
    assertThat(doc.getList("follows.code", String.class)).containsExactly("FT-01");
    assertThat(doc.getMap("$")).containsKeys(MyDataSections.SQL.keySet().toArray());
    // Nothing of Y: not her phone, child, name or sign-up.
    assertThat(text).doesNotContain("13633334444").doesNotContain("赵小草").doesNotContain(userY);

    // The export is in the audit log, and the export of a later request lists it as an access.
    long x1 = memberId(x);
    assertThat(
            Db.count(
                "select count(*) from audit_log where action = 'member.export' and member_id = ?"
                    + " and outcome = 'ALLOWED'",
                x1))
        .isEqualTo(1);
    JsonPath again =
        given()
            .auth()
            .oauth2(x)
            .get("/me/account/export")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(again.getList("accessLog.action", String.class)).contains("member.export");

    given().get("/me/account/export").then().statusCode(401);
    given().delete("/me/account").then().statusCode(401);
  }

  @Test
  void deletingMyAccountErasesMeButKeepsTheYearsTotals() {
    String username = fresh("delete-me");
    String z = TestUsers.token(username);
    String w = TestUsers.token(fresh("waiting"));
    long home = idOf("FT-01-01");
    String cadre = Tokens.of(COMMUNITY_CADRE);
    Profiles.set(z, "FEMALE", 1992, home, "SINGLE");
    phone(z, "13755556666");
    long child = Profiles.child(z, "孙小雨", 2019);
    given().auth().oauth2(z).put("/me/follows/{id}", home).then().statusCode(200);
    given()
        .auth()
        .oauth2(z)
        .contentType(ContentType.JSON)
        .body(Map.of("token", "del-" + UUID.randomUUID(), "platform", "ANDROID"))
        .put("/me/devices")
        .then()
        .statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(201)));
    long z1 = memberId(z);

    // A past session she signed up for (moved into the past after the sign-up) ...
    var past = Events.publish(cadre, home, "PARENT_SCHOOL", Events.session("FIRST_COME", 5));
    long pastReg = signUp(z, past.sessionId());
    Db.update(
        "update session set starts_at = starts_at - interval '60 days', ends_at = ends_at -"
            + " interval '60 days', registration_opens_at = registration_opens_at - interval '60"
            + " days', registration_closes_at = registration_closes_at - interval '60 days',"
            + " cancel_deadline = cancel_deadline - interval '60 days' where id = ?",
        past.sessionId());
    // ... and an upcoming one with a single seat and someone waiting for it.
    var upcoming = Events.publish(cadre, home, "PARENT_SCHOOL", Events.session("FIRST_COME", 1));
    long upcomingReg = signUp(z, upcoming.sessionId());
    long waiting = signUp(w, upcoming.sessionId());
    given()
        .auth()
        .oauth2(w)
        .get("/registrations/{id}", waiting)
        .then()
        .body("status", equalTo("WAITLISTED"));

    LocalDate day =
        Db.text(
                "select (starts_at at time zone 'Asia/Shanghai')::date from session where id = ?",
                past.sessionId())
            .transform(LocalDate::parse);
    Map<String, Object> before = totals(day, home);

    given().auth().oauth2(z).delete("/me/account").then().statusCode(204);

    // The tombstone: same id, nothing that identifies her.
    assertThat(Db.text("select subject from member where id = ?", z1))
        .isNotEqualTo(Tokens.subjectOf(z))
        .hasSize(64);
    assertThat(Db.text("select display_name from member where id = ?", z1)).isEqualTo("已注销用户");
    assertThat(
            Db.count(
                "select count(*) from member where id = ? and phone is null and marital_status is"
                    + " null and birth_year is null and gender is null and home_unit_id is null"
                    + " and deleted_at is not null",
                z1))
        .isEqualTo(1);
    assertThat(Db.text("select name from dependant where id = ?", child)).doesNotContain("孙小雨");
    assertThat(Db.text("select name from dependant where id = ?", child)).isNotNull();
    assertThat(Db.count("select count(*) from device where member_id = ?", z1)).isZero();
    assertThat(Db.count("select count(*) from member_follow where member_id = ?", z1)).isZero();
    assertThat(
            Db.count(
                "select count(*) from consent where member_id = ? and withdrawn_at is null", z1))
        .isZero();
    // The past sign-up stays (anonymous), the upcoming one is cancelled and its seat moved on.
    assertThat(Db.text("select status from registration where id = ?", pastReg))
        .isEqualTo("CONFIRMED");
    assertThat(Db.text("select status from registration where id = ?", upcomingReg))
        .isEqualTo("CANCELLED");
    given()
        .auth()
        .oauth2(w)
        .get("/registrations/{id}", waiting)
        .then()
        .body("status", equalTo("CONFIRMED"));
    assertThat(totals(day, home)).isEqualTo(before);
    assertThat(
            Db.count(
                "select count(*) from audit_log where action = 'member.delete' and member_id = ?",
                z1))
        .isEqualTo(1);

    // Her token (still unexpired) no longer makes her a member again; Keycloak refuses a login.
    given()
        .auth()
        .oauth2(z)
        .get("/me")
        .then()
        .statusCode(403)
        .body("detail", org.hamcrest.Matchers.containsString("注销"));
    assertThat(
            Db.count("select count(*) from member where display_name like ?", "%" + username + "%"))
        .isZero();
    given()
        .formParam("grant_type", "password")
        .formParam("client_id", "fulian-app")
        .formParam("username", username)
        .formParam("password", Tokens.PASSWORD)
        .post(Tokens.KEYCLOAK + "/protocol/openid-connect/token")
        .then()
        .statusCode(400);
  }

  @Test
  void withdrawingAConsentRemovesWhatDependedOnIt() {
    String token = TestUsers.token(fresh("withdraw"));
    long home = idOf("FT-01-01");
    Profiles.set(token, "FEMALE", 1990, home, null);
    phone(token, "13599998888");
    var s =
        Events.publish(
            Tokens.of(COMMUNITY_CADRE), home, "JOB_FAIR", Events.session("FIRST_COME", 10));
    long reg = signUp(token, s.sessionId());
    String cadre = Tokens.of(COMMUNITY_CADRE);
    given()
        .auth()
        .oauth2(cadre)
        .queryParam("includePhone", true)
        .get("/sessions/{id}/registrations", s.sessionId())
        .then()
        .statusCode(200)
        .body("items.find { it.id == " + reg + " }.phone", equalTo("13599998888"));

    given().auth().oauth2(token).delete("/me/consents/PROFILE").then().statusCode(200);
    given()
        .auth()
        .oauth2(cadre)
        .queryParam("includePhone", true)
        .get("/sessions/{id}/registrations", s.sessionId())
        .then()
        .body("items.find { it.id == " + reg + " }.phone", nullValue());

    // Campaigns: the consent and the preference switch are one thing.
    Profiles.consent(token, "CAMPAIGNS");
    given()
        .auth()
        .oauth2(token)
        .get("/me/notification-preferences")
        .then()
        .body("campaigns", equalTo(true));
    given().auth().oauth2(token).delete("/me/consents/CAMPAIGNS").then().statusCode(200);
    given()
        .auth()
        .oauth2(token)
        .get("/me/notification-preferences")
        .then()
        .body("campaigns", equalTo(false));
    long id = memberId(token);
    assertThat(
            Db.count(
                "select count(*) from notification_preference where member_id = ? and"
                    + " campaigns_opted_in_at is not null",
                id))
        .isZero();
    // Opting in through the preferences records the consent (current text version).
    given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "reminders",
                true,
                "campaigns",
                true,
                "quietHours",
                Map.of("enabled", true, "start", "22:00", "end", "08:00"),
                "language",
                "zh-CN"))
        .put("/me/notification-preferences")
        .then()
        .statusCode(200);
    given().auth().oauth2(token).get("/me").then().body("consents", hasItem("CAMPAIGNS"));
    given().auth().oauth2(token).get("/me").then().body("consents", not(hasItem("PROFILE")));
  }

  private static Map<String, Object> totals(LocalDate day, long unit) {
    return given()
        .auth()
        .oauth2(Tokens.of(ADMIN))
        .queryParam("from", day.toString())
        .queryParam("to", day.toString())
        .queryParam("unitId", unit)
        .get("/stats")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getMap("totals");
  }

  static LocalDate today() {
    return LocalDate.now(ZoneId.of("Asia/Shanghai"));
  }
}
