package cn.futian.jufu.common.security;

import static cn.futian.jufu.testing.Tokens.KEYCLOAK;
import static cn.futian.jufu.testing.Tokens.PASSWORD;
import static cn.futian.jufu.testing.Tokens.RESIDENT_B;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.futian.jufu.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The API accepts only access tokens of realm fulian meant for it: issuer, signature and audience
 * are checked, and {@code aud} may be a string or an array. Tokens come from the real Keycloak.
 */
@QuarkusTest
class TokenChecksTest {

  @Test
  void audienceAsAStringIsAccepted() throws Exception {
    String token = Tokens.of(RESIDENT_B);
    assertThat(claims(token).get("aud").isTextual()).isTrue();
    given().auth().oauth2(token).get("/me").then().statusCode(200);
  }

  @Test
  void audienceAsAnArrayIsAccepted() throws Exception {
    String token = Tokens.fetch(KEYCLOAK, "fulian-test-two-audiences", RESIDENT_B, PASSWORD);
    JsonNode aud = claims(token).get("aud");
    assertThat(aud.isArray()).isTrue();
    assertThat(aud.toString()).contains("fulian-api").contains("fulian-app");
    given().auth().oauth2(token).get("/me").then().statusCode(200);
  }

  @Test
  void aTokenForAnotherAudienceIsRefused() throws Exception {
    String token = Tokens.fetch(KEYCLOAK, "fulian-test-no-audience", RESIDENT_B, PASSWORD);
    assertThat(claims(token).path("aud").toString()).doesNotContain("fulian-api");
    given()
        .auth()
        .oauth2(token)
        .get("/me")
        .then()
        .statusCode(401)
        .body("code", equalTo("unauthenticated"));
  }

  @Test
  void aTokenFromAnotherRealmIsRefused() {
    String token =
        Tokens.fetch("http://127.0.0.1:8180/realms/master", "admin-cli", "admin", "admin");
    given().auth().oauth2(token).get("/me").then().statusCode(401);
  }

  private static JsonNode claims(String jwt) throws Exception {
    String payload = jwt.split("\\.")[1];
    return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(payload));
  }
}
