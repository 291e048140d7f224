package cn.futian.jufu.registrations;

import static cn.futian.jufu.testing.OrgUnits.idOf;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import cn.futian.jufu.testing.Events;
import cn.futian.jufu.testing.TestUsers;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Redis is only an accelerator (ADR 0002): with Redis unreachable the service is still ready, and
 * sign-ups, the waitlist, the feed and requests for help still answer correctly, from PostgreSQL.
 */
@QuarkusTest
@TestProfile(RedisDownTest.NoRedis.class)
class RedisDownTest {

  /** Redis on a port where nothing listens. */
  public static class NoRedis implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:1");
    }
  }

  @Test
  void signUpsAndTheFeedWorkWithoutRedis() {
    given()
        .port(9081) // the management port in tests
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'redis' }.data.redis", equalTo("down"));
    List<String> members =
        TestUsers.tokens("no-redis-" + UUID.randomUUID().toString().substring(0, 6), 3);
    var published =
        Events.publish(
            Tokens.of(Tokens.COMMUNITY_CADRE),
            idOf("FT-01-01"),
            "JOB_FAIR",
            Events.session("FIRST_COME", 2));
    List<String> statuses =
        members.stream()
            .map(
                t ->
                    given()
                        .auth()
                        .oauth2(t)
                        .contentType("application/json")
                        .body("{}")
                        .post("/sessions/{id}/registrations", published.sessionId())
                        .then()
                        .statusCode(201)
                        .extract()
                        .jsonPath()
                        .getString("status"))
            .toList();
    assertThat(statuses).containsExactly("CONFIRMED", "CONFIRMED", "WAITLISTED");
    cn.futian.jufu.testing.Profiles.set(members.get(0), null, null, idOf("FT-01-01"), null);
    given()
        .auth()
        .oauth2(members.get(0))
        .queryParam("size", 100)
        .get("/events")
        .then()
        .statusCode(200)
        .body("items.id", hasItem((int) published.eventId()));
  }

  @Test
  void aRequestForHelpIsStoredWithoutRedis() {
    String reference =
        given()
            .contentType("application/json")
            .body("{\"category\":\"OTHER\",\"account\":\"没有缓存也要收到\",\"contactBy\":\"INBOX_ONLY\"}")
            .post("/help-requests")
            .then()
            .statusCode(201)
            .extract()
            .path("reference");
    given()
        .contentType("application/json")
        .body(java.util.Map.of("reference", reference))
        .post("/help-requests/lookup")
        .then()
        .statusCode(200)
        .body("status", equalTo("RECEIVED"));
  }
}
