package cn.futian.jufu.registrations;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import cn.futian.jufu.testing.Events;
import cn.futian.jufu.testing.OrgUnits;
import cn.futian.jufu.testing.PackagedApp;
import cn.futian.jufu.testing.TestUsers;
import cn.futian.jufu.testing.Tokens;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rush across two app instances: the packaged service runs twice (ports 8091 and 8092) on the
 * same PostgreSQL, Redis and Keycloak, and members sign up through both at once. PostgreSQL alone
 * keeps the count: exactly {@code capacity} confirmed, one contiguous waitlist.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class TwoInstancesRushIT {

  static final int MEMBERS = 200;
  static final int CAPACITY = 30;
  static final int[] PORTS = {8091, 8092};
  static final List<Process> INSTANCES = new ArrayList<>();

  @BeforeAll
  static void startTwoInstances() throws Exception {
    for (int port : PORTS) {
      INSTANCES.add(
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx256m",
                  "-Dquarkus.profile=test",
                  "-Dquarkus.http.port=" + port,
                  "-Dquarkus.management.port=" + PackagedApp.managementPort(port),
                  "-Dquarkus.flyway.clean-at-start=false",
                  "-Dquarkus.scheduler.enabled=false",
                  "-jar",
                  "target/quarkus-app/quarkus-run.jar")
              .redirectErrorStream(true)
              .redirectOutput(new File("target/instance-" + port + ".log"))
              .start());
    }
    for (int i = 0; i < PORTS.length; i++) {
      PackagedApp.awaitReady(INSTANCES.get(i), PORTS[i], "target/instance-" + PORTS[i] + ".log");
    }
    RestAssured.port = PORTS[0];
  }

  @AfterAll
  static void stop() {
    INSTANCES.forEach(Process::destroy);
    RestAssured.reset();
  }

  @Test
  @org.junit.jupiter.api.Order(1)
  void twoInstancesNeverOversell() throws Exception {
    List<String> tokens = TestUsers.tokens("rush2", MEMBERS);
    String cadre = Tokens.of(Tokens.COMMUNITY_CADRE);
    long sessionId =
        Events.publish(
                cadre,
                OrgUnits.idOf("FT-01-01"),
                "JOB_FAIR",
                Events.session("FIRST_COME", CAPACITY))
            .sessionId();

    HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(16)).build();
    ExecutorService pool = Executors.newFixedThreadPool(100);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      String token = tokens.get(i);
      int port = PORTS[i % 2];
      answers.add(
          pool.submit(
              () -> {
                go.await();
                return http.send(
                    HttpRequest.newBuilder(
                            URI.create(
                                "http://127.0.0.1:"
                                    + port
                                    + "/sessions/"
                                    + sessionId
                                    + "/registrations"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
              }));
    }
    go.countDown();
    ObjectMapper json = new ObjectMapper();
    int confirmed = 0;
    for (var f : answers) {
      HttpResponse<String> r = f.get();
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      if ("CONFIRMED".equals(json.readTree(r.body()).get("status").asText())) {
        confirmed++;
      }
    }
    pool.shutdown();
    assertThat(confirmed).isEqualTo(CAPACITY);

    // Read back through the other instance.
    RestAssured.port = PORTS[1];
    var waitlist =
        given()
            .auth()
            .oauth2(cadre)
            .queryParam("status", "WAITLISTED")
            .queryParam("size", 200)
            .get("/sessions/{id}/registrations", sessionId)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(waitlist.getList("items.waitlistPosition", Integer.class))
        .containsExactlyInAnyOrderElementsOf(
            IntStream.rangeClosed(1, MEMBERS - CAPACITY).boxed().toList());
    var ok =
        given()
            .auth()
            .oauth2(cadre)
            .queryParam("status", "CONFIRMED")
            .queryParam("size", 200)
            .get("/sessions/{id}/registrations", sessionId)
            .then()
            .extract()
            .jsonPath();
    assertThat(ok.getLong("total")).isEqualTo(CAPACITY);
    assertThat(new HashSet<>(ok.getList("items.memberId", Integer.class))).hasSize(CAPACITY);
  }

  /**
   * After every test of the build (this runs last, in failsafe, on the same database): in every
   * session the seats taken equal the seats of the registrations that hold them, and the seat rows
   * equal the capacity.
   */
  @Test
  @org.junit.jupiter.api.Order(2)
  void theSeatInvariantHoldsInEverySession() {
    long sessions = cn.futian.jufu.testing.Db.count("select count(*) from session");
    long broken =
        cn.futian.jufu.testing.Db.count(
            "select count(*) from session s where"
                + " (select count(*) from seat where session_id = s.id"
                + "   and registration_id is not null)"
                + " <> (select coalesce(sum(seats), 0) from registration r"
                + "   where r.session_id = s.id and r.status in ('CONFIRMED', 'OFFERED'))"
                + " or (select count(*) from seat where session_id = s.id) <> s.capacity");
    assertThat(sessions).isPositive();
    assertThat(broken).isZero();
  }

  /**
   * Each instance keeps sessions' facts in memory for the sign-up (issue 18): a rule changed on one
   * instance holds for the very next sign-up on the other. Instance B decides a sign-up (and keeps
   * the session's facts), instance A closes sign-ups, and B refuses the next one at once.
   */
  @Test
  @org.junit.jupiter.api.Order(3)
  void aRuleChangedOnOneInstanceHoldsForTheNextSignUpOnTheOther() {
    String cadre = Tokens.of(Tokens.COMMUNITY_CADRE);
    long sessionId =
        Events.publish(
                cadre, OrgUnits.idOf("FT-01-01"), "JOB_FAIR", Events.session("FIRST_COME", 10))
            .sessionId();
    List<String> residents = TestUsers.tokens("fresh2", 2);
    given()
        .port(PORTS[1])
        .auth()
        .oauth2(residents.get(0))
        .contentType(io.restassured.http.ContentType.JSON)
        .body("{}")
        .post("/sessions/{id}/registrations", sessionId)
        .then()
        .statusCode(201);
    given()
        .port(PORTS[0])
        .auth()
        .oauth2(cadre)
        .contentType(io.restassured.http.ContentType.JSON)
        .body(
            java.util.Map.of(
                "registrationClosesAt", java.time.OffsetDateTime.now().minusMinutes(1).toString()))
        .patch("/sessions/{id}", sessionId)
        .then()
        .statusCode(200);
    given()
        .port(PORTS[1])
        .auth()
        .oauth2(residents.get(1))
        .contentType(io.restassured.http.ContentType.JSON)
        .body("{}")
        .post("/sessions/{id}/registrations", sessionId)
        .then()
        .statusCode(422)
        .contentType("application/problem+json");
  }
}
