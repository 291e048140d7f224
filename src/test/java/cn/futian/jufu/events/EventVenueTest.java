package cn.futian.jufu.events;

import static cn.futian.jufu.testing.Tokens.COMMUNITY_CADRE;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.nullValue;

import cn.futian.jufu.testing.Events;
import cn.futian.jufu.testing.OrgUnits;
import cn.futian.jufu.testing.TestUsers;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Collections;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A published event's venue can be removed (registrants are told); it used to be a 500. */
@QuarkusTest
class EventVenueTest {

  @Test
  void thePublishedEventsVenueCanBeRemoved() {
    String cadre = Tokens.of(COMMUNITY_CADRE);
    var event =
        Events.publish(
            cadre, OrgUnits.idOf("FT-01-01"), "JOB_FAIR", Events.session("FIRST_COME", 5));
    String resident = TestUsers.token("venue-" + UUID.randomUUID().toString().substring(0, 8));
    given()
        .auth()
        .oauth2(resident)
        .contentType(ContentType.JSON)
        .body(Map.of())
        .post("/sessions/{id}/registrations", event.sessionId())
        .then()
        .statusCode(201);
    given()
        .auth()
        .oauth2(cadre)
        .contentType("application/merge-patch+json")
        .body(Collections.singletonMap("venue", null))
        .patch("/events/{id}", event.eventId())
        .then()
        .statusCode(200)
        .body("venue", nullValue());
  }
}
