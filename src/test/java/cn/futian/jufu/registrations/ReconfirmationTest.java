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

  /** A session that asks for reconfirmation, starting {@code hours} from now. */
  static long reconfirmSession(String mode, int capacity, int hours, Map<String, Object> extra) {
    OffsetDateTime start = OffsetDateTime.now(ZoneOffset.ofHours(8)).plusHours(hours).withNano(0);
    Map<String, Object> s = new HashMap<>(Events.session(mode, capacity));
    s.put("startsAt", start.toString());
    s.put("endsAt", start.plusHours(2).toString());
    s.put("reconfirm", true);
    s.putAll(extra);
    return Events.publish(cadre(), idOf("FT-01-01"), "JOB_FAIR", s).sessionId();
  }

  static void signedUpLastWeek(long... ids) {
    for (long id : ids) {
      Db.update("update registration set created_at = now() - interval '7 days' where id = ?", id);
    }
  }

  static void startsIn(long session, int hours) {
    Db.update(
        "update session set starts_at = now() + make_interval(hours => ?),"
            + " ends_at = now() + make_interval(hours => ?) where id = ?",
        hours,
        hours + 2,
        session);
  }

  static String status(String token, long id) {
    return given()
        .auth()
        .oauth2(token)
        .get("/registrations/{id}", id)
        .then()
        .statusCode(200)
        .extract()
        .path("status");
  }

  static long outbox(long registrationId, String type) {
    return Db.count(
        "select count(*) from outbox where aggregate_id = ? and type = ?", registrationId, type);
  }

  @Test
  void aMemberPromotedAfterTheDeadlineKeepsTheSeat() {
    // Three members signed up last week for one seat; the first forgets to reconfirm.
    List<String> u = users("reconf-chain", 3);
    long session = reconfirmSession("FIRST_COME", 1, 30, Map.of());
    long forgets = signUp(u.get(0), session, 201).getLong("id");
    long second = signUp(u.get(1), session, 201).getLong("id");
    long third = signUp(u.get(2), session, 201).getLong("id");
    signedUpLastWeek(forgets, second, third);
    run(() -> reminders.requestReconfirmations());
    assertThat(outbox(forgets, "RECONFIRMATION_REQUESTED")).isEqualTo(1);

    // 20 h before the start: the forgotten seat goes to the second in line ...
    startsIn(session, 20);
    assertThat(run(() -> registrations.releaseUnreconfirmed())).isEqualTo(1);
    assertThat(status(u.get(1), second)).isEqualTo("CONFIRMED");
    // ... who was never asked and cannot reconfirm any more: the next sweeps leave her the seat.
    assertThat(run(() -> registrations.releaseUnreconfirmed())).isZero();
    assertThat(run(() -> registrations.releaseUnreconfirmed())).isZero();
    assertThat(status(u.get(1), second)).isEqualTo("CONFIRMED");
    assertThat(status(u.get(2), third)).isEqualTo("WAITLISTED");
    assertThat(outbox(second, "REGISTRATION_PROMOTED")).isEqualTo(1);
    assertThat(outbox(second, "REGISTRATION_NOT_RECONFIRMED")).isZero();
    assertThat(outbox(third, "REGISTRATION_PROMOTED")).isZero();
  }

  @Test
  void aSeatConfirmedInsideTheWindowCountsAsReconfirmed() {
    // First come: the first member cancels 30 h before, after the requests went out.
    List<String> u = users("reconf-window", 2);
    long session = reconfirmSession("FIRST_COME", 1, 30, Map.of());
    long leaves = signUp(u.get(0), session, 201).getLong("id");
    long promoted = signUp(u.get(1), session, 201).getLong("id");
    signedUpLastWeek(leaves, promoted);
    run(() -> reminders.requestReconfirmations());
    given()
        .auth()
        .oauth2(u.get(0))
        .post("/registrations/{id}/cancel", leaves)
        .then()
        .statusCode(200);
    assertThat(status(u.get(1), promoted)).isEqualTo("CONFIRMED");
    // The promotion is her answer: no second request, and the sweep leaves the seat.
    run(() -> reminders.requestReconfirmations());
    assertThat(outbox(promoted, "RECONFIRMATION_REQUESTED")).isZero();
    startsIn(session, 20);
    assertThat(run(() -> registrations.releaseUnreconfirmed())).isZero();
    assertThat(status(u.get(1), promoted)).isEqualTo("CONFIRMED");

    // An offer taken after the deadline.
    List<String> o = users("reconf-offer", 2);
    long offerSession = reconfirmSession("FIRST_COME", 1, 30, Map.of("offerWindowMinutes", 30));
    long first = signUp(o.get(0), offerSession, 201).getLong("id");
    long offered = signUp(o.get(1), offerSession, 201).getLong("id");
    signedUpLastWeek(first, offered);
    run(() -> reminders.requestReconfirmations());
    startsIn(offerSession, 20);
    given()
        .auth()
        .oauth2(o.get(0))
        .post("/registrations/{id}/cancel", first)
        .then()
        .statusCode(200);
    given()
        .auth()
        .oauth2(o.get(1))
        .post("/registrations/{id}/confirm", offered)
        .then()
        .statusCode(200)
        .body("status", equalTo("CONFIRMED"));
    assertThat(run(() -> registrations.releaseUnreconfirmed())).isZero();
    assertThat(status(o.get(1), offered)).isEqualTo("CONFIRMED");

    // An approval given after the deadline.
    List<String> a = users("reconf-approve", 1);
    long approvalSession = reconfirmSession("APPROVAL", 1, 30, Map.of());
    long pending = signUp(a.get(0), approvalSession, 201).getLong("id");
    signedUpLastWeek(pending);
    run(() -> reminders.requestReconfirmations());
    startsIn(approvalSession, 20);
    given()
        .auth()
        .oauth2(cadre())
        .post("/registrations/{id}/approve", pending)
        .then()
        .statusCode(200)
        .body("status", equalTo("CONFIRMED"));
    assertThat(run(() -> registrations.releaseUnreconfirmed())).isZero();
    assertThat(status(a.get(0), pending)).isEqualTo("CONFIRMED");
  }

  @Test
  void membersWhoWereNeverAskedKeepTheirSeats() {
    // Signed up last week; the cadre then moves the session to tomorrow, past the request time.
    List<String> u = users("reconf-moved", 1);
    long session = reconfirmSession("FIRST_COME", 1, 24 * 7, Map.of());
    long id = signUp(u.get(0), session, 201).getLong("id");
    signedUpLastWeek(id);
    startsIn(session, 20);
    run(() -> reminders.requestReconfirmations());
    assertThat(outbox(id, "RECONFIRMATION_REQUESTED")).isZero();
    assertThat(run(() -> registrations.releaseUnreconfirmed())).isZero();
    assertThat(status(u.get(0), id)).isEqualTo("CONFIRMED");
  }
}
