package cn.futian.jufu.testing;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;

/**
 * What the shared fake FCM server (started for the test run) received, read over its control
 * endpoints: tests run in Quarkus's class loader, the fake in the launcher's.
 */
public final class FcmLog {

  private FcmLog() {}

  public static String baseUrl() {
    return "http://127.0.0.1:" + Integer.getInteger("fake.fcm.port", 18766);
  }

  /** Requests for one token, oldest first: token, collapseKey, data, validateOnly, status. */
  public static List<Map<String, Object>> requests(String token) {
    return given()
        .baseUri(baseUrl())
        .port(Integer.getInteger("fake.fcm.port", 18766))
        .queryParam("token", token)
        .get("/fake/requests")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("");
  }

  /** Deliveries of one type of message (the {@code type} in its data) to a token. */
  public static long delivered(String token, String type) {
    return requests(token).stream()
        .filter(r -> Integer.valueOf(200).equals(r.get("status")))
        .filter(r -> !Boolean.TRUE.equals(r.get("validateOnly")))
        .filter(r -> r.get("data") instanceof Map<?, ?> data && type.equals(data.get("type")))
        .count();
  }

  /** Requests the fake answered 200 without validate_only. */
  public static long delivered(String token) {
    return requests(token).stream()
        .filter(r -> Integer.valueOf(200).equals(r.get("status")))
        .filter(r -> !Boolean.TRUE.equals(r.get("validateOnly")))
        .count();
  }
}
