package cn.futian.jufu.common.ratelimit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.TestUsers;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Writes by one account are limited; reads are not; the refused write writes nothing. */
@QuarkusTest
@TestProfile(WriteRateLimitTest.FiveWrites.class)
class WriteRateLimitTest {

  /** Five writes per member and minute. */
  public static class FiveWrites implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "fulian.rate-limits.limits.write-member.requests", "5",
          "quarkus.flyway.clean-at-start", "false");
    }
  }

  static int follow(String token, String code) {
    return given()
        .auth()
        .oauth2(token)
        .put("/me/follows/{id}", cn.futian.jufu.testing.OrgUnits.idOf(code))
        .then()
        .extract()
        .statusCode();
  }

  @Test
  void theSixthWriteInAMinuteIsRefusedAndWritesNothing() {
    String script = TestUsers.token("writer-" + UUID.randomUUID().toString().substring(0, 6));
    String[] units = {"FT-01", "FT-02", "FT-03", "FT-04", "FT-05", "FT-06"};
    for (int i = 0; i < 5; i++) {
      assertThat(follow(script, units[i])).isEqualTo(200);
    }
    given()
        .auth()
        .oauth2(script)
        .put("/me/follows/{id}", cn.futian.jufu.testing.OrgUnits.idOf(units[5]))
        .then()
        .statusCode(429)
        .contentType("application/problem+json")
        .header("Retry-After", notNullValue());
    String subject = Tokens.subjectOf(script);
    assertThat(
            Db.count(
                "select count(*) from member_follow f join member m on m.id = f.member_id"
                    + " where m.subject = ?",
                subject))
        .isEqualTo(5);
    // Reads go on, and another member's writes are not affected.
    given().auth().oauth2(script).get("/me/follows").then().statusCode(200);
    String other = TestUsers.token("writer-" + UUID.randomUUID().toString().substring(0, 6));
    assertThat(follow(other, "FT-01")).isEqualTo(200);
    given()
        .auth()
        .oauth2(other)
        .contentType(ContentType.JSON)
        .body(Map.of())
        .get("/me")
        .then()
        .statusCode(200)
        .body("id", notNullValue());
    assertThat(follow(other, "FT-02")).isEqualTo(200);
    given().get("/me/follows").then().statusCode(equalTo(401));
  }
}
