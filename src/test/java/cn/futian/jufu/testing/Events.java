package cn.futian.jufu.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds and publishes events through the API, as a cadre would. */
public final class Events {

  private Events() {}

  /** A session starting in a week, two hours long. */
  public static Map<String, Object> session(String mode, int capacity) {
    OffsetDateTime start = OffsetDateTime.now(ZoneOffset.ofHours(8)).plusDays(7).withNano(0);
    Map<String, Object> s = new HashMap<>();
    s.put("startsAt", start.toString());
    s.put("endsAt", start.plusHours(2).toString());
    s.put("mode", mode);
    s.put("capacity", capacity);
    return s;
  }

  public static Map<String, Object> event(
      long ownerUnitId, String kind, List<Long> audience, List<Map<String, Object>> sessions) {
    Map<String, Object> e = new HashMap<>();
    e.put("ownerUnitId", ownerUnitId);
    e.put("kind", kind);
    if ("FAMILY_HAPPINESS_COURSE".equals(kind)) {
      e.put("courseCategory", "MARRIAGE_FAMILY");
    }
    e.put("title", "测试活动 " + kind);
    e.put("description", "测试用的活动说明。");
    e.put("venue", Map.of("address", "福田区园岭街道百花二路", "lat", 22.5531, "lng", 114.0937));
    e.put("audienceUnitIds", audience);
    e.put("sessions", new ArrayList<>(sessions));
    return e;
  }

  /** Creates the event as {@code cadre} and returns its JSON (as a RestAssured path view). */
  public static io.restassured.path.json.JsonPath create(
      String cadreToken, Map<String, Object> body) {
    return given()
        .auth()
        .oauth2(cadreToken)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/events")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath();
  }

  public static void transition(String token, long eventId, String action) {
    given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(Map.of("action", action))
        .post("/events/{id}/transitions", eventId)
        .then()
        .statusCode(200);
  }

  /** An event and its (first) session. */
  public record Published(long eventId, long sessionId) {}

  /** Creates and publishes an event with one session for the unit's residents. */
  public static Published publish(
      String cadreToken, long ownerUnitId, String kind, Map<String, Object> session) {
    return publish(cadreToken, event(ownerUnitId, kind, List.of(ownerUnitId), List.of(session)));
  }

  /** Creates and publishes an event as given. */
  public static Published publish(String cadreToken, Map<String, Object> body) {
    var created = create(cadreToken, body);
    long eventId = created.getLong("id");
    transition(cadreToken, eventId, "SUBMIT");
    return new Published(eventId, created.getLong("sessions[0].id"));
  }
}
