package cn.futian.jufu.audit;

import static cn.futian.jufu.testing.OrgUnits.idOf;
import static cn.futian.jufu.testing.Tokens.COMMUNITY_CADRE;
import static cn.futian.jufu.testing.Tokens.NEIGHBOUR_CADRE;
import static cn.futian.jufu.testing.Tokens.SUBJECTS;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.Events;
import cn.futian.jufu.testing.TestUsers;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cadres' reads and exports of attendee lists leave audit rows; refused attempts too. */
@QuarkusTest
class AttendeeAuditTest {

  /** A published session of FT-01-01 with two sign-ups; returns the session id. */
  static long sessionWithTwoSignUps() {
    long session =
        Events.publish(
                Tokens.of(COMMUNITY_CADRE),
                idOf("FT-01-01"),
                "JOB_FAIR",
                Events.session("FIRST_COME", 10))
            .sessionId();
    for (String member : TestUsers.tokens("audit-member", 2)) {
      given()
          .auth()
          .oauth2(member)
          .contentType(ContentType.JSON)
          .body(Map.of())
          .post("/sessions/{id}/registrations", session)
          .then()
          .statusCode(201);
    }
    return session;
  }

  @Test
  void aCadreReadingAndExportingAttendeesIsRecorded() {
    long session = sessionWithTwoSignUps();
    String readId = Audits.requestId();
    List<Integer> memberIds =
        given()
            .auth()
            .oauth2(Tokens.of(COMMUNITY_CADRE))
            .header("X-Request-Id", readId)
            // Not a trusted proxy: the address stays the connection's.
            .header("X-Forwarded-For", "203.0.113.9")
            .queryParam("includePhone", true)
            .get("/sessions/{id}/registrations", session)
            .then()
            .statusCode(200)
            .extract()
            .path("items.memberId");
    assertThat(memberIds).hasSize(2);

    JsonPath read = Audits.newest(COMMUNITY_CADRE, "attendees.read");
    assertThat(read.getString("actorSubject")).isEqualTo(SUBJECTS.get(COMMUNITY_CADRE));
    assertThat(read.getString("actorRoles")).contains("cadre");
    assertThat(read.getString("outcome")).isEqualTo("ALLOWED");
    assertThat(read.getString("targetType")).isEqualTo("session");
    assertThat(read.getString("targetId")).isEqualTo(String.valueOf(session));
    assertThat(read.getString("requestId")).isEqualTo(readId);
    assertThat(read.getString("ip")).isIn("127.0.0.1", "::1");
    assertThat(read.getString("at")).isNotBlank();
    assertThat(read.getString("detail.method")).isEqualTo("GET");
    assertThat(read.getString("detail.path")).isEqualTo("/sessions/" + session + "/registrations");
    assertThat(read.getInt("detail.rows")).isEqualTo(2);
    assertThat(read.getBoolean("detail.phoneRevealed")).isTrue();
    assertThat(read.getList("detail.fields", String.class)).contains("phone");
    assertThat(read.getList("detail.memberIds", Integer.class))
        .containsExactlyInAnyOrderElementsOf(memberIds);

    String exportId = Audits.requestId();
    given()
        .auth()
        .oauth2(Tokens.of(COMMUNITY_CADRE))
        .header("X-Request-Id", exportId)
        .queryParam("format", "csv")
        .get("/sessions/{id}/registrations/export", session)
        .then()
        .statusCode(200);
    JsonPath export = Audits.newest(COMMUNITY_CADRE, "attendees.export");
    assertThat(export.getString("requestId")).isEqualTo(exportId);
    assertThat(export.getString("targetId")).isEqualTo(String.valueOf(session));
    assertThat(export.getInt("detail.rows")).isEqualTo(2);
    assertThat(export.getBoolean("detail.phoneRevealed")).isFalse();
    assertThat(export.getList("detail.fields", String.class)).doesNotContain("phone");
    assertThat(export.getString("detail.format")).isEqualTo("csv");
    assertThat(export.getString("ip")).isIn("127.0.0.1", "::1");
    // One row per request, nothing from the filter on top of it.
    assertThat(Audits.rowsWithRequestId(readId)).isEqualTo(1);
    assertThat(Audits.rowsWithRequestId(exportId)).isEqualTo(1);

    // "Who saw my data?": the member's id finds the list read and the export.
    JsonPath mine = Audits.search(Map.of("memberId", memberIds.get(0)));
    assertThat(mine.getList("items.requestId", String.class)).contains(readId, exportId);
  }

  @Test
  void aNeighbourCadreIsRefusedAndTheAttemptIsRecorded() {
    long session = sessionWithTwoSignUps();
    String requestId = Audits.requestId();
    given()
        .auth()
        .oauth2(Tokens.of(NEIGHBOUR_CADRE))
        .header("X-Request-Id", requestId)
        .queryParam("includePhone", true)
        .get("/sessions/{id}/registrations", session)
        .then()
        .statusCode(403)
        .body("code", equalTo("forbidden"));
    assertThat(Audits.rowsWithRequestId(requestId)).isEqualTo(1);
    JsonPath row = Audits.newest(NEIGHBOUR_CADRE, "request.refused");
    assertThat(row.getString("requestId")).isEqualTo(requestId);
    assertThat(row.getString("outcome")).isEqualTo("REFUSED");
    assertThat(row.getString("targetType")).isEqualTo("sessions");
    assertThat(row.getString("targetId")).isEqualTo(String.valueOf(session));
    assertThat(row.getInt("detail.status")).isEqualTo(403);
    assertThat(row.getString("detail.template")).isEqualTo("/sessions/{id}/registrations");
    assertThat(row.getString("detail.method")).isEqualTo("GET");

    // The export, in a transaction-less read; and a write in a transaction that rolls back.
    String exportId = Audits.requestId();
    given()
        .auth()
        .oauth2(Tokens.of(NEIGHBOUR_CADRE))
        .header("X-Request-Id", exportId)
        .get("/sessions/{id}/registrations/export", session)
        .then()
        .statusCode(403);
    String drawId = Audits.requestId();
    given()
        .auth()
        .oauth2(Tokens.of(NEIGHBOUR_CADRE))
        .header("X-Request-Id", drawId)
        .post("/sessions/{id}/lottery/draw", session)
        .then()
        .statusCode(403);
    assertThat(
            Db.count(
                "select count(*) from audit_log where request_id in (?, ?)"
                    + " and outcome = 'REFUSED' and actor_subject = ?",
                exportId,
                drawId,
                SUBJECTS.get(NEIGHBOUR_CADRE)))
        .isEqualTo(2);
    // No attendee read was recorded as allowed for the neighbour.
    assertThat(
            Db.count(
                "select count(*) from audit_log where actor_subject = ? and action like 'attendees.%'",
                SUBJECTS.get(NEIGHBOUR_CADRE)))
        .isZero();
  }

  @Test
  void aReadWhoseAuditRowCannotBeWrittenFails() {
    long session = sessionWithTwoSignUps();
    // Make the database refuse this session's audit rows (and only those) for a moment.
    Db.update(
        "create function audit_test_refuse() returns trigger language plpgsql as $$"
            + " begin raise exception 'refused by test'; end $$");
    Db.update(
        "create trigger audit_test_refuse before insert on audit_log for each row"
            + " when (new.target_id = '"
            + session
            + "') execute function audit_test_refuse()");
    try {
      given()
          .auth()
          .oauth2(Tokens.of(COMMUNITY_CADRE))
          .queryParam("includePhone", true)
          .get("/sessions/{id}/registrations", session)
          .then()
          .statusCode(503)
          .contentType("application/problem+json")
          .body("code", equalTo("dependency-unavailable"));
      given()
          .auth()
          .oauth2(Tokens.of(COMMUNITY_CADRE))
          .get("/sessions/{id}/registrations/export", session)
          .then()
          .statusCode(503)
          .body("code", equalTo("dependency-unavailable"));
    } finally {
      Db.update("drop trigger audit_test_refuse on audit_log");
      Db.update("drop function audit_test_refuse()");
    }
    given()
        .auth()
        .oauth2(Tokens.of(COMMUNITY_CADRE))
        .get("/sessions/{id}/registrations", session)
        .then()
        .statusCode(200);
  }
}
