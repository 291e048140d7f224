package cn.futian.jufu.registrations;

import static cn.futian.jufu.testing.OrgUnits.idOf;
import static cn.futian.jufu.testing.Tokens.COMMUNITY_CADRE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import cn.futian.jufu.testing.Events;
import cn.futian.jufu.testing.TestUsers;
import cn.futian.jufu.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The rush: hundreds of distinct members (real Keycloak users) tap 报名 at the same moment for a
 * session with far fewer seats. Exactly {@code capacity} are confirmed, the rest are waitlisted
 * with contiguous places, nobody twice.
 */
@QuarkusTest
class SignUpRushTest {

  static final int MEMBERS = 300;
  static final int CAPACITY = 40;

  @TestHTTPResource("/")
  URL base;

  @Test
  void neverOversellsAndTheWaitlistIsContiguous() throws Exception {
    List<String> tokens = TestUsers.tokens("rush", MEMBERS);
    Events.Published published =
        Events.publish(
            Tokens.of(COMMUNITY_CADRE),
            idOf("FT-01-01"),
            "JOB_FAIR",
            Events.session("FIRST_COME", CAPACITY));
    long sessionId = published.sessionId();

    ObjectMapper json = new ObjectMapper();
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newFixedThreadPool(16))
            .build();
    ExecutorService pool = Executors.newFixedThreadPool(100);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> answers = new ArrayList<>();
    for (String token : tokens) {
      answers.add(
          pool.submit(
              () -> {
                go.await();
                return http.send(
                    HttpRequest.newBuilder(
                            URI.create(base + "sessions/" + sessionId + "/registrations"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
              }));
    }
    go.countDown();
    List<String> statuses = Collections.synchronizedList(new ArrayList<>());
    List<Integer> positions = new ArrayList<>();
    for (Future<HttpResponse<String>> f : answers) {
      HttpResponse<String> response = f.get();
      assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
      JsonNode body = json.readTree(response.body());
      statuses.add(body.get("status").asText());
      if (body.hasNonNull("waitlistPosition")) {
        positions.add(body.get("waitlistPosition").asInt());
      }
    }
    pool.shutdown();

    assertThat(statuses.stream().filter("CONFIRMED"::equals).count()).isEqualTo(CAPACITY);
    assertThat(statuses.stream().filter("WAITLISTED"::equals).count())
        .isEqualTo(MEMBERS - CAPACITY);

    // What the cadre sees afterwards: the truth in PostgreSQL.
    var list =
        given()
            .auth()
            .oauth2(Tokens.of(COMMUNITY_CADRE))
            .queryParam("size", 200)
            .queryParam("status", "WAITLISTED")
            .get("/sessions/{id}/registrations", sessionId)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    List<Integer> places = new ArrayList<>();
    for (int page = 0; page * 200 < MEMBERS - CAPACITY; page++) {
      places.addAll(
          given()
              .auth()
              .oauth2(Tokens.of(COMMUNITY_CADRE))
              .queryParam("size", 200)
              .queryParam("page", page)
              .queryParam("status", "WAITLISTED")
              .get("/sessions/{id}/registrations", sessionId)
              .then()
              .extract()
              .jsonPath()
              .getList("items.waitlistPosition", Integer.class));
    }
    assertThat(list.getLong("total")).isEqualTo(MEMBERS - CAPACITY);
    assertThat(places)
        .containsExactlyInAnyOrderElementsOf(
            IntStream.rangeClosed(1, MEMBERS - CAPACITY).boxed().toList());

    var confirmed =
        given()
            .auth()
            .oauth2(Tokens.of(COMMUNITY_CADRE))
            .queryParam("size", 200)
            .queryParam("status", "CONFIRMED")
            .get("/sessions/{id}/registrations", sessionId)
            .then()
            .extract()
            .jsonPath();
    assertThat(confirmed.getLong("total")).isEqualTo(CAPACITY);
    List<Integer> members = new ArrayList<>(confirmed.getList("items.memberId", Integer.class));
    assertThat(new HashSet<>(members)).hasSize(CAPACITY);

    // The event page agrees: no seat left.
    given()
        .auth()
        .oauth2(tokens.get(0))
        .get("/events/{id}", published.eventId())
        .then()
        .statusCode(200)
        .body("sessions[0].seatsLeft", org.hamcrest.Matchers.equalTo(0));
  }

  @Test
  void aDoubleTapWithOneKeyCreatesOneRegistration() throws Exception {
    String token = TestUsers.token("double-tap");
    long sessionId =
        Events.publish(
                Tokens.of(COMMUNITY_CADRE),
                idOf("FT-01-01"),
                "JOB_FAIR",
                Events.session("FIRST_COME", 5))
            .sessionId();
    HttpClient http = HttpClient.newHttpClient();
    String key = "tap-" + java.util.UUID.randomUUID();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> taps = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      taps.add(
          pool.submit(
              () -> {
                go.await();
                return http.send(
                    HttpRequest.newBuilder(
                            URI.create(base + "sessions/" + sessionId + "/registrations"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
              }));
    }
    go.countDown();
    ObjectMapper json = new ObjectMapper();
    List<Integer> codes = new ArrayList<>();
    HashSet<Long> ids = new HashSet<>();
    for (var f : taps) {
      HttpResponse<String> r = f.get();
      codes.add(r.statusCode());
      ids.add(json.readTree(r.body()).get("id").asLong());
    }
    pool.shutdown();
    assertThat(ids).hasSize(1);
    assertThat(codes.stream().filter(c -> c == 201).count()).isEqualTo(1);
    assertThat(codes.stream().filter(c -> c == 200).count()).isEqualTo(7);
    given()
        .auth()
        .oauth2(Tokens.of(COMMUNITY_CADRE))
        .get("/sessions/{id}/registrations", sessionId)
        .then()
        .body("total", org.hamcrest.Matchers.equalTo(1));
  }

  @Test
  void concurrentCancellationsPromoteEachWaitingMemberOnce() throws Exception {
    List<String> tokens = TestUsers.tokens("cancel-rush", 30);
    long sessionId =
        Events.publish(
                Tokens.of(COMMUNITY_CADRE),
                idOf("FT-01-01"),
                "JOB_FAIR",
                Events.session("FIRST_COME", 10))
            .sessionId();
    List<Long> ids = new ArrayList<>();
    for (String token : tokens) {
      ids.add(
          given()
              .auth()
              .oauth2(token)
              .contentType("application/json")
              .body("{}")
              .post("/sessions/{id}/registrations", sessionId)
              .then()
              .statusCode(201)
              .extract()
              .jsonPath()
              .getLong("id"));
    }
    // The ten confirmed members cancel at the same moment.
    HttpClient http = HttpClient.newHttpClient();
    ExecutorService pool = Executors.newFixedThreadPool(10);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> cancels = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String token = tokens.get(i);
      long id = ids.get(i);
      cancels.add(
          pool.submit(
              () -> {
                go.await();
                return http.send(
                    HttpRequest.newBuilder(URI.create(base + "registrations/" + id + "/cancel"))
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
              }));
    }
    go.countDown();
    for (var f : cancels) {
      assertThat(f.get().statusCode()).isEqualTo(200);
    }
    pool.shutdown();
    // The next ten in line hold the seats, the last ten wait with places 1..10.
    var confirmedIds =
        given()
            .auth()
            .oauth2(Tokens.of(COMMUNITY_CADRE))
            .queryParam("status", "CONFIRMED")
            .queryParam("size", 50)
            .get("/sessions/{id}/registrations", sessionId)
            .then()
            .extract()
            .jsonPath()
            .getList("items.id", Long.class);
    assertThat(confirmedIds).containsExactlyInAnyOrderElementsOf(ids.subList(10, 20));
    var waiting =
        given()
            .auth()
            .oauth2(Tokens.of(COMMUNITY_CADRE))
            .queryParam("status", "WAITLISTED")
            .queryParam("size", 50)
            .get("/sessions/{id}/registrations", sessionId)
            .then()
            .extract()
            .jsonPath();
    assertThat(waiting.getList("items.id", Long.class))
        .containsExactlyInAnyOrderElementsOf(ids.subList(20, 30));
    assertThat(waiting.getList("items.waitlistPosition", Integer.class))
        .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 10).boxed().toList());
  }
}
