package cn.futian.jufu.calendars;

import static cn.futian.jufu.testing.OrgUnits.idOf;
import static cn.futian.jufu.testing.Tokens.COMMUNITY_CADRE;
import static cn.futian.jufu.testing.Tokens.RESIDENT_A;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import biweekly.component.VEvent;
import cn.futian.jufu.testing.Events;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code GET /events/{id}/calendar}: who may read it, and what it holds. */
@QuarkusTest
class CalendarEventTest {

  static String cadre() {
    return Tokens.of(COMMUNITY_CADRE);
  }

  static ParsedCalendar calendarOf(String token, long eventId) {
    String body =
        given()
            .auth()
            .oauth2(token)
            .get("/events/{id}/calendar", eventId)
            .then()
            .statusCode(200)
            .contentType(startsWith("text/calendar"))
            .header("Cache-Control", org.hamcrest.Matchers.containsString("private"))
            .extract()
            .asString();
    return ParsedCalendar.of(body);
  }

  @Test
  void aPublishedEventsCalendarHoldsItsSessionsForEveryMember() {
    long unit = idOf("FT-01-01");
    var session = Events.session("FIRST_COME", 10);
    var published = Events.publish(cadre(), unit, "FAMILY_HAPPINESS_COURSE", session);

    ParsedCalendar cal = calendarOf(Tokens.of(RESIDENT_A), published.eventId());
    assertThat(cal.events()).hasSize(1);
    VEvent e = cal.events().get(0);
    assertThat(e.getUid().getValue())
        .isEqualTo("session-" + published.sessionId() + "@jufu.futian");
    assertThat(e.getSummary().getValue()).isEqualTo("测试活动 FAMILY_HAPPINESS_COURSE");
    assertThat(e.getLocation().getValue()).isEqualTo("福田区园岭街道百花二路");
    assertThat(e.getStatus().isConfirmed()).isTrue();
    assertThat(cal.startZone(e)).isEqualTo("Asia/Shanghai");
    assertThat(e.getDateStart().getValue().toInstant())
        .isEqualTo(OffsetDateTime.parse((String) session.get("startsAt")).toInstant());
    // The same UID for the same session, whoever asks and however often.
    assertThat(calendarOf(cadre(), published.eventId()).byUid().keySet())
        .isEqualTo(cal.byUid().keySet());

    Events.transition(cadre(), published.eventId(), "CANCEL");
    VEvent cancelled = calendarOf(Tokens.of(RESIDENT_A), published.eventId()).events().get(0);
    assertThat(cancelled.getStatus().isCancelled()).isTrue();
    assertThat(cancelled.getUid().getValue()).isEqualTo(e.getUid().getValue());
  }

  @Test
  void aDraftIsNotFoundForResidentsButReadableByItsManager() {
    long unit = idOf("FT-01-01");
    long draft =
        Events.create(
                cadre(),
                Events.event(
                    unit, "JOB_FAIR", List.of(unit), List.of(Events.session("FIRST_COME", 3))))
            .getLong("id");
    given()
        .auth()
        .oauth2(Tokens.of(RESIDENT_A))
        .get("/events/{id}/calendar", draft)
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("code", equalTo("not-found"));
    // A cadre of another community does not manage it either.
    given()
        .auth()
        .oauth2(Tokens.of(Tokens.NEIGHBOUR_CADRE))
        .get("/events/{id}/calendar", draft)
        .then()
        .statusCode(404);
    assertThat(calendarOf(cadre(), draft).events()).hasSize(1);
  }

  @Test
  void badIdsAndMissingLogin() {
    String resident = Tokens.of(RESIDENT_A);
    given()
        .auth()
        .oauth2(resident)
        .get("/events/{id}/calendar", 999_999_999L)
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("code", equalTo("not-found"));
    given()
        .auth()
        .oauth2(resident)
        .get("/events/abc/calendar")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    given()
        .auth()
        .oauth2(resident)
        .get("/events/0/calendar")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("code", equalTo("validation-failed"));
    given()
        .get("/events/1/calendar")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
  }
}
