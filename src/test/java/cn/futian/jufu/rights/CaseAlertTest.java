package cn.futian.jufu.rights;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * High risk pages the supervisors at once, and the response clock pages everyone above when it runs
 * out (issue 20, ADR 0021): staff only, a neutral text, never her words.
 */
@QuarkusTest
class CaseAlertTest {

  @Inject CaseEscalation escalation;

  /** A fresh supervisor seated at the unit, signed in once (so she has an inbox). */
  static Map<String, String> supervisorAt(long unit) {
    Map<String, String> sup =
        TestUsers.withRealmRole("alert-sup-" + UUID.randomUUID(), "case-supervisor");
    CaseWorkTest.appoint(sup.get("subject"), unit, "SUPERVISOR");
    given().auth().oauth2(sup.get("token")).get("/me").then().statusCode(200);
    return sup;
  }

  static long ask(long unit, String account, Map<String, String> answers) {
    Map<String, Object> body = new HashMap<>();
    body.put("category", "MARRIAGE_FAMILY");
    body.put("domesticViolence", true);
    body.put("account", account);
    body.put("contactBy", "INBOX_ONLY");
    body.put("orgUnitId", unit);
    body.put("riskAnswers", answers);
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

  static List<String> typesIn(String token) {
    return inbox(token).getList("items.type", String.class);
  }

  static List<Long> pagedMembers(long requestId, String type) {
    return Db.longs(
        "select member_id from outbox where aggregate_type = 'help_request'"
            + " and aggregate_id = ? and type = ? order by member_id",
        requestId,
        type);
  }

  @Test
  void aHighRiskRequestPagesTheNearestSupervisorAtOnceWithANeutralText() {
    long group = CaseWorkTest.scratchGroup();
    Map<String, String> sup = supervisorAt(group);
    String words = "他拿刀威胁要杀了我 " + UUID.randomUUID();
    long high = ask(group, words, Map.of("THREATS_TO_KILL", "YES"));
    long medium = ask(group, "他最近脾气越来越坏 " + UUID.randomUUID(), Map.of("ESCALATION", "YES"));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> typesIn(sup.get("token")).contains("CASE_ALERT"));
    JsonPath box = inbox(sup.get("token"));
    Map<String, Object> alert = box.getMap("items.find { it.type == 'CASE_ALERT' }");
    assertThat(alert.get("category")).isEqualTo("CASE");
    assertThat(alert.get("title")).isEqualTo("高风险求助待响应");
    assertThat(box.prettify()).doesNotContain(words).doesNotContain("刀");

    // One page, to her alone (the nearest level has a supervisor); nothing for the medium one.
    long supMember = Db.count("select id from member where subject = ?", sup.get("subject"));
    assertThat(pagedMembers(high, "CASE_ALERT")).containsExactly(supMember);
    assertThat(pagedMembers(medium, "CASE_ALERT")).isEmpty();
  }

  @Test
  void theClockPagesEverySupervisorAboveOnceWhenItRunsOut() throws Throwable {
    long group = CaseWorkTest.scratchGroup();
    Map<String, String> near = supervisorAt(group);
    Map<String, String> street = supervisorAt(cn.futian.jufu.testing.OrgUnits.idOf("FT-01"));
    long id = ask(group, "需要帮助 " + UUID.randomUUID(), Map.of("STRANGULATION", "YES"));
    long nearMember = Db.count("select id from member where subject = ?", near.get("subject"));
    long streetMember = Db.count("select id from member where subject = ?", street.get("subject"));
    assertThat(pagedMembers(id, "CASE_ALERT")).containsExactly(nearMember);

    // Not due yet: nothing. Past its hour: everyone from the group up to the district, once.
    VertxContextSupport.subscribeAndAwait(() -> escalation.escalateBatch());
    assertThat(pagedMembers(id, "CASE_OVERDUE")).isEmpty();
    Db.update("update help_request set respond_by = now() - interval '1 minute' where id = ?", id);
    VertxContextSupport.subscribeAndAwait(() -> escalation.escalateBatch());
    assertThat(pagedMembers(id, "CASE_OVERDUE")).contains(nearMember, streetMember);
    assertThat(
            Db.count(
                "select count(*) from help_request where id = ? and escalated_at is not null", id))
        .isEqualTo(1);
    int paged = pagedMembers(id, "CASE_OVERDUE").size();
    VertxContextSupport.subscribeAndAwait(() -> escalation.escalateBatch());
    assertThat(pagedMembers(id, "CASE_OVERDUE")).hasSize(paged);

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> typesIn(street.get("token")).contains("CASE_OVERDUE"));
    assertThat(
            inbox(street.get("token")).getString("items.find { it.type == 'CASE_OVERDUE' }.body"))
        .contains("未处理");
  }

  @Test
  void aPageReachesTheSupervisorsWeChatAsWellAsHerPhone() {
    long group = CaseWorkTest.scratchGroup();
    Map<String, String> sup = supervisorAt(group);
    String token = sup.get("token");
    String fcmToken = "case-fcm-" + UUID.randomUUID().toString().replace("-", "");
    given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(Map.of("token", fcmToken, "platform", "ANDROID"))
        .put("/me/devices")
        .then()
        .statusCode(200);
    var wechat = cn.futian.jufu.testing.fakes.FakeWeChat.shared();
    String openid = "wx-staff-" + UUID.randomUUID();
    wechat.grant(openid, "tmpl-case", 3);
    given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(Map.of("code", wechat.issueCode(openid, null)))
        .put("/me/wechat")
        .then()
        .statusCode(200);
    given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(Map.of("accepted", java.util.List.of("CASE")))
        .post("/me/wechat/subscriptions")
        .then()
        .statusCode(200);

    String words = "他掐我脖子 " + UUID.randomUUID();
    ask(group, words, Map.of("STRANGULATION", "YES"));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                cn.futian.jufu.testing.FcmLog.delivered(fcmToken) > 0
                    && wechat.sent().stream().anyMatch(m -> m.touser().equals(openid)));
    var message =
        wechat.sent().stream().filter(m -> m.touser().equals(openid)).findFirst().orElseThrow();
    assertThat(message.templateId()).isEqualTo("tmpl-case");
    assertThat(message.data().toString()).contains("高风险求助待响应").doesNotContain("掐");
    assertThat(cn.futian.jufu.testing.FcmLog.requests(fcmToken).toString()).doesNotContain("掐");
    given().auth().oauth2(token).delete("/me/wechat").then().statusCode(204);
  }
}
