package cn.futian.jufu.noshows;

import static cn.futian.jufu.testing.OrgUnits.idOf;
import static cn.futian.jufu.testing.Tokens.COMMUNITY_CADRE;
import static cn.futian.jufu.testing.Tokens.NEIGHBOUR_CADRE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.Events;
import cn.futian.jufu.testing.TestUsers;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** No-shows are recorded once, explained to the member, suspend first-come sign-ups, waivable. */
@QuarkusTest
class NoShowTest {

  @Inject NoShowService noShows;

  static String cadre() {
    return Tokens.of(COMMUNITY_CADRE);
  }

  /** A session starting in an hour (check-in open), for CADRE_TRAINING events. */
  static long sessionSoon(String mode) {
    OffsetDateTime start = OffsetDateTime.now(ZoneOffset.ofHours(8)).plusHours(1).withNano(0);
    Map<String, Object> s = new HashMap<>(Events.session(mode, 10));
    s.put("startsAt", start.toString());
    s.put("endsAt", start.plusHours(2).toString());
    if ("LOTTERY".equals(mode)) {
      s.put("registrationClosesAt", start.minusMinutes(10).toString());
    }
    return Events.publish(cadre(), idOf("FT-01-01"), "CADRE_TRAINING", s).sessionId();
  }

  static long signUp(String token, long session, int status) {
    return given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/sessions/{id}/registrations", session)
        .then()
        .statusCode(status)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  /** Moves a session into the past, as if it had taken place. */
  static void endIt(long session) {
    Db.update(
        "update session set starts_at = now() - interval '3 hours',"
            + " ends_at = now() - interval '1 hour' where id = ?",
        session);
  }

  int record() {
    try {
      return VertxContextSupport.subscribeAndAwait(() -> noShows.recordEnded());
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void noShowsAreRecordedOnceAndCostFirstComeSeatsUntilWaived() {
    List<String> u = TestUsers.tokens("noshow-" + UUID.randomUUID().toString().substring(0, 6), 2);
    String came = u.get(0);
    String absent = u.get(1);
    long first = sessionSoon("FIRST_COME");
    long cameReg = signUp(came, first, 201);
    long absentReg = signUp(absent, first, 201);
    String code =
        given().auth().oauth2(came).get("/registrations/{id}/checkin-code", cameReg).path("code");
    given()
        .auth()
        .oauth2(cadre())
        .contentType(ContentType.JSON)
        .body(Map.of("code", code))
        .post("/sessions/{id}/checkins", first)
        .then()
        .statusCode(200);
    endIt(first);
    record();
    record();
    assertThat(Db.count("select count(*) from no_show where session_id = ?", first)).isEqualTo(1);
    assertThat(Db.count("select count(*) from no_show where registration_id = ?", absentReg))
        .isEqualTo(1);
    assertThat(
            Db.count(
                "select count(*) from outbox where type = 'NO_SHOW_RECORDED' and aggregate_id = ?",
                absentReg))
        .isEqualTo(1);

    // Two more no-shows of the same kind: three within 180 days suspend first-come sign-ups.
    for (int i = 0; i < 2; i++) {
      long s = sessionSoon("FIRST_COME");
      signUp(absent, s, 201);
      endIt(s);
    }
    record();
    given()
        .auth()
        .oauth2(absent)
        .get("/no-shows/mine")
        .then()
        .statusCode(200)
        .body("noShows.size()", equalTo(3))
        .body("standings[0].kind", equalTo("CADRE_TRAINING"))
        .body("standings[0].recent", equalTo(3))
        .body("standings[0].suspendedUntil", notNullValue());
    long next = sessionSoon("FIRST_COME");
    given()
        .auth()
        .oauth2(absent)
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/sessions/{id}/registrations", next)
        .then()
        .statusCode(422)
        .body("errors[0].code", equalTo("no-show-suspension"));
    // Lotteries stay open, with a lower weight (0.5 per recent no-show).
    long lottery = sessionSoon("LOTTERY");
    signUp(absent, lottery, 201);
    given()
        .auth()
        .oauth2(absent)
        .get("/sessions/{id}/lottery", lottery)
        .then()
        .body("entries[0].weight", equalTo(0.125f));
    // The one who came is not affected.
    signUp(came, next, 201);

    // A neighbouring cadre may not waive; the organiser may, once, with a reason.
    given()
        .auth()
        .oauth2(Tokens.of(NEIGHBOUR_CADRE))
        .contentType(ContentType.JSON)
        .body(Map.of("reason", "生病请假"))
        .post("/no-shows/{id}/waive", absentReg)
        .then()
        .statusCode(403);
    given()
        .auth()
        .oauth2(cadre())
        .contentType(ContentType.JSON)
        .body(Map.of("reason", ""))
        .post("/no-shows/{id}/waive", absentReg)
        .then()
        .statusCode(400);
    given()
        .auth()
        .oauth2(cadre())
        .contentType(ContentType.JSON)
        .body(Map.of("reason", "生病请假，已提前电话告知"))
        .post("/no-shows/{id}/waive", absentReg)
        .then()
        .statusCode(200)
        .body("waivedAt", notNullValue());
    given()
        .auth()
        .oauth2(cadre())
        .contentType(ContentType.JSON)
        .body(Map.of("reason", "再次"))
        .post("/no-shows/{id}/waive", absentReg)
        .then()
        .statusCode(409);
    given()
        .auth()
        .oauth2(cadre())
        .contentType(ContentType.JSON)
        .body(Map.of("reason", "x"))
        .post("/no-shows/{id}/waive", cameReg)
        .then()
        .statusCode(404);
    given()
        .auth()
        .oauth2(cadre())
        .contentType(ContentType.JSON)
        .body(Map.of("reason", "x"))
        .post("/no-shows/abc/waive")
        .then()
        .statusCode(400);
    given().get("/no-shows/mine").then().statusCode(401);
    signUp(absent, next, 201);
  }
}
