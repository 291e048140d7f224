package cn.futian.jufu.notifications;

import static cn.futian.jufu.testing.OrgUnits.idOf;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.Events;
import cn.futian.jufu.testing.FcmLog;
import cn.futian.jufu.testing.TestUsers;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Transactional pushes through the real Firebase Admin SDK to the local fake FCM server: delivered
 * with a collapse key, gone tokens removed at once, retryable errors rescheduled, quiet hours and
 * urgency honoured.
 */
@QuarkusTest
class PushDeliveryTest {

  static final Duration WAIT = Duration.ofSeconds(20);

  static String user(String prefix) {
    return TestUsers.token(prefix + "-" + UUID.randomUUID().toString().substring(0, 6));
  }

  static String device(String member, String prefix) {
    String token = prefix + UUID.randomUUID().toString().replace("-", "");
    given()
        .auth()
        .oauth2(member)
        .contentType(ContentType.JSON)
        .body(Map.of("token", token, "platform", "ANDROID"))
        .put("/me/devices")
        .then()
        .statusCode(200);
    return token;
  }

  static Events.Published event(int capacity) {
    return Events.publish(
        Tokens.of(Tokens.COMMUNITY_CADRE),
        idOf("FT-01-01"),
        "PARENT_SCHOOL",
        Events.session("FIRST_COME", capacity));
  }

  static void signUp(String member, long sessionId) {
    given()
        .auth()
        .oauth2(member)
        .contentType(ContentType.JSON)
        .body(Map.of())
        .post("/sessions/{id}/registrations", sessionId)
        .then()
        .statusCode(201);
  }

  static void quietHours(String member, boolean enabled, String start, String end) {
    given()
        .auth()
        .oauth2(member)
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "reminders",
                true,
                "campaigns",
                false,
                "quietHours",
                Map.of("enabled", enabled, "start", start, "end", end),
                "language",
                "zh-CN"))
        .put("/me/notification-preferences")
        .then()
        .statusCode(200);
  }

  @Test
  void aSignUpIsPushedOnceWithItsCollapseKeyAndRecorded() {
    String member = user("push-ok");
    quietHours(member, false, "22:00", "08:00");
    String token = device(member, "ok-");
    signUp(member, event(5).sessionId());

    await().atMost(WAIT).until(() -> FcmLog.delivered(token) == 1);
    Map<String, Object> request = FcmLog.requests(token).get(0);
    @SuppressWarnings("unchecked")
    Map<String, String> data = (Map<String, String>) request.get("data");
    assertThat(data).containsEntry("type", "REGISTRATION_CONFIRMED");
    assertThat(request.get("collapseKey")).isEqualTo("n" + data.get("notificationId"));
    long notification = Long.parseLong(data.get("notificationId"));
    await()
        .atMost(WAIT)
        .until(
            () ->
                Db.count(
                        "select count(*) from notification where id = ? and pushed_at is not"
                            + " null",
                        notification)
                    == 1);
    assertThat(
            Db.count(
                "select count(*) from delivery_attempt where notification_id = ? and channel ="
                    + " 'FCM' and outcome = 'SENT'",
                notification))
        .isEqualTo(1);
    assertThat(
            Db.count(
                "select count(*) from notification_dispatch where notification_id = ?",
                notification))
        .isZero();
  }

  @Test
  void tokensFcmNoLongerKnowsAreRemovedAtOnce() {
    String member = user("push-gone");
    quietHours(member, false, "22:00", "08:00");
    String unregistered = device(member, "unregistered-");
    String invalid = device(member, "invalid-");
    String mismatch = device(member, "mismatch-");
    String good = device(member, "ok-");
    signUp(member, event(5).sessionId());

    await()
        .atMost(WAIT)
        .until(
            () ->
                Db.count(
                        "select count(*) from device where token in (?, ?, ?)",
                        unregistered,
                        invalid,
                        mismatch)
                    == 0);
    assertThat(Db.count("select count(*) from device where token = ?", good)).isEqualTo(1);
    await().atMost(WAIT).until(() -> FcmLog.delivered(good) == 1);
    assertThat(
            Db.count(
                "select count(*) from delivery_attempt d join notification n on n.id ="
                    + " d.notification_id join member m on m.id = n.member_id where"
                    + " d.outcome = 'TARGET_GONE' and m.id = (select member_id from device"
                    + " where token = ?)",
                good))
        .isEqualTo(3);
  }

  @Test
  void aServerErrorIsRetriedLaterAndTheTokenKept() {
    String member = user("push-500");
    quietHours(member, false, "22:00", "08:00");
    String token = device(member, "internal-");
    signUp(member, event(5).sessionId());

    await()
        .atMost(WAIT)
        .until(
            () ->
                Db.count(
                        "select count(*) from notification_dispatch d join notification n on"
                            + " n.id = d.notification_id join device v on v.member_id ="
                            + " n.member_id where v.token = ? and d.attempts = 1 and"
                            + " d.last_error = 'INTERNAL' and d.next_attempt_at > now() +"
                            + " interval '20 seconds'",
                        token)
                    == 1);
    assertThat(Db.count("select count(*) from device where token = ?", token)).isEqualTo(1);
    assertThat(FcmLog.requests(token)).hasSize(1);
  }

  @Test
  void quietHoursHoldOrdinaryNewsButNotACancellation() {
    String member = user("push-quiet");
    LocalTime now = LocalTime.now(ZoneId.of("Asia/Shanghai"));
    quietHours(
        member,
        true,
        now.minusHours(1).withSecond(0).withNano(0).toString(),
        now.plusHours(1).withSecond(0).withNano(0).toString());
    String token = device(member, "ok-");
    var event = event(5);
    signUp(member, event.sessionId());

    await()
        .atMost(WAIT)
        .until(
            () ->
                Db.count(
                        "select count(*) from notification_dispatch d join notification n on"
                            + " n.id = d.notification_id join device v on v.member_id ="
                            + " n.member_id where v.token = ? and d.next_attempt_at > now() +"
                            + " interval '50 minutes'",
                        token)
                    == 1);
    Events.transition(Tokens.of(Tokens.COMMUNITY_CADRE), event.eventId(), "CANCEL");
    await().atMost(WAIT).until(() -> FcmLog.delivered(token) == 1);
    @SuppressWarnings("unchecked")
    Map<String, String> data = (Map<String, String>) FcmLog.requests(token).get(0).get("data");
    assertThat(data).containsEntry("type", "EVENT_CANCELLED");
  }

  @Test
  void remindersOffMeansNoReminderPushButTheInboxKeepsIt() {
    String member = user("push-rem");
    given()
        .auth()
        .oauth2(member)
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "reminders",
                false,
                "campaigns",
                false,
                "quietHours",
                Map.of("enabled", false, "start", "22:00", "end", "08:00"),
                "language",
                "zh-CN"))
        .put("/me/notification-preferences")
        .then()
        .statusCode(200);
    long memberId = Db.count("select max(member_id) from notification_preference");
    Db.update(
        "insert into outbox (aggregate_type, aggregate_id, type, member_id, payload) values"
            + " ('registration', 0, 'SESSION_REMINDER', ?, cast(? as jsonb))",
        memberId,
        "{\"title\": \"提醒测试\", \"startsAt\": \"2026-12-01T09:00:00+08:00\"}");
    await()
        .atMost(WAIT)
        .until(
            () ->
                Db.count(
                        "select count(*) from notification where member_id = ? and type ="
                            + " 'SESSION_REMINDER' and category = 'REMINDER'",
                        memberId)
                    == 1);
    assertThat(
            Db.count(
                "select count(*) from notification_dispatch d join notification n on n.id ="
                    + " d.notification_id where n.member_id = ?",
                memberId))
        .isZero();
    List<String> titles =
        given()
            .auth()
            .oauth2(member)
            .get("/me/inbox")
            .then()
            .extract()
            .jsonPath()
            .getList("items.title", String.class);
    assertThat(titles).contains("活动提醒");
  }
}
