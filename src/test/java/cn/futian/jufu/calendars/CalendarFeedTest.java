package cn.futian.jufu.calendars;

import static cn.futian.jufu.testing.OrgUnits.idOf;
import static cn.futian.jufu.testing.Tokens.COMMUNITY_CADRE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import biweekly.component.VEvent;
import cn.futian.jufu.testing.Events;
import cn.futian.jufu.testing.TestUsers;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The private calendar feed, read without login and parsed back with a real iCalendar parser. */
@QuarkusTest
class CalendarFeedTest {

  static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
  static final String VENUE = "福田区园岭街道百花二路 妇女儿童之家";

  static String cadre() {
    return Tokens.of(COMMUNITY_CADRE);
  }

  static List<String> users(String prefix, int n) {
    return TestUsers.tokens(prefix + "-" + UUID.randomUUID().toString().substring(0, 6), n);
  }

  static void signUp(String token, long sessionId, String expectedStatus) {
    given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(Map.of())
        .post("/sessions/{id}/registrations", sessionId)
        .then()
        .statusCode(201)
        .body("status", equalTo(expectedStatus));
  }

  static JsonPath createFeed(String token) {
    return given()
        .auth()
        .oauth2(token)
        .post("/me/calendar-feed")
        .then()
        .statusCode(201)
        .contentType(ContentType.JSON)
        // Absolute, on the public address (fulian.links.base-url), and the same as webcal://.
        .body(
            "url",
            matchesPattern("https://jufu\\.test\\.invalid/calendar-feeds/[A-Za-z0-9_-]{43}\\.ics"))
        .body(
            "webcalUrl",
            matchesPattern("webcal://jufu\\.test\\.invalid/calendar-feeds/[A-Za-z0-9_-]{43}\\.ics"))
        .body("createdAt", notNullValue())
        .extract()
        .jsonPath();
  }

  /** Fetches a feed as a phone would: no Authorization header. */
  static Response fetch(String url) {
    return given().get(java.net.URI.create(url).getPath());
  }

  static ParsedCalendar fetchParsed(String url) {
    Response r = fetch(url);
    r.then()
        .statusCode(200)
        .contentType(startsWith("text/calendar"))
        .header("Cache-Control", matchesPattern(".*private.*"))
        .header("Cache-Control", matchesPattern(".*max-age=300.*"));
    return ParsedCalendar.of(r.asString());
  }

  static void assertNotFound(String url) {
    fetch(url)
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("code", equalTo("not-found"));
  }

  @Test
  void feedParsesWithARealParserAndMarksCancelledSessions() {
    List<String> u = users("calfeed", 2);
    String me = u.get(0);
    String other = u.get(1);
    long unit = idOf("FT-01-01");
    String title = "好家风宣讲·日历" + UUID.randomUUID().toString().substring(0, 4);

    Map<String, Object> first = Events.session("FIRST_COME", 5);
    Map<String, Object> second = Events.session("FIRST_COME", 5);
    OffsetDateTime secondStart = OffsetDateTime.parse((String) first.get("startsAt")).plusDays(1);
    second.put("startsAt", secondStart.toString());
    second.put("endsAt", secondStart.plusHours(2).toString());
    Map<String, Object> body =
        Events.event(unit, "PARENT_SCHOOL", List.of(unit), List.of(first, second));
    body.put("title", title);
    body.put("venue", Map.of("address", VENUE));
    JsonPath created = Events.create(cadre(), body);
    long eventId = created.getLong("id");
    long s1 = created.getLong("sessions[0].id");
    long s2 = created.getLong("sessions[1].id");
    Events.transition(cadre(), eventId, "SUBMIT");
    signUp(me, s1, "CONFIRMED");
    signUp(me, s2, "CONFIRMED");

    // A full session where I am only waitlisted: not in my calendar, not even once cancelled.
    var full = Events.publish(cadre(), unit, "JOB_FAIR", Events.session("FIRST_COME", 1));
    signUp(other, full.sessionId(), "CONFIRMED");
    signUp(me, full.sessionId(), "WAITLISTED");

    String url = createFeed(me).getString("url");
    ParsedCalendar feed = fetchParsed(url);

    assertThat(feed.calendar().getTimezoneInfo().getComponents())
        .extracting(tz -> tz.getTimezoneId().getValue())
        .containsExactly("Asia/Shanghai");
    assertThat(feed.events()).hasSize(2);
    Map<String, VEvent> byUid = feed.byUid();
    assertThat(byUid)
        .containsOnlyKeys("session-" + s1 + "@jufu.futian", "session-" + s2 + "@jufu.futian");
    VEvent e1 = byUid.get("session-" + s1 + "@jufu.futian");
    OffsetDateTime start1 = OffsetDateTime.parse((String) first.get("startsAt"));
    assertThat(e1.getSummary().getValue()).isEqualTo(title);
    assertThat(e1.getLocation().getValue()).isEqualTo(VENUE);
    assertThat(e1.getStatus().isConfirmed()).isTrue();
    assertThat(e1.getDateStart().getValue().toInstant()).isEqualTo(start1.toInstant());
    assertThat(e1.getDateEnd().getValue().toInstant()).isEqualTo(start1.plusHours(2).toInstant());
    assertThat(feed.startZone(e1)).isEqualTo("Asia/Shanghai");
    // Local wall-clock time with the TZID, as phones in Shenzhen expect it.
    assertThat(feed.text())
        .contains("DTSTART;TZID=Asia/Shanghai:" + LOCAL.format(start1))
        .doesNotContain("STATUS:CANCELLED");
    int sequenceBefore = e1.getSequence().getValue();
    var modifiedBefore = e1.getLastModified().getValue().toInstant();
    assertThat(modifiedBefore).isBeforeOrEqualTo(OffsetDateTime.now().toInstant());

    // Stable: the same request gives the same UIDs (and, unchanged, the same document).
    ParsedCalendar again = fetchParsed(url);
    assertThat(again.byUid().keySet()).isEqualTo(byUid.keySet());
    assertThat(again.text()).isEqualTo(feed.text());

    // The event is cancelled: both sessions stay in the feed, marked cancelled, with a higher
    // SEQUENCE, so that subscribed phones update the entries they have.
    Events.transition(cadre(), eventId, "CANCEL");
    Events.transition(cadre(), full.eventId(), "CANCEL");
    ParsedCalendar cancelled = fetchParsed(url);
    assertThat(cancelled.byUid()).containsOnlyKeys(byUid.keySet());
    for (VEvent e : cancelled.events()) {
      assertThat(e.getStatus().isCancelled()).isTrue();
      assertThat(e.getSummary().getValue()).isEqualTo("【已取消】" + title);
    }
    VEvent c1 = cancelled.byUid().get("session-" + s1 + "@jufu.futian");
    assertThat(c1.getSequence().getValue()).isGreaterThan(sequenceBefore);
    assertThat(c1.getLastModified().getValue().toInstant()).isAfterOrEqualTo(modifiedBefore);
    assertThat(cancelled.text()).contains("STATUS:CANCELLED");

    given()
        .auth()
        .oauth2(me)
        .get("/me/calendar-feed")
        .then()
        .statusCode(200)
        .body("createdAt", notNullValue())
        .body("lastUsedAt", notNullValue())
        .body("url", org.hamcrest.Matchers.nullValue());
  }

  @Test
  void rotatedAndRevokedTokensAreNotFound() {
    String me = users("calrot", 1).get(0);
    String old = createFeed(me).getString("url");
    fetchParsed(old);

    String rotated = createFeed(me).getString("url");
    assertThat(rotated).isNotEqualTo(old);
    assertNotFound(old);
    assertThat(fetchParsed(rotated).events()).isEmpty();

    given().auth().oauth2(me).delete("/me/calendar-feed").then().statusCode(204);
    assertNotFound(rotated);
    assertNotFound(old);
    given()
        .auth()
        .oauth2(me)
        .get("/me/calendar-feed")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("code", equalTo("not-found"));
    // Revoking again changes nothing.
    given().auth().oauth2(me).delete("/me/calendar-feed").then().statusCode(204);
  }

  @Test
  void malformedOrUnknownTokensAreNotFoundNeverAnError() {
    for (String token :
        List.of(
            "abc",
            "A".repeat(43),
            "A".repeat(44),
            "A".repeat(42) + "=",
            "A".repeat(42) + "!",
            "日历".repeat(20),
            "%00",
            "..",
            "x".repeat(2000))) {
      given()
          .get("/calendar-feeds/{token}.ics", token)
          .then()
          .statusCode(404)
          .contentType("application/problem+json")
          .body("code", equalTo("not-found"));
    }
    given().get("/calendar-feeds/" + "A".repeat(43)).then().statusCode(404);
    given().get("/calendar-feeds/.ics").then().statusCode(404);
  }

  @Test
  void myFeedNeedsLogin() {
    given().get("/me/calendar-feed").then().statusCode(401).contentType("application/problem+json");
    given()
        .post("/me/calendar-feed")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
    given()
        .delete("/me/calendar-feed")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
    given()
        .header("Authorization", "Bearer not-a-token")
        .post("/me/calendar-feed")
        .then()
        .statusCode(401);
  }

  @Test
  void aMemberWithoutAFeedHasNone() {
    String me = users("calnone", 1).get(0);
    given()
        .auth()
        .oauth2(me)
        .get("/me/calendar-feed")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    given()
        .auth()
        .oauth2(me)
        .put("/me/calendar-feed")
        .then()
        .statusCode(405)
        .contentType("application/problem+json");
  }
}
