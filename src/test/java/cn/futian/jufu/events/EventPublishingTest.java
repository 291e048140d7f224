package cn.futian.jufu.events;

import static cn.futian.jufu.testing.OrgUnits.idOf;
import static cn.futian.jufu.testing.Tokens.ADMIN;
import static cn.futian.jufu.testing.Tokens.COMMUNITY_CADRE;
import static cn.futian.jufu.testing.Tokens.NEIGHBOUR_CADRE;
import static cn.futian.jufu.testing.Tokens.STREET_CADRE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.Events;
import cn.futian.jufu.testing.Profiles;
import cn.futian.jufu.testing.TestUsers;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/** Publishing within the tree, approval, visibility, the feed, changes told to registrants. */
@QuarkusTest
class EventPublishingTest {

  static String community() {
    return Tokens.of(COMMUNITY_CADRE);
  }

  @Test
  void cadresPublishForTheirSubtreeOnly() {
    long mine = idOf("FT-01-01");
    Map<String, Object> body =
        Events.event(mine, "JOB_FAIR", List.of(mine), List.of(Events.session("FIRST_COME", 10)));
    // The neighbour may not publish for this community; a resident may not publish at all.
    given()
        .auth()
        .oauth2(Tokens.of(NEIGHBOUR_CADRE))
        .contentType(ContentType.JSON)
        .body(body)
        .post("/events")
        .then()
        .statusCode(403);
    given()
        .auth()
        .oauth2(Tokens.of(Tokens.RESIDENT_A))
        .contentType(ContentType.JSON)
        .body(body)
        .post("/events")
        .then()
        .statusCode(403);
    // The audience must lie within the owner's subtree.
    Map<String, Object> wide =
        Events.event(
            mine, "JOB_FAIR", List.of(idOf("FT-01")), List.of(Events.session("FIRST_COME", 10)));
    given()
        .auth()
        .oauth2(community())
        .contentType(ContentType.JSON)
        .body(wide)
        .post("/events")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("audienceUnitIds"));

    var created = Events.create(community(), body);
    long id = created.getLong("id");
    assertThat(created.getString("status")).isEqualTo("DRAFT");
    assertThat(created.getInt("sessions[0].seatsLeft")).isEqualTo(10);
    // Drafts are invisible to residents and neighbours, visible to the street above.
    given()
        .auth()
        .oauth2(Tokens.of(Tokens.RESIDENT_A))
        .get("/events/{id}", id)
        .then()
        .statusCode(404);
    given()
        .auth()
        .oauth2(Tokens.of(NEIGHBOUR_CADRE))
        .get("/events/{id}", id)
        .then()
        .statusCode(404);
    given().auth().oauth2(Tokens.of(STREET_CADRE)).get("/events/{id}", id).then().statusCode(200);
    given()
        .auth()
        .oauth2(Tokens.of(NEIGHBOUR_CADRE))
        .contentType(ContentType.JSON)
        .body(Map.of("action", "SUBMIT"))
        .post("/events/{id}/transitions", id)
        .then()
        .statusCode(403);
    Events.transition(community(), id, "SUBMIT");
    given()
        .auth()
        .oauth2(Tokens.of(Tokens.RESIDENT_A))
        .get("/events/{id}", id)
        .then()
        .statusCode(200)
        .body("status", equalTo("PUBLISHED"))
        .body("publishedAt", notNullValue());
    // A move the table does not allow.
    given()
        .auth()
        .oauth2(community())
        .contentType(ContentType.JSON)
        .body(Map.of("action", "APPROVE"))
        .post("/events/{id}/transitions", id)
        .then()
        .statusCode(403);
    given()
        .auth()
        .oauth2(community())
        .contentType(ContentType.JSON)
        .body(Map.of("action", "REOPEN_REGISTRATION"))
        .post("/events/{id}/transitions", id)
        .then()
        .statusCode(409);
  }

  @Test
  void matchmakingWaitsForTheParentUnitsApproval() {
    long mine = idOf("FT-01-01");
    var created =
        Events.create(
            community(),
            Events.event(
                mine, "MATCHMAKING", List.of(mine), List.of(Events.session("FIRST_COME", 10))));
    long id = created.getLong("id");
    Events.transition(community(), id, "SUBMIT");
    given()
        .auth()
        .oauth2(community())
        .get("/events/{id}", id)
        .then()
        .body("status", equalTo("PENDING_APPROVAL"));
    // The owner cannot approve itself; the neighbour cannot either; rejection needs a reason.
    for (String token : List.of(community(), Tokens.of(NEIGHBOUR_CADRE))) {
      given()
          .auth()
          .oauth2(token)
          .contentType(ContentType.JSON)
          .body(Map.of("action", "APPROVE"))
          .post("/events/{id}/transitions", id)
          .then()
          .statusCode(403);
    }
    given()
        .auth()
        .oauth2(Tokens.of(STREET_CADRE))
        .contentType(ContentType.JSON)
        .body(Map.of("action", "REJECT"))
        .post("/events/{id}/transitions", id)
        .then()
        .statusCode(400);
    given()
        .auth()
        .oauth2(Tokens.of(STREET_CADRE))
        .contentType(ContentType.JSON)
        .body(Map.of("action", "REJECT", "reason", "请补充合作单位信息"))
        .post("/events/{id}/transitions", id)
        .then()
        .statusCode(200)
        .body("status", equalTo("DRAFT"));
    Events.transition(community(), id, "SUBMIT");
    Events.transition(Tokens.of(STREET_CADRE), id, "APPROVE");
    given()
        .auth()
        .oauth2(community())
        .get("/events/{id}", id)
        .then()
        .body("status", equalTo("PUBLISHED"));
    assertThat(Db.count("select count(*) from event_status_change where event_id = ?", id))
        .isEqualTo(5); // created, submitted, rejected, submitted, approved
  }

  @Test
  void theFeedShowsWhatAMemberMayJoin() {
    String here = TestUsers.token("feed-" + UUID.randomUUID().toString().substring(0, 6));
    String there = TestUsers.token("feed-" + UUID.randomUUID().toString().substring(0, 6));
    Profiles.set(here, "FEMALE", 1990, idOf("FT-01-01"), null);
    Profiles.set(there, "FEMALE", 1990, idOf("FT-02-01"), null);
    long mine = idOf("FT-01-01");
    var local =
        Events.publish(community(), mine, "PARENT_SCHOOL", Events.session("FIRST_COME", 10));
    var district =
        Events.publish(
            Tokens.of(ADMIN),
            Events.event(
                idOf("FT"),
                "MARCH_8TH",
                List.of(idOf("FT")),
                List.of(Events.session("FIRST_COME", 500))));
    given()
        .auth()
        .oauth2(here)
        .queryParam("size", 100)
        .get("/events")
        .then()
        .statusCode(200)
        .body("items.id", hasItem((int) local.eventId()))
        .body("items.id", hasItem((int) district.eventId()));
    given()
        .auth()
        .oauth2(there)
        .queryParam("size", 100)
        .get("/events")
        .then()
        .body("items.id", not(hasItem((int) local.eventId())))
        .body("items.id", hasItem((int) district.eventId()));
    given()
        .auth()
        .oauth2(here)
        .queryParam("kind", "PARENT_SCHOOL")
        .queryParam("size", 100)
        .get("/events")
        .then()
        .body("items.kind", everyItem(equalTo("PARENT_SCHOOL")));
    // Nearby: the venue of the test events is in Yuanling; 500 km away there is nothing.
    given()
        .auth()
        .oauth2(here)
        .queryParam("lat", 22.5531)
        .queryParam("lng", 114.0937)
        .queryParam("radiusMetres", 1000)
        // Every test event is at the same venue: more than one page of them by now.
        .queryParam("size", 100)
        .get("/events")
        .then()
        .body("items.id", hasItem((int) local.eventId()));
    given()
        .auth()
        .oauth2(here)
        .queryParam("lat", 26.5)
        .queryParam("lng", 114.0)
        .get("/events")
        .then()
        .body("items.size()", equalTo(0));
    // A cancelled event leaves the feed at once (the cache is dropped on change).
    Events.transition(community(), local.eventId(), "CANCEL");
    given()
        .auth()
        .oauth2(here)
        .queryParam("size", 100)
        .get("/events")
        .then()
        .body("items.id", not(hasItem((int) local.eventId())));
  }

  @Test
  void changesAndCancellationAreWrittenForTheRegistrants() {
    String member = TestUsers.token("told-" + UUID.randomUUID().toString().substring(0, 6));
    long mine = idOf("FT-01-01");
    var published = Events.publish(community(), mine, "JOB_FAIR", Events.session("FIRST_COME", 10));
    long reg =
        given()
            .auth()
            .oauth2(member)
            .contentType(ContentType.JSON)
            .body("{}")
            .post("/sessions/{id}/registrations", published.sessionId())
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    given()
        .auth()
        .oauth2(community())
        .contentType(ContentType.JSON)
        .body(Map.of("venue", Map.of("address", "福田区园岭街道新会场")))
        .patch("/events/{id}", published.eventId())
        .then()
        .statusCode(200)
        .body("venue.address", equalTo("福田区园岭街道新会场"));
    var s = Events.session("FIRST_COME", 10);
    given()
        .auth()
        .oauth2(community())
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "startsAt",
                s.get("startsAt").toString().substring(0, 11) + "15:00:00+08:00",
                "endsAt",
                s.get("startsAt").toString().substring(0, 11) + "17:00:00+08:00"))
        .patch("/sessions/{id}", published.sessionId())
        .then()
        .statusCode(200);
    Events.transition(community(), published.eventId(), "CANCEL");
    assertThat(
            Db.count(
                "select count(*) from outbox where aggregate_id = ? and type in"
                    + " ('REGISTRATION_CONFIRMED', 'EVENT_VENUE_CHANGED', 'SESSION_TIME_CHANGED',"
                    + " 'EVENT_CANCELLED')",
                reg))
        .isEqualTo(4);
    given()
        .auth()
        .oauth2(member)
        .get("/registrations/{id}", reg)
        .then()
        .body("status", equalTo("CANCELLED"));
    // Seats of a cancelled event are free again; nothing is left half-done.
    assertThat(Db.count("select count(*) from seat where registration_id = ?", reg)).isZero();
  }

  @Test
  void attendeeExportsMaskPhonesUnlessAsked() throws Exception {
    String member = TestUsers.token("export-" + UUID.randomUUID().toString().substring(0, 6));
    Profiles.consent(member, "PROFILE");
    given()
        .auth()
        .oauth2(member)
        .contentType(ContentType.JSON)
        .body(Map.of("phone", "13800138000", "displayName", "王芳"))
        .patch("/me")
        .then()
        .statusCode(200);
    long mine = idOf("FT-01-01");
    long session =
        Events.publish(community(), mine, "JOB_FAIR", Events.session("FIRST_COME", 10)).sessionId();
    given()
        .auth()
        .oauth2(member)
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/sessions/{id}/registrations", session)
        .then()
        .statusCode(201);
    byte[] csvBytes =
        given()
            .auth()
            .oauth2(community())
            .get("/sessions/{id}/registrations/export?format=csv", session)
            .then()
            .statusCode(200)
            .contentType(startsWith("text/csv"))
            .extract()
            .asByteArray();
    String csv = new String(csvBytes, StandardCharsets.UTF_8);
    assertThat(csv).contains("王芳").contains("138****8000").doesNotContain("13800138000");
    byte[] xlsx =
        given()
            .auth()
            .oauth2(community())
            .get("/sessions/{id}/registrations/export?format=xlsx&includePhone=true", session)
            .then()
            .statusCode(200)
            .extract()
            .asByteArray();
    try (var book = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
      var row = book.getSheetAt(0).getRow(1);
      assertThat(row.getCell(1).getStringCellValue()).isEqualTo("王芳");
      assertThat(row.getCell(2).getStringCellValue()).isEqualTo("13800138000");
    }
    given()
        .auth()
        .oauth2(Tokens.of(NEIGHBOUR_CADRE))
        .get("/sessions/{id}/registrations/export", session)
        .then()
        .statusCode(403);
    given()
        .auth()
        .oauth2(community())
        .get("/sessions/{id}/registrations/export?format=pdf", session)
        .then()
        .statusCode(400);
  }

  @Test
  void badInputWhenPublishing() {
    long mine = idOf("FT-01-01");
    Map<String, Object> noCategory =
        Events.event(mine, "JOB_FAIR", List.of(mine), List.of(Events.session("FIRST_COME", 10)));
    noCategory.put("courseCategory", "MARRIAGE_FAMILY");
    given()
        .auth()
        .oauth2(community())
        .contentType(ContentType.JSON)
        .body(noCategory)
        .post("/events")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("courseCategory"));
    Map<String, Object> backwards = Events.session("FIRST_COME", 10);
    backwards.put("endsAt", backwards.get("startsAt"));
    given()
        .auth()
        .oauth2(community())
        .contentType(ContentType.JSON)
        .body(Events.event(mine, "JOB_FAIR", List.of(mine), List.of(backwards)))
        .post("/events")
        .then()
        .statusCode(400);
    Map<String, Object> lottery = Events.session("LOTTERY", 10);
    given()
        .auth()
        .oauth2(community())
        .contentType(ContentType.JSON)
        .body(Events.event(mine, "JOB_FAIR", List.of(mine), List.of(lottery)))
        .post("/events")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("sessions.registrationClosesAt"));
    Map<String, Object> huge =
        new HashMap<>(
            Events.event(
                mine, "JOB_FAIR", List.of(mine), List.of(Events.session("FIRST_COME", 10))));
    huge.put("title", "长".repeat(61));
    huge.put("coverImageUrl", "javascript:alert(1)");
    huge.put("status", "PUBLISHED");
    given()
        .auth()
        .oauth2(community())
        .contentType(ContentType.JSON)
        .body(huge)
        .post("/events")
        .then()
        .statusCode(400)
        .body("errors[0].code", equalTo("unknown-field"));
    huge.remove("status");
    given()
        .auth()
        .oauth2(community())
        .contentType(ContentType.JSON)
        .body(huge)
        .post("/events")
        .then()
        .statusCode(400)
        .body("errors.field", org.hamcrest.Matchers.contains("coverImageUrl", "title"));
    given().auth().oauth2(community()).get("/events/0").then().statusCode(400);
    given().auth().oauth2(community()).get("/events/999999999").then().statusCode(404);
    given()
        .auth()
        .oauth2(community())
        .queryParam("kind", "PARTY")
        .get("/events")
        .then()
        .statusCode(400);
    given()
        .auth()
        .oauth2(community())
        .queryParam("from", "yesterday")
        .get("/events")
        .then()
        .statusCode(400);
    given()
        .auth()
        .oauth2(community())
        .contentType(ContentType.JSON)
        .body(Map.of("action", "EXPLODE"))
        .post("/events/{id}/transitions", 1)
        .then()
        .statusCode(400);
  }
}
