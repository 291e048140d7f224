package cn.futian.jufu.members;

import static cn.futian.jufu.testing.OrgUnits.idOf;
import static cn.futian.jufu.testing.Tokens.COMMUNITY_CADRE;
import static cn.futian.jufu.testing.Tokens.RESIDENT_A;
import static cn.futian.jufu.testing.Tokens.STREET_CADRE;
import static cn.futian.jufu.testing.Tokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MeResourceTest {

  static final String VERSION = "2026-11";

  @BeforeEach
  void withoutProfileConsent() {
    given()
        .header("Authorization", bearer(RESIDENT_A))
        .delete("/me/consents/PROFILE")
        .then()
        .statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(404)));
  }

  @Test
  void theFirstCallCreatesTheMemberFromTheToken() {
    given()
        .header("Authorization", bearer(COMMUNITY_CADRE))
        .get("/me")
        .then()
        .statusCode(200)
        .body("id", notNullValue())
        .body("displayName", notNullValue())
        .body("roles", contains("cadre"))
        .body("managedUnits.code", contains("FT-01-01"));
    given()
        .header("Authorization", bearer(STREET_CADRE))
        .get("/me")
        .then()
        .statusCode(200)
        .body("managedUnits.code", contains("FT-01"));
    // The same member on every call.
    int first = given().header("Authorization", bearer(RESIDENT_A)).get("/me").path("id");
    given()
        .header("Authorization", bearer(RESIDENT_A))
        .get("/me")
        .then()
        .body("id", equalTo(first))
        .body("managedUnits", empty());
  }

  @Test
  void withoutATokenOrWithABadOne() {
    given()
        .get("/me")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", notNullValue())
        .body("code", equalTo("unauthenticated"));
    String token = bearer(RESIDENT_A);
    String tampered = token.substring(0, token.length() - 4) + "AAAA";
    given().header("Authorization", tampered).get("/me").then().statusCode(401);
    given().header("Authorization", "Bearer not.a.jwt").get("/me").then().statusCode(401);
  }

  @Test
  void nameAndHomeCommunity() {
    long community = idOf("FT-01-01");
    given()
        .header("Authorization", bearer(RESIDENT_A))
        .contentType(ContentType.JSON)
        .body(Map.of("displayName", "  李娜  ", "homeUnitId", community))
        .patch("/me")
        .then()
        .statusCode(200)
        .body("displayName", equalTo("李娜"))
        .body("homeUnit.code", equalTo("FT-01-01"));
    // A street is not a home community.
    given()
        .header("Authorization", bearer(RESIDENT_A))
        .contentType(ContentType.JSON)
        .body(Map.of("homeUnitId", idOf("FT-01")))
        .patch("/me")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("homeUnitId"));
    given()
        .header("Authorization", bearer(RESIDENT_A))
        .contentType(ContentType.JSON)
        .body(Map.of("homeUnitId", 99999999))
        .patch("/me")
        .then()
        .statusCode(404);
    // Absent fields stay; the home community is unchanged.
    given()
        .header("Authorization", bearer(RESIDENT_A))
        .contentType("application/merge-patch+json")
        .body("{}")
        .patch("/me")
        .then()
        .statusCode(200)
        .body("homeUnit.code", equalTo("FT-01-01"));
    // null clears it.
    given()
        .header("Authorization", bearer(RESIDENT_A))
        .contentType(ContentType.JSON)
        .body("{\"homeUnitId\": null}")
        .patch("/me")
        .then()
        .statusCode(200)
        .body("homeUnit", nullValue());
  }

  @Test
  void optionalFieldsNeedTheProfileConsentAndWithdrawalErasesThem() {
    given()
        .header("Authorization", bearer(RESIDENT_A))
        .contentType(ContentType.JSON)
        .body(Map.of("phone", "13800138000"))
        .patch("/me")
        .then()
        .statusCode(422)
        .body("code", equalTo("consent-required"));

    given()
        .header("Authorization", bearer(RESIDENT_A))
        .get("/me/consent-texts")
        .then()
        .statusCode(200)
        .body("find { it.purpose == 'PROFILE' }.currentVersion", equalTo(VERSION));
    given()
        .header("Authorization", bearer(RESIDENT_A))
        .contentType(ContentType.JSON)
        .body(Map.of("purpose", "PROFILE", "textVersion", "2001-01"))
        .post("/me/consents")
        .then()
        .statusCode(422);
    given()
        .header("Authorization", bearer(RESIDENT_A))
        .contentType(ContentType.JSON)
        .body(Map.of("purpose", "PROFILE", "textVersion", VERSION))
        .post("/me/consents")
        .then()
        .statusCode(200)
        .body("active", equalTo(true))
        .body("textVersion", equalTo(VERSION));

    given()
        .header("Authorization", bearer(RESIDENT_A))
        .contentType(ContentType.JSON)
        .body(Map.of("phone", "13800138000", "birthYear", 1990, "gender", "FEMALE"))
        .patch("/me")
        .then()
        .statusCode(200)
        .body("phone", equalTo("13800138000"))
        .body("birthYear", equalTo(1990))
        .body("gender", equalTo("FEMALE"))
        .body("consents", contains("PROFILE"));

    given()
        .header("Authorization", bearer(RESIDENT_A))
        .delete("/me/consents/PROFILE")
        .then()
        .statusCode(200)
        .body("active", equalTo(false));
    given()
        .header("Authorization", bearer(RESIDENT_A))
        .get("/me")
        .then()
        .body("phone", nullValue())
        .body("birthYear", nullValue())
        .body("gender", nullValue())
        .body("consents", empty());
    given()
        .header("Authorization", bearer(RESIDENT_A))
        .get("/me/consents")
        .then()
        .statusCode(200)
        .body("withdrawnAt", hasItem(notNullValue()));
  }

  @Test
  void badInputIsAProblemWithTheFieldNamed() {
    // A server-owned field cannot be set (mass assignment).
    given()
        .header("Authorization", bearer(RESIDENT_A))
        .header("Accept-Language", "en")
        .contentType(ContentType.JSON)
        .body(Map.of("roles", new String[] {"admin"}))
        .patch("/me")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("roles"))
        .body("errors[0].code", equalTo("unknown-field"))
        .body("errors[0].message", equalTo("This field is not allowed."));
    given()
        .header("Authorization", bearer(RESIDENT_A))
        .contentType(ContentType.JSON)
        .body(Map.of("birthYear", "nineteen ninety"))
        .patch("/me")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("birthYear"))
        .body("errors[0].code", equalTo("type"));
    given()
        .header("Authorization", bearer(RESIDENT_A))
        .contentType(ContentType.JSON)
        .body(Map.of("gender", "OTHER"))
        .patch("/me")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("gender"))
        .body("errors[0].code", equalTo("enum"));
    Map<String, Object> invalid = new HashMap<>();
    invalid.put("displayName", "x".repeat(51));
    invalid.put("phone", "12345");
    invalid.put("birthYear", 1800);
    given()
        .header("Authorization", bearer(RESIDENT_A))
        .contentType(ContentType.JSON)
        .body(invalid)
        .patch("/me")
        .then()
        .statusCode(400)
        .body("code", equalTo("validation-failed"))
        .body("errors.field", contains("birthYear", "displayName", "phone"));
    given()
        .header("Authorization", bearer(RESIDENT_A))
        .contentType(ContentType.JSON)
        .body("{\"displayName\": ")
        .patch("/me")
        .then()
        .statusCode(400)
        .body("code", equalTo("malformed-request"));
    given()
        .header("Authorization", bearer(RESIDENT_A))
        .contentType(ContentType.JSON)
        .body("[1,2,3]")
        .patch("/me")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    given()
        .header("Authorization", bearer(RESIDENT_A))
        .contentType(ContentType.TEXT)
        .body("displayName=x")
        .patch("/me")
        .then()
        .statusCode(415)
        .body("code", equalTo("unsupported-media-type"));
    given()
        .header("Authorization", bearer(RESIDENT_A))
        .contentType(ContentType.JSON)
        .body("{\"displayName\":\"" + "长".repeat(70_000) + "\"}")
        .patch("/me")
        .then()
        .statusCode(413)
        .contentType("application/problem+json")
        .body("code", equalTo("body-too-large"));
    given()
        .header("Authorization", bearer(RESIDENT_A))
        .delete("/me/consents/MARKETING")
        .then()
        .statusCode(400);
    given()
        .header("Authorization", bearer(RESIDENT_A))
        .contentType(ContentType.JSON)
        .body(Map.of("purpose", "MARKETING", "textVersion", VERSION))
        .post("/me/consents")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("purpose"))
        .body("errors[0].code", equalTo("enum"));
    given()
        .header("Authorization", bearer(RESIDENT_A))
        .contentType(ContentType.JSON)
        .body(Map.of("purpose", "PROFILE"))
        .post("/me/consents")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("textVersion"))
        .body("errors[0].code", equalTo("notBlank"));
    given()
        .header("Authorization", bearer(RESIDENT_A))
        .contentType(ContentType.JSON)
        .post("/me/consents")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    // Nothing was recorded by the refused requests.
    given()
        .header("Authorization", bearer(RESIDENT_A))
        .get("/me")
        .then()
        .statusCode(200)
        .body("consents", empty());
    given()
        .header("Authorization", bearer(RESIDENT_A))
        .put("/me")
        .then()
        .statusCode(405)
        .contentType("application/problem+json");
  }
}
