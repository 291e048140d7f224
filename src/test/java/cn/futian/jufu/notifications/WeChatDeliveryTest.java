package cn.futian.jufu.notifications;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.fakes.FakeWeChat;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Members without an FCM device but with WeChat bound get subscription messages while consents
 * last; a refusal (43101) falls back to the inbox and is not retried.
 */
@QuarkusTest
class WeChatDeliveryTest {

  static final FakeWeChat WECHAT = FakeWeChat.shared();
  static final Duration WAIT = Duration.ofSeconds(20);

  static String bound(String openid, int consentsHere) {
    String member = PushDeliveryTest.user("wx-push");
    PushDeliveryTest.quietHours(member, false, "22:00", "08:00");
    given()
        .auth()
        .oauth2(member)
        .contentType(ContentType.JSON)
        .body(Map.of("code", WECHAT.issueCode(openid, null)))
        .put("/me/wechat")
        .then()
        .statusCode(200);
    for (int i = 0; i < consentsHere; i++) {
      given()
          .auth()
          .oauth2(member)
          .contentType(ContentType.JSON)
          .body(Map.of("accepted", List.of("SIGN_UP")))
          .post("/me/wechat/subscriptions")
          .then()
          .statusCode(200);
    }
    return member;
  }

  static int remaining(String member) {
    return given()
        .auth()
        .oauth2(member)
        .get("/me/wechat/subscriptions")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getInt("find { it.templateKey == 'SIGN_UP' }.remaining");
  }

  static long sentTo(String openid) {
    return WECHAT.sent().stream().filter(s -> s.touser().equals(openid)).count();
  }

  @Test
  void oneConsentOneMessageThenTheInboxOnly() throws InterruptedException {
    String openid = "wx-" + UUID.randomUUID();
    WECHAT.grant(openid, "tmpl-sign-up", 5);
    String member = bound(openid, 1);
    PushDeliveryTest.signUp(member, PushDeliveryTest.event(5).sessionId());
    await().atMost(WAIT).until(() -> sentTo(openid) == 1);
    FakeWeChat.Sent sent =
        WECHAT.sent().stream().filter(s -> s.touser().equals(openid)).findFirst().orElseThrow();
    assertThat(sent.templateId()).isEqualTo("tmpl-sign-up");
    assertThat(sent.data().toString()).contains("报名成功");
    assertThat(remaining(member)).isZero();

    // No consent left here: the next sign-up reaches the inbox only.
    PushDeliveryTest.signUp(member, PushDeliveryTest.event(5).sessionId());
    await()
        .atMost(WAIT)
        .until(
            () ->
                given()
                        .auth()
                        .oauth2(member)
                        .get("/me/inbox")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("items")
                        .size()
                    == 2);
    Thread.sleep(1500);
    assertThat(sentTo(openid)).isEqualTo(1);
    given().auth().oauth2(member).delete("/me/wechat").then().statusCode(204);
  }

  @Test
  void aRefusalIsNotRetriedAndUsesUpTheCountedConsents() {
    String openid = "wx-" + UUID.randomUUID();
    // Counted here, but WeChat holds none for this user: it answers 43101.
    String member = bound(openid, 2);
    PushDeliveryTest.signUp(member, PushDeliveryTest.event(5).sessionId());
    await().atMost(WAIT).until(() -> remaining(member) == 0);
    await()
        .atMost(WAIT)
        .until(
            () ->
                Db.count(
                        "select count(*) from delivery_attempt where channel = 'WECHAT' and"
                            + " outcome = 'NO_CONSENT' and error_code = '43101' and member_id ="
                            + " (select member_id from wechat_binding where openid = ?)",
                        openid)
                    == 1);
    assertThat(
            Db.count(
                "select count(*) from notification_dispatch d join notification n on n.id ="
                    + " d.notification_id join wechat_binding b on b.member_id = n.member_id"
                    + " where b.openid = ?",
                openid))
        .isZero();
    given().auth().oauth2(member).delete("/me/wechat").then().statusCode(204);
  }
}
