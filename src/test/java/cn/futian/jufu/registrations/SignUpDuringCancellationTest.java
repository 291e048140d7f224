package cn.futian.jufu.registrations;

import static cn.futian.jufu.testing.OrgUnits.idOf;
import static cn.futian.jufu.testing.Tokens.COMMUNITY_CADRE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.Events;
import cn.futian.jufu.testing.TestUsers;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An event cancelled while residents are signing up (issue 17, 4): no registration stays active on
 * the cancelled event, and everyone who got a registration is told of the cancellation.
 */
@QuarkusTest
class SignUpDuringCancellationTest {

  private static final String ACTIVE =
      "select count(*) from registration where session_id = ?"
          + " and status not in ('CANCELLED', 'REJECTED')";

  @TestHTTPResource("/")
  URL base;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /**
   * The interleaving made certain: the sign-up has read the session as open and is held just before
   * it writes its registration (the test holds its member row); the cadre cancels the event; then
   * the sign-up goes on. Before the fix the cancellation listed the registrations without the
   * sign-up's and the sign-up committed a confirmed seat on the cancelled event.
   */
  @Test
  void aSignUpHeldWhileTheEventIsCancelledEndsCancelledOrRefused() throws Exception {
    String resident = TestUsers.token("cancel-race-held");
    long memberId =
        given()
            .auth()
            .oauth2(resident)
            .get("/me")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getLong("id");
    Events.Published published =
        Events.publish(
            Tokens.of(COMMUNITY_CADRE),
            idOf("FT-01-01"),
            "JOB_FAIR",
            Events.session("FIRST_COME", 5));

    HttpResponse<String> signUp;
    HttpResponse<String> cancel;
    try (Connection hold = DriverManager.getConnection(Db.URL, "fulian", "fulian")) {
      hold.setAutoCommit(false);
      try (PreparedStatement ps =
          hold.prepareStatement("select id from member where id = ? for update")) {
        ps.setLong(1, memberId);
        ps.executeQuery().close();
      }
      CompletableFuture<HttpResponse<String>> signing =
          send(resident, "sessions/" + published.sessionId() + "/registrations", "{}");
      // The sign-up's writing statement (function sign_up, ADR 0018) holds the session and waits
      // at its registration insert for the member row.
      Db.awaitLockWait("select * from sign_up(%");

      CompletableFuture<HttpResponse<String>> cancelling =
          send(
              Tokens.of(COMMUNITY_CADRE),
              "events/" + published.eventId() + "/transitions",
              "{\"action\":\"CANCEL\",\"reason\":\"场地维修 / venue under repair\"}");
      // The cancellation either finishes at once (the defect) or waits for the held sign-up.
      try {
        cancelling.get(3, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException waiting) {
        // waits: released below
      }
      hold.commit();
      signUp = signing.get(60, TimeUnit.SECONDS);
      cancel = cancelling.get(60, TimeUnit.SECONDS);
    }

    assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
    assertThat(signUp.statusCode()).as(signUp.body()).isIn(201, 422);
    assertThat(Db.count(ACTIVE, published.sessionId()))
        .as("active registrations on the cancelled event; sign-up answered " + signUp.body())
        .isZero();
    if (signUp.statusCode() == 201) {
      assertThat(
              Db.count(
                  "select count(*) from outbox where type = 'EVENT_CANCELLED' and member_id = ?"
                      + " and (payload->>'eventId')::bigint = ?",
                  memberId,
                  published.eventId()))
          .as("the member is told of the cancellation")
          .isEqualTo(1);
    }
  }

  /** A rush with the cancellation in the middle of it: nothing active remains afterwards. */
  @Test
  void aCancellationDuringARushLeavesNoActiveRegistration() throws Exception {
    List<String> tokens = TestUsers.tokens("rush", 150);
    Events.Published published =
        Events.publish(
            Tokens.of(COMMUNITY_CADRE),
            idOf("FT-01-01"),
            "JOB_FAIR",
            Events.session("FIRST_COME", 60));
    ExecutorService pool = Executors.newFixedThreadPool(50);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> answers = new ArrayList<>();
    for (String token : tokens) {
      answers.add(
          pool.submit(
              () -> {
                go.await();
                return send(token, "sessions/" + published.sessionId() + "/registrations", "{}")
                    .get(60, TimeUnit.SECONDS);
              }));
    }
    go.countDown();
    // Cancel once about a third of the rush has an answer.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (answers.stream().filter(Future::isDone).count() < tokens.size() / 3
        && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    HttpResponse<String> cancel =
        send(
                Tokens.of(COMMUNITY_CADRE),
                "events/" + published.eventId() + "/transitions",
                "{\"action\":\"CANCEL\",\"reason\":\"暴雨预警 / rainstorm warning\"}")
            .get(60, TimeUnit.SECONDS);
    int created = 0;
    for (var answer : answers) {
      HttpResponse<String> r = answer.get();
      assertThat(r.statusCode()).as(r.body()).isIn(201, 404, 409, 422);
      if (r.statusCode() == 201) {
        created++;
      }
    }
    pool.shutdown();

    assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
    assertThat(created).as("some sign-ups came before the cancellation").isPositive();
    assertThat(Db.count(ACTIVE, published.sessionId())).isZero();
    assertThat(
            Db.count(
                "select count(*) from outbox where type = 'EVENT_CANCELLED'"
                    + " and (payload->>'eventId')::bigint = ?",
                published.eventId()))
        .as("every registration that was made is told of the cancellation")
        .isEqualTo(
            Db.count(
                "select count(*) from registration where session_id = ?", published.sessionId()));
  }

  private CompletableFuture<HttpResponse<String>> send(String token, String path, String body) {
    return http.sendAsync(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
