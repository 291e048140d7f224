package cn.futian.jufu.campaigns;

import static cn.futian.jufu.testing.OrgUnits.idOf;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.futian.jufu.testing.Events;
import cn.futian.jufu.testing.TestUsers;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Campaigns end to end through the inbox (pushes: see CampaignPushTest). */
@QuarkusTest
class CampaignFlowTest {

  static final Duration WAIT = Duration.ofSeconds(30);

  static String cadre() {
    return Tokens.of(Tokens.COMMUNITY_CADRE);
  }

  static List<String> users(String prefix, int n) {
    return TestUsers.tokens(prefix + "-" + UUID.randomUUID().toString().substring(0, 6), n);
  }

  /** An event of FT-01-01 with these members signed up. */
  static long eventWith(List<String> members) {
    var event =
        Events.publish(
            cadre(), idOf("FT-01-01"), "PARENT_SCHOOL", Events.session("FIRST_COME", 50));
    for (String m : members) {
      given()
          .auth()
          .oauth2(m)
          .contentType(ContentType.JSON)
          .body(Map.of())
          .post("/sessions/{id}/registrations", event.sessionId())
          .then()
          .statusCode(201);
    }
    return event.eventId();
  }

  @Test
  void onlyOptedInMembersOfTheAudienceGetItOnce() {
    List<String> people = users("camp", 4);
    for (int i = 0; i < 3; i++) {
      Campaigns.optIn(people.get(i), true);
    }
    Campaigns.optIn(people.get(3), false);
    long eventId = eventWith(people);
    Map<String, Object> audience = Map.of("eventId", eventId);

    given()
        .auth()
        .oauth2(cadre())
        .contentType(ContentType.JSON)
        .body(Map.of("ownerUnitId", idOf("FT-01-01"), "audience", audience))
        .post("/campaigns/audience-estimate")
        .then()
        .statusCode(200)
        .body("members", equalTo(4))
        .body("optedIn", equalTo(3));

    long id = Campaigns.create(cadre(), Campaigns.body(idOf("FT-01-01"), audience)).getLong("id");
    assertThat(Campaigns.get(cadre(), id).getString("status")).isEqualTo("DRAFT");
    JsonPath dry = Campaigns.action(cadre(), id, "dry-run", 200);
    assertThat(dry.getInt("audience.members")).isEqualTo(4);
    assertThat(dry.getInt("payloadBytes")).isBetween(100, 4096);

    Campaigns.action(cadre(), id, "send", 200);
    JsonPath done = Campaigns.awaitStatus(cadre(), id, "COMPLETED", WAIT);
    assertThat(done.getInt("audienceSize")).isEqualTo(4);
    assertThat(done.getInt("progress.queued")).isEqualTo(3);
    assertThat(done.getInt("progress.skipped")).isEqualTo(1);
    assertThat(done.getInt("progress.inboxOnly")).isEqualTo(3);
    assertThat(done.getInt("progress.batchesLeft")).isZero();
    assertThat(done.getString("startedAt")).isNotNull();
    assertThat(done.getString("finishedAt")).isNotNull();

    for (int i = 0; i < 3; i++) {
      assertThat(Campaigns.inboxTypes(people.get(i))).containsOnlyOnce("CAMPAIGN");
    }
    assertThat(Campaigns.inboxTypes(people.get(3))).doesNotContain("CAMPAIGN");
    JsonPath item =
        given().auth().oauth2(people.get(0)).get("/me/inbox").then().extract().jsonPath();
    int at = item.getList("items.type", String.class).indexOf("CAMPAIGN");
    assertThat(item.getString("items[" + at + "].title")).isEqualTo("三八妇女节活动通知");
    assertThat(item.getString("items[" + at + "].category")).isEqualTo("CAMPAIGN");

    JsonPath report =
        given()
            .auth()
            .oauth2(cadre())
            .get("/campaigns/{id}/report", id)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(report.getLong("durationSeconds")).isNotNull();
    Campaigns.action(cadre(), id, "send", 409);
  }

  @Test
  void theDailyCapHolds() {
    String member = users("camp-cap", 1).get(0);
    Campaigns.optIn(member, true);
    long eventId = eventWith(List.of(member));
    for (int i = 0; i < 3; i++) {
      Map<String, Object> body = Campaigns.body(idOf("FT-01-01"), Map.of("eventId", eventId));
      body.put("titleZh", "通知 " + i);
      long id = Campaigns.create(cadre(), body).getLong("id");
      Campaigns.action(cadre(), id, "send", 200);
      JsonPath done = Campaigns.awaitStatus(cadre(), id, "COMPLETED", WAIT);
      assertThat(done.getInt("progress.skipped")).isEqualTo(i < 2 ? 0 : 1);
    }
    assertThat(Campaigns.inboxTypes(member).stream().filter("CAMPAIGN"::equals)).hasSize(2);
  }

  @Test
  void scheduledPausedResumedCancelled() {
    String member = users("camp-sched", 1).get(0);
    Campaigns.optIn(member, true);
    long eventId = eventWith(List.of(member));
    Map<String, Object> later = Campaigns.body(idOf("FT-01-01"), Map.of("eventId", eventId));
    later.put("sendAt", OffsetDateTime.now().plusDays(1).toString());
    long id = Campaigns.create(cadre(), later).getLong("id");
    assertThat(Campaigns.action(cadre(), id, "send", 200).getString("status"))
        .isEqualTo("SCHEDULED");
    assertThat(Campaigns.action(cadre(), id, "pause", 200).getString("status")).isEqualTo("PAUSED");
    assertThat(Campaigns.action(cadre(), id, "resume", 200).getString("status"))
        .isEqualTo("SCHEDULED");
    assertThat(Campaigns.action(cadre(), id, "cancel", 200).getString("status"))
        .isEqualTo("CANCELLED");
    JsonPath problem = Campaigns.action(cadre(), id, "resume", 409);
    assertThat(problem.getString("code")).isEqualTo("conflict");

    Map<String, Object> soon = Campaigns.body(idOf("FT-01-01"), Map.of("eventId", eventId));
    soon.put("sendAt", OffsetDateTime.now().plusSeconds(2).toString());
    long soonId = Campaigns.create(cadre(), soon).getLong("id");
    Campaigns.action(cadre(), soonId, "send", 200);
    Campaigns.awaitStatus(cadre(), soonId, "COMPLETED", WAIT);
    assertThat(Campaigns.inboxTypes(member)).containsOnlyOnce("CAMPAIGN");
  }

  @Test
  void cadresReachOnlyTheirSubtreeAndOnlyAdminsTheDistrict() {
    long own = idOf("FT-01-01");
    long neighbour = idOf("FT-01-02");
    long street = idOf("FT-01");
    long district = idOf("FT");
    String resident = Tokens.of(Tokens.RESIDENT_A);
    String streetCadre = Tokens.of(Tokens.STREET_CADRE);
    String admin = Tokens.of(Tokens.ADMIN);

    post(cadre(), Campaigns.body(neighbour, Map.of()), 403);
    post(cadre(), Campaigns.body(own, Map.of("unitId", neighbour)), 403);
    post(cadre(), Campaigns.body(own, Map.of("followersOf", street)), 403);
    post(cadre(), Campaigns.body(district, Map.of()), 403);
    post(resident, Campaigns.body(own, Map.of()), 403);
    post(streetCadre, Campaigns.body(district, Map.of()), 403);
    long neighbourEvent =
        Events.publish(
                Tokens.of(Tokens.NEIGHBOUR_CADRE),
                neighbour,
                "PARENT_SCHOOL",
                Events.session("FIRST_COME", 5))
            .eventId();
    post(cadre(), Campaigns.body(own, Map.of("eventId", neighbourEvent)), 403);
    post(cadre(), Campaigns.body(own, Map.of("eventId", 987654321)), 404);
    given()
        .contentType(ContentType.JSON)
        .body(Campaigns.body(own, Map.of()))
        .post("/campaigns")
        .then()
        .statusCode(401);

    long mine = post(cadre(), Campaigns.body(own, Map.of("kinds", List.of("JOB_FAIR"))), 201);
    post(streetCadre, Campaigns.body(street, Map.of("unitId", own)), 201);
    post(admin, Campaigns.body(district, Map.of()), 201);

    given()
        .auth()
        .oauth2(Tokens.of(Tokens.NEIGHBOUR_CADRE))
        .get("/campaigns/{id}", mine)
        .then()
        .statusCode(403);
    given()
        .auth()
        .oauth2(Tokens.of(Tokens.NEIGHBOUR_CADRE))
        .post("/campaigns/{id}/send", mine)
        .then()
        .statusCode(403);
    Campaigns.get(streetCadre, mine);
    List<Long> visible =
        given()
            .auth()
            .oauth2(Tokens.of(Tokens.NEIGHBOUR_CADRE))
            .get("/campaigns?size=100")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("items.id", Long.class);
    assertThat(visible).doesNotContain(mine);
    assertThat(
            given()
                .auth()
                .oauth2(cadre())
                .get("/campaigns?size=100")
                .then()
                .extract()
                .jsonPath()
                .getList("items.id", Long.class))
        .contains(mine);
  }

  @Test
  void badInputIsRefusedWithProblems() {
    long own = idOf("FT-01-01");
    Map<String, Object> ok = Campaigns.body(own, Map.of());
    List<Map<String, Object>> bad =
        List.of(
            without(ok, "titleZh"),
            with(ok, "titleZh", "长".repeat(61)),
            without(ok, "bodyEn"),
            with(ok, "perMinute", 0),
            with(ok, "link", "javascript:alert(1)"),
            with(ok, "audience", Map.of("kinds", List.of("KARAOKE"))),
            with(ok, "audience", Map.of("statuses", List.of("CONFIRMED"))),
            with(ok, "audience", Map.of("unitId", "FT-01")),
            with(ok, "sendAt", OffsetDateTime.now().minusDays(1).toString()),
            with(ok, "bodyEn", "\u0001".repeat(1000)),
            with(ok, "status", "COMPLETED"),
            with(ok, "ownerUnitId", -1));
    for (Map<String, Object> body : bad) {
      given()
          .auth()
          .oauth2(cadre())
          .contentType(ContentType.JSON)
          .body(body)
          .post("/campaigns")
          .then()
          .statusCode(400)
          .contentType("application/problem+json");
    }
    given().auth().oauth2(cadre()).get("/campaigns/{id}", 987654321).then().statusCode(404);
    given().auth().oauth2(cadre()).get("/campaigns?status=DONE").then().statusCode(400);
  }

  static long post(String token, Map<String, Object> body, int status) {
    var response =
        given()
            .auth()
            .oauth2(token)
            .contentType(ContentType.JSON)
            .body(body)
            .post("/campaigns")
            .then()
            .statusCode(status)
            .extract()
            .jsonPath();
    return status == 201 ? response.getLong("id") : 0;
  }

  static Map<String, Object> with(Map<String, Object> body, String key, Object value) {
    Map<String, Object> out = new HashMap<>(body);
    out.put(key, value);
    return out;
  }

  static Map<String, Object> without(Map<String, Object> body, String key) {
    Map<String, Object> out = new HashMap<>(body);
    out.remove(key);
    return out;
  }
}
