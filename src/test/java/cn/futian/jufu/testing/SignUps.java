package cn.futian.jufu.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;

/** A member's sign-up and check-in code through the API, as the mini-app makes them. */
public final class SignUps {

  private SignUps() {}

  /** Signs the member up for a session (a new registration: 201); its id. */
  public static long signUp(String token, long session) {
    return given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/sessions/{id}/registrations", session)
        .then()
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  /** The member's signed check-in code for a confirmed registration. */
  public static String checkinCode(String token, long registration) {
    return given()
        .auth()
        .oauth2(token)
        .get("/registrations/{id}/checkin-code", registration)
        .then()
        .statusCode(200)
        .extract()
        .path("code");
  }
}
