package cn.futian.jufu.servicepoints;

import static io.restassured.RestAssured.given;

import cn.futian.jufu.testing.Tokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Test helpers for the services directory. */
final class ServicePoints {

  private ServicePoints() {}

  /** A valid creation body; callers change or null what they test. */
  static Map<String, Object> body(String kind, String nameZh, Double lat, Double lng) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("kind", kind);
    body.put("nameZh", nameZh);
    body.put("nameEn", "Test point");
    body.put("address", "深圳市福田区测试路 1 号");
    body.put("openingHours", "周一至周五 09:00–18:00");
    body.put("phone", "0755-83912338");
    body.put("lat", lat);
    body.put("lng", lng);
    body.put("tags", List.of("哺乳椅", "尿布台"));
    return body;
  }

  static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Creates a point as {@code user} (expects 201) and returns the response body. */
  static JsonPath create(String user, long unitId, Map<String, Object> body) {
    return given()
        .header("Authorization", Tokens.bearer(user))
        .contentType(ContentType.JSON)
        .body(body)
        .post("/org-units/{id}/service-points", unitId)
        .then()
        .statusCode(201)
        .extract()
        .jsonPath();
  }

  /** Great-circle distance in metres (haversine on the mean Earth radius), written for the test. */
  static double metres(double lat1, double lng1, double lat2, double lng2) {
    double r = 6_371_008.8;
    double p1 = Math.toRadians(lat1);
    double p2 = Math.toRadians(lat2);
    double dp = p2 - p1;
    double dl = Math.toRadians(lng2 - lng1);
    double h =
        Math.pow(Math.sin(dp / 2), 2) + Math.cos(p1) * Math.cos(p2) * Math.pow(Math.sin(dl / 2), 2);
    return 2 * r * Math.asin(Math.sqrt(h));
  }

  /** The point {@code metres} north and {@code east} metres east of (lat, lng), approximately. */
  static double[] offset(double lat, double lng, double north, double east) {
    double dLat = Math.toDegrees(north / 6_371_008.8);
    double dLng = Math.toDegrees(east / (6_371_008.8 * Math.cos(Math.toRadians(lat))));
    return new double[] {lat + dLat, lng + dLng};
  }
}
