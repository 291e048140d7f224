package cn.futian.jufu.reminders;

import static cn.futian.jufu.testing.OrgUnits.idOf;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.Events;
import cn.futian.jufu.testing.TestUsers;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Four schedulers race to write the reminders of a session: each is written exactly once. */
@QuarkusTest
class ReminderRaceTest {

  @Inject ReminderService reminders;

  @Test
  void remindersAreWrittenExactlyOnceWhenSchedulersRace() throws Exception {
    List<String> members =
        TestUsers.tokens("remind-" + UUID.randomUUID().toString().substring(0, 6), 5);
    OffsetDateTime start = OffsetDateTime.now(ZoneOffset.ofHours(8)).plusMinutes(90).withNano(0);
    Map<String, Object> session = new HashMap<>(Events.session("FIRST_COME", 10));
    session.put("startsAt", start.toString());
    session.put("endsAt", start.plusHours(2).toString());
    Map<String, Object> event =
        Events.event(
            idOf("FT-01-01"), "PARENT_SCHOOL", List.of(idOf("FT-01-01")), List.of(session));
    event.put("reminderOffsetsMinutes", List.of(1440, 120));
    long sessionId = Events.publish(Tokens.of(Tokens.COMMUNITY_CADRE), event).sessionId();
    for (String m : members) {
      given()
          .auth()
          .oauth2(m)
          .contentType("application/json")
          .body("{}")
          .post("/sessions/{id}/registrations", sessionId)
          .then()
          .statusCode(201);
    }
    // As if they had signed up two days ago (before both reminder times).
    Db.update(
        "update registration set created_at = now() - interval '2 days' where session_id = ?",
        sessionId);

    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> runs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      runs.add(
          pool.submit(
              () -> {
                go.await();
                return send();
              }));
    }
    go.countDown();
    int written = 0;
    for (var run : runs) {
      written += run.get();
    }
    pool.shutdown();
    long sent =
        Db.count(
            "select count(*) from reminder_sent x join registration r on r.id = x.registration_id"
                + " where r.session_id = ?",
            sessionId);
    long outbox =
        Db.count(
            "select count(*) from outbox o join registration r on r.id = o.aggregate_id"
                + " where o.type = 'SESSION_REMINDER' and r.session_id = ?",
            sessionId);
    // 24 h and 2 h are both due; only the nearer (2 h) one is sent, once per registration.
    assertThat(sent).isEqualTo(5);
    assertThat(outbox).isEqualTo(5);
    assertThat(written).isGreaterThanOrEqualTo(5);
    assertThat(
            Db.count(
                "select count(*) from reminder_sent x join registration r on r.id ="
                    + " x.registration_id where r.session_id = ? and x.offset_minutes = 120",
                sessionId))
        .isEqualTo(5);
    // A later run writes nothing more for this session.
    send();
    assertThat(
            Db.count(
                "select count(*) from outbox o join registration r on r.id = o.aggregate_id"
                    + " where o.type = 'SESSION_REMINDER' and r.session_id = ?",
                sessionId))
        .isEqualTo(5);
  }

  private int send() {
    try {
      return VertxContextSupport.subscribeAndAwait(() -> reminders.sendDue());
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }
}
