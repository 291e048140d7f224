package cn.futian.jufu.campaigns;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

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
}
