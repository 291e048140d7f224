package cn.futian.jufu.common.ratelimit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.OrgUnits;
import cn.futian.jufu.testing.TestUsers;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Writes from one address are limited, signed in or not; without a trusted proxy configured, a
 * forged X-Forwarded-For does not move a client to a fresh counter.
 */
@QuarkusTest
@TestProfile(WriteIpRateLimitTest.FiveWritesPerAddress.class)
class WriteIpRateLimitTest {

  /** Five writes per address and minute; proxy headers not honoured (the default). */
  public static class FiveWritesPerAddress implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "fulian.rate-limits.limits.write-ip.requests", "5",
          "quarkus.flyway.clean-at-start", "false");
    }
  }

  @Inject RedisDataSource redis;

  private static int follow(String token, String code, String forwardedFor) {
    var request = given().header("X-Forwarded-For", forwardedFor);
    if (token != null) {
      request = request.auth().oauth2(token);
    }
    return request.put("/me/follows/{id}", OrgUnits.idOf(code)).then().extract().statusCode();
  }

  @Test
  void theSixthWriteFromOneAddressIsRefusedWhateverItClaimsAndWritesNothing() {
    // This run's own window: all requests of the test come from 127.0.0.1.
    redis.key().del("rl:write-ip:127.0.0.1");
    String member = TestUsers.token("ip-writer-" + UUID.randomUUID().toString().substring(0, 6));
    assertThat(follow(member, "FT-01", "10.0.0.1")).isEqualTo(200);
    assertThat(follow(member, "FT-02", "10.0.0.2")).isEqualTo(200);
    assertThat(follow(member, "FT-03", "10.0.0.3")).isEqualTo(200);
    // Anonymous writes count too (they are refused, but they cost the address its budget).
    assertThat(follow(null, "FT-04", "10.0.0.4")).isEqualTo(401);
    assertThat(follow(null, "FT-04", "10.0.0.5")).isEqualTo(401);
    given()
        .auth()
        .oauth2(member)
        .header("X-Forwarded-For", "10.0.0.6")
        .put("/me/follows/{id}", OrgUnits.idOf("FT-05"))
        .then()
        .statusCode(429)
        .contentType("application/problem+json")
        .header("Retry-After", notNullValue())
        .body("code", equalTo("rate-limited"));
    assertThat(follow(null, "FT-05", "10.0.0.7")).isEqualTo(429);
    assertThat(
            Db.count(
                "select count(*) from member_follow f join member m on m.id = f.member_id"
                    + " where m.subject = ?",
                Tokens.subjectOf(member)))
        .isEqualTo(3);
    // Reads go on.
    given().auth().oauth2(member).get("/me/follows").then().statusCode(200);
  }
}
