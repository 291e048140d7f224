package cn.futian.jufu.registrations;

import static cn.futian.jufu.testing.OrgUnits.idOf;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import cn.futian.jufu.testing.Events;
import cn.futian.jufu.testing.TestUsers;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A member tapping sign-up over and over gets 429 with Retry-After, as a problem document. */
@QuarkusTest
@TestProfile(SignUpRateLimitTest.TightLimits.class)
class SignUpRateLimitTest {

  /** Three sign-up attempts per member and minute. */
  public static class TightLimits implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("fulian.rate-limits.limits.signup-member.requests", "3");
    }
  }

  @Test
  void theFourthAttemptInAMinuteIsRefused() {
    String bot = TestUsers.token("bot-" + UUID.randomUUID().toString().substring(0, 6));
    long session =
        Events.publish(
                Tokens.of(Tokens.COMMUNITY_CADRE),
                idOf("FT-01-01"),
                "JOB_FAIR",
                Events.session("FIRST_COME", 5))
            .sessionId();
    given()
        .auth()
        .oauth2(bot)
        .contentType("application/json")
        .body("{}")
        .post("/sessions/{id}/registrations", session)
        .then()
        .statusCode(201);
    given()
        .auth()
        .oauth2(bot)
        .contentType("application/json")
        .body("{}")
        .post("/sessions/{id}/registrations", session)
        .then()
        .statusCode(409);
    given()
        .auth()
        .oauth2(bot)
        .contentType("application/json")
        .body("{}")
        .post("/sessions/{id}/registrations", session)
        .then()
        .statusCode(409);
    given()
        .auth()
        .oauth2(bot)
        .header("Accept-Language", "en")
        .contentType("application/json")
        .body("{}")
        .post("/sessions/{id}/registrations", session)
        .then()
        .statusCode(429)
        .contentType("application/problem+json")
        .header("Retry-After", notNullValue())
        .body("code", equalTo("rate-limited"))
        .body("retryAfter", notNullValue());
  }
}
