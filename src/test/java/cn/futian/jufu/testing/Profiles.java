package cn.futian.jufu.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.Map;

/** Sets up a member's profile through the API, consents first, as the app would. */
public final class Profiles {

  public static final String VERSION = "2026-11";

  private Profiles() {}

  public static void consent(String token, String purpose) {
    given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(Map.of("purpose", purpose, "textVersion", VERSION))
        .post("/me/consents")
        .then()
        .statusCode(200);
  }

  /** Gender and birth year (profile consent), optional home unit and marital status. */
  public static void set(
      String token, String gender, Integer birthYear, Long homeUnitId, String maritalStatus) {
    consent(token, "PROFILE");
    Map<String, Object> patch = new HashMap<>();
    if (gender != null) {
      patch.put("gender", gender);
    }
    if (birthYear != null) {
      patch.put("birthYear", birthYear);
    }
    if (homeUnitId != null) {
      patch.put("homeUnitId", homeUnitId);
    }
    if (maritalStatus != null) {
      consent(token, "MARITAL_STATUS");
      patch.put("maritalStatus", maritalStatus);
    }
    given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(patch)
        .patch("/me")
        .then()
        .statusCode(200);
  }

  /** Adds a child (with the guardian's consent); returns the dependant id. */
  public static long child(String token, String name, int birthYear) {
    consent(token, "MINORS");
    return given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(Map.of("relation", "CHILD", "name", name, "birthYear", birthYear))
        .post("/me/dependants")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getLong("id");
  }
}
