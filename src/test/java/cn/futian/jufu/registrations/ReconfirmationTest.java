package cn.futian.jufu.registrations;

import static cn.futian.jufu.registrations.RegistrationFlowTest.cadre;
import static cn.futian.jufu.registrations.RegistrationFlowTest.signUp;
import static cn.futian.jufu.registrations.RegistrationFlowTest.users;
import static cn.futian.jufu.testing.OrgUnits.idOf;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.futian.jufu.reminders.ReminderService;
import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.Events;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Reconfirmation: members who signed up earlier are asked 48 h before; who has not reconfirmed by
 * 24 h before loses the seat to the next in line.
 */
@QuarkusTest
class ReconfirmationTest {

  @Inject RegistrationService registrations;
  @Inject ReminderService reminders;

  static <T> T run(Supplier<Uni<T>> work) {
    try {
      return VertxContextSupport.subscribeAndAwait(work);
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void unreconfirmedSeatsGoToTheWaitlistAtTheDeadline() {
    List<String> u = users("reconfirm", 3);
    OffsetDateTime start = OffsetDateTime.now(ZoneOffset.ofHours(8)).plusHours(30).withNano(0);
    Map<String, Object> s = new HashMap<>(Events.session("FIRST_COME", 2));
    s.put("startsAt", start.toString());
    s.put("endsAt", start.plusHours(2).toString());
    s.put("reconfirm", true);
    long session = Events.publish(cadre(), idOf("FT-01-01"), "JOB_FAIR", s).sessionId();
    long keeps = signUp(u.get(0), session, 201).getLong("id");
    long forgets = signUp(u.get(1), session, 201).getLong("id");
    long waits = signUp(u.get(2), session, 201).getLong("id");
    // As if the two confirmed members had signed up a week ago.
    Db.update(
        "update registration set created_at = now() - interval '7 days' where id in (?, ?)",
        keeps,
        forgets);

    // 30 h before the start: the request goes out once; reconfirming is open.
    run(() -> reminders.requestReconfirmations());
    run(() -> reminders.requestReconfirmations());
    assertThat(
            Db.count(
                "select count(*) from outbox where type = 'RECONFIRMATION_REQUESTED'"
                    + " and aggregate_id in (?, ?)",
                keeps,
                forgets))
        .isEqualTo(2);
    given()
        .auth()
        .oauth2(u.get(0))
        .post("/registrations/{id}/reconfirm", keeps)
        .then()
        .statusCode(200)
        .body("status", equalTo("CONFIRMED"));
    given()
        .auth()
        .oauth2(u.get(2))
        .post("/registrations/{id}/reconfirm", waits)
        .then()
        .statusCode(409);
    given()
        .auth()
        .oauth2(u.get(1))
        .post("/registrations/{id}/reconfirm", keeps)
        .then()
        .statusCode(404);

    // Past the deadline (20 h before the start): the forgotten seat goes to the waitlist.
    Db.update(
        "update session set starts_at = now() + interval '20 hours',"
            + " ends_at = now() + interval '22 hours' where id = ?",
        session);
    assertThat(run(() -> registrations.releaseUnreconfirmed())).isEqualTo(1);
    assertThat(run(() -> registrations.releaseUnreconfirmed())).isZero();
    given()
        .auth()
        .oauth2(u.get(0))
        .get("/registrations/{id}", keeps)
        .then()
        .body("status", equalTo("CONFIRMED"));
    given()
        .auth()
        .oauth2(u.get(1))
        .get("/registrations/{id}", forgets)
        .then()
        .body("status", equalTo("CANCELLED"));
    given()
        .auth()
        .oauth2(u.get(2))
        .get("/registrations/{id}", waits)
        .then()
        .body("status", equalTo("CONFIRMED"));
    given()
        .auth()
        .oauth2(u.get(0))
        .post("/registrations/{id}/reconfirm", keeps)
        .then()
        .statusCode(422);
  }
}
