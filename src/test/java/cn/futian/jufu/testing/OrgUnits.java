package cn.futian.jufu.testing;

import static io.restassured.RestAssured.given;

/** Looks seeded units up through the API, by their stable code. */
public final class OrgUnits {

  private OrgUnits() {}

  public static long idOf(String code) {
    return given()
        .header("Authorization", Tokens.bearer(Tokens.RESIDENT_A))
        .queryParam("q", code)
        .queryParam("includeRetired", true)
        .queryParam("size", 200)
        .get("/org-units")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getLong("items.find { it.code == '" + code + "' }.id");
  }
}
