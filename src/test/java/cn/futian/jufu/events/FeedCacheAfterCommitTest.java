package cn.futian.jufu.events;

import static cn.futian.jufu.testing.OrgUnits.idOf;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.Events;
import cn.futian.jufu.testing.Profiles;
import cn.futian.jufu.testing.TestUsers;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A feed read that falls between a change to an event and its commit must not leave the old state
 * in the feed cache once the change is committed.
 */
@QuarkusTest
class FeedCacheAfterCommitTest {

  private static final long HOLD = 417_017L;

  @Test
  void aFeedReadJustBeforeTheCommitDoesNotKeepACancelledEventListed() throws Exception {
    String resident = TestUsers.token("feedtx-" + UUID.randomUUID().toString().substring(0, 6));
    Profiles.set(resident, "FEMALE", 1990, idOf("FT-01-01"), null);
    String cadre = Tokens.of(Tokens.COMMUNITY_CADRE);
    long event =
        Events.publish(cadre, idOf("FT-01-01"), "JOB_FAIR", Events.session("FIRST_COME", 10))
            .eventId();
    assertThat(feed(resident)).contains(event);

    // Each commit that touches this event's row first waits for an advisory lock the test holds:
    // the cancellation has done all its work (and today's code has dropped the cache) but has not
    // committed.
    Db.update(
        "create or replace function test_hold_commit() returns trigger language plpgsql as"
            + " $$ begin perform pg_advisory_xact_lock("
            + HOLD
            + "); return null; end $$");
    Db.update(
        "create constraint trigger test_hold_commit after update on event"
            + " deferrable initially deferred for each row when (new.id = "
            + event
            + ") execute function test_hold_commit()");
    try (Connection holder =
        DriverManager.getConnection(
            "jdbc:postgresql://127.0.0.1:5432/fulian_test", "fulian", "fulian")) {
      holder.createStatement().execute("select pg_advisory_lock(" + HOLD + ")");
      CompletableFuture<Void> cancel =
          CompletableFuture.runAsync(() -> Events.transition(cadre, event, "CANCEL"));
      awaitWaitingOnHold();

      // A resident opens the feed while the cancellation is about to commit: still listed.
      assertThat(feed(resident)).contains(event);

      holder.createStatement().execute("select pg_advisory_unlock(" + HOLD + ")");
      cancel.get(30, TimeUnit.SECONDS);
    } finally {
      Db.update("drop trigger if exists test_hold_commit on event");
      Db.update("drop function if exists test_hold_commit()");
    }

    // Committed: the cancelled event is gone from the feed at once, not after the cache's TTL.
    given()
        .auth()
        .oauth2(resident)
        .queryParam("size", 100)
        .get("/events")
        .then()
        .statusCode(200)
        .body("items.id", not(hasItem((int) event)));
  }

  private static List<Long> feed(String token) {
    return given()
        .auth()
        .oauth2(token)
        .queryParam("size", 100)
        .get("/events")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("items.id", Long.class);
  }

  private static void awaitWaitingOnHold() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (Db.count(
            "select count(*) from pg_locks where locktype = 'advisory' and not granted"
                + " and ((classid::bigint << 32) | objid::bigint) = ?",
            HOLD)
        == 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("The cancellation never reached its commit");
      }
      Thread.sleep(20);
    }
  }
}
