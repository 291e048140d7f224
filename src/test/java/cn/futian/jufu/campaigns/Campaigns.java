package cn.futian.jufu.campaigns;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.fakes.FakeFcm;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test helpers for campaigns. */
final class Campaigns {

  private Campaigns() {}

  static Map<String, Object> body(long ownerUnitId, Map<String, Object> audience) {
    Map<String, Object> b = new HashMap<>();
    b.put("ownerUnitId", ownerUnitId);
    b.put("titleZh", "三八妇女节活动通知");
    b.put("bodyZh", "欢迎参加社区妇女儿童之家的节日活动。");
    b.put("titleEn", "Women's Day");
    b.put("bodyEn", "Join the celebration at your community's women and children's home.");
    b.put("link", "/events/1");
    b.put("audience", audience);
    return b;
  }

  static JsonPath create(String token, Map<String, Object> body) {
    return given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/campaigns")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath();
  }

  static JsonPath action(String token, long id, String action, int status) {
    return given()
        .auth()
        .oauth2(token)
        .post("/campaigns/{id}/" + action, id)
        .then()
        .statusCode(status)
        .extract()
        .jsonPath();
  }

  static JsonPath get(String token, long id) {
    return given()
        .auth()
        .oauth2(token)
        .get("/campaigns/{id}", id)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  static JsonPath awaitStatus(String token, long id, String status, Duration atMost) {
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> status.equals(get(token, id).getString("status")));
    return get(token, id);
  }

  static void optIn(String token, boolean campaigns) {
    given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "reminders",
                true,
                "campaigns",
                campaigns,
                "quietHours",
                Map.of("enabled", false, "start", "22:00", "end", "08:00"),
                "language",
                "zh-CN"))
        .put("/me/notification-preferences")
        .then()
        .statusCode(200);
  }

  static List<String> inboxTypes(String token) {
    return given()
        .auth()
        .oauth2(token)
        .get("/me/inbox?size=100")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("items.type", String.class);
  }

  /**
   * {@code count} members named {@code tag-1…}, opted in, each with one device (token {@code
   * ok-<tag>-<member id>}, which the fake FCM accepts), following {@code unit} (and only they: its
   * other followers are removed) with the interest COUNSELLING.
   */
  static void optedInMembersWithDevices(String tag, int count, long unit) {
    Db.update("delete from member_follow where org_unit_id = ?", unit);
    String like = tag + "-%";
    Db.update(
        "insert into member (subject, display_name) select ? || '-' || g, '测试' || g"
            + " from generate_series(1, ?) g",
        tag,
        count);
    Db.update(
        "insert into notification_preference (member_id, campaigns_opted_in_at, quiet_enabled)"
            + " select id, now(), false from member where subject like ?",
        like);
    Db.update(
        "insert into device (member_id, token, platform) select id, 'ok-' || ? || '-' || id,"
            + " 'ANDROID' from member where subject like ?",
        tag,
        like);
    Db.update(
        "insert into member_follow (member_id, org_unit_id) select id, ? from member where"
            + " subject like ?",
        unit,
        like);
    Db.update(
        "insert into member_interest (member_id, kind) select id, 'COUNSELLING' from member"
            + " where subject like ?",
        like);
  }

  /** What the fake FCM received for this campaign on the devices of {@code tag}'s members. */
  static List<FakeFcm.Request> fcmRequests(String tag, long campaignId) {
    List<FakeFcm.Request> mine = new java.util.ArrayList<>();
    for (FakeFcm.Request r : FakeFcm.shared().requests()) {
      if (r.token() != null
          && r.token().startsWith("ok-" + tag + "-")
          && !r.validateOnly()
          && String.valueOf(campaignId).equals(r.data().get("campaignId"))) {
        mine.add(r);
      }
    }
    return mine;
  }
}
