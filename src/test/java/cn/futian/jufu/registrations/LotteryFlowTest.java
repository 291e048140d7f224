package cn.futian.jufu.registrations;

import static cn.futian.jufu.registrations.RegistrationFlowTest.cadre;
import static cn.futian.jufu.registrations.RegistrationFlowTest.signUp;
import static cn.futian.jufu.registrations.RegistrationFlowTest.users;
import static cn.futian.jufu.testing.OrgUnits.idOf;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import cn.futian.jufu.events.LotterySeed;
import cn.futian.jufu.registrations.lottery.LotteryDraw;
import cn.futian.jufu.testing.Events;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A lottery session end to end: applications, the published commitment, the draw, and anyone
 * re-running it from what the API publishes to get the same winners.
 */
@QuarkusTest
class LotteryFlowTest {

  @Test
  void theDrawIsReproducibleFromWhatIsPublished() {
    List<String> u = users("lottery", 10);
    Map<String, Object> session = Events.session("LOTTERY", 4);
    OffsetDateTime start = OffsetDateTime.parse((String) session.get("startsAt"));
    session.put("registrationClosesAt", start.minusDays(1).toString());
    var published = Events.publish(cadre(), idOf("FT-01-01"), "FAMILY_HAPPINESS_COURSE", session);
    long s = published.sessionId();

    String commitment =
        given()
            .auth()
            .oauth2(u.get(0))
            .get("/sessions/{id}/lottery", s)
            .then()
            .statusCode(200)
            .body("seed", nullValue())
            .extract()
            .path("seedCommitment");
    assertThat(commitment).hasSize(64);

    for (String t : u) {
      assertThat(signUp(t, s, 201).getString("status")).isEqualTo("APPLIED");
    }
    // Before the window closes, there is no draw.
    given().auth().oauth2(cadre()).post("/sessions/{id}/lottery/draw", s).then().statusCode(422);
    // Residents cannot draw.
    given().auth().oauth2(u.get(0)).post("/sessions/{id}/lottery/draw", s).then().statusCode(403);

    Events.transition(cadre(), published.eventId(), "CLOSE_REGISTRATION");
    JsonPath audit =
        given()
            .auth()
            .oauth2(cadre())
            .post("/sessions/{id}/lottery/draw", s)
            .then()
            .statusCode(200)
            .body("seed", notNullValue())
            .body("drawnAt", notNullValue())
            .extract()
            .jsonPath();
    given().auth().oauth2(cadre()).post("/sessions/{id}/lottery/draw", s).then().statusCode(409);

    String seed = audit.getString("seed");
    assertThat(LotterySeed.matches(seed, commitment)).isTrue();
    List<LotteryDraw.Entry> entries = new ArrayList<>();
    List<Map<String, Object>> entriesJson = audit.getList("entries");
    for (Map<String, Object> e : entriesJson) {
      entries.add(
          new LotteryDraw.Entry(
              ((Number) e.get("registrationId")).longValue(),
              (String) e.get("pool"),
              ((Number) e.get("seats")).intValue(),
              ((Number) e.get("weight")).doubleValue()));
    }
    assertThat(entries).hasSize(10);
    LotteryDraw.Result again = LotteryDraw.draw(seed, entries, Map.of("ANY", 4));
    List<Long> confirmed = new ArrayList<>();
    List<Long> waitlisted = new ArrayList<>();
    for (Map<String, Object> e : entriesJson) {
      long id = ((Number) e.get("registrationId")).longValue();
      if ("CONFIRMED".equals(e.get("status"))) {
        confirmed.add(id);
      } else {
        assertThat(e.get("status")).isEqualTo("WAITLISTED");
        waitlisted.add(id);
      }
    }
    assertThat(confirmed).containsExactlyInAnyOrderElementsOf(again.winners());
    assertThat(waitlisted).containsExactlyInAnyOrderElementsOf(again.waitlist());

    // The waitlist follows the drawn order.
    long firstWaiting = again.waitlist().get(0);
    for (String t : u) {
      var mine = given().auth().oauth2(t).get("/me/registrations").then().extract().jsonPath();
      if (mine.getLong("items[0].id") == firstWaiting) {
        assertThat(mine.getInt("items[0].waitlistPosition")).isEqualTo(1);
      }
    }
    given()
        .auth()
        .oauth2(u.get(0))
        .get("/sessions/{id}/lottery", s)
        .then()
        .body("seed", equalTo(seed));
  }
}
