package cn.futian.jufu.common.ratelimit;

import static cn.futian.jufu.testing.OrgUnits.idOf;
import static org.assertj.core.api.Assertions.assertThat;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.Events;
import cn.futian.jufu.testing.ProductionLimits;
import cn.futian.jufu.testing.Tokens;
import cn.futian.jufu.testing.WeChatAccounts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The limits as they ship, behind the Ingress, where many residents share one address (a carrier's
 * NAT, a community centre's Wi-Fi): fairness is per account, the per-address limits only stop
 * floods (RELIABILITY.md, "Rate limits").
 */
@QuarkusTest
@TestProfile(SharedAddressLimitsTest.AsShipped.class)
class SharedAddressLimitsTest {

  static final int RESIDENTS = 2000;
  static final int CAPACITY = 150;

  /** The shipped limits; forwarded addresses believed from the test client (the "Ingress"). */
  public static class AsShipped implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> config = new HashMap<>(ProductionLimits.overrides());
      config.put("quarkus.http.proxy.proxy-address-forwarding", "true");
      config.put("quarkus.http.proxy.allow-x-forwarded", "true");
      config.put("quarkus.http.proxy.trusted-proxies", "127.0.0.1/32,::1/128");
      config.put("quarkus.flyway.clean-at-start", "false");
      return config;
    }
  }

  @TestHTTPResource("/")
  URL base;

  @Inject RateLimiter limiter;

  private final ObjectMapper json = new ObjectMapper();

  /** An address of the shared range carriers use for NAT (RFC 6598), fresh for this run. */
  private static String sharedAddress() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return "100." + (64 + r.nextInt(64)) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
  }

  private HttpRequest.Builder request(String path, String address, String token) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("X-Forwarded-For", address)
            .timeout(Duration.ofSeconds(120));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private static HttpRequest signUp(HttpRequest.Builder b) {
    return b.header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{}"))
        .build();
  }

  @Test
  void twoThousandResidentsBehindOneAddressAllGetTheirAnswer() throws Exception {
    List<String> tokens =
        WeChatAccounts.tokens("nat-" + UUID.randomUUID().toString().substring(0, 6), RESIDENTS);
    Events.Published published =
        Events.publish(
            Tokens.of(Tokens.COMMUNITY_CADRE),
            idOf("FT-01-01"),
            "JOB_FAIR",
            Events.session("FIRST_COME", CAPACITY));
    long sessionId = published.sessionId();
    String address = sharedAddress();

    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // as the Ingress speaks to the pods
            .connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newFixedThreadPool(16))
            .build();
    ExecutorService pool = Executors.newFixedThreadPool(64);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<int[]>> answers = new ArrayList<>();
    for (String token : tokens) {
      answers.add(
          pool.submit(
              () -> {
                go.await();
                // The mini-app opens the event, then the resident taps 报名.
                var event =
                    http.send(
                        request("events/" + published.eventId(), address, token).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                var signUp =
                    http.send(
                        signUp(request("sessions/" + sessionId + "/registrations", address, token)),
                        HttpResponse.BodyHandlers.ofString());
                return new int[] {event.statusCode(), signUp.statusCode()};
              }));
    }
    go.countDown();
    int tooMany = 0;
    int created = 0;
    for (Future<int[]> f : answers) {
      int[] statuses = f.get();
      if (statuses[0] == 429 || statuses[1] == 429) {
        tooMany++;
      }
      if (statuses[1] == 201) {
        created++;
      }
    }
    pool.shutdown();
    assertThat(tooMany).as("residents refused with 429").isZero();
    assertThat(created).isEqualTo(RESIDENTS);
    assertThat(
            Db.count(
                "select count(*) from registration where session_id = ? and status = 'CONFIRMED'",
                sessionId))
        .isEqualTo(CAPACITY);
  }

  @Test
  void oneAccountHammeringIsLimitedWhileItsNeighboursGoOn() throws Exception {
    List<String> tokens =
        WeChatAccounts.tokens("hammer-" + UUID.randomUUID().toString().substring(0, 6), 2);
    String bot = tokens.get(0);
    String neighbour = tokens.get(1);
    long sessionId =
        Events.publish(
                Tokens.of(Tokens.COMMUNITY_CADRE),
                idOf("FT-01-01"),
                "JOB_FAIR",
                Events.session("FIRST_COME", 5))
            .sessionId();
    String address = sharedAddress();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    int limit = ProductionLimits.requests("signup-member");
    List<HttpResponse<String>> attempts = new ArrayList<>();
    for (int i = 0; i < limit + 3; i++) {
      attempts.add(
          http.send(
              signUp(request("sessions/" + sessionId + "/registrations", address, bot)),
              HttpResponse.BodyHandlers.ofString()));
    }
    assertThat(attempts.subList(0, limit)).noneMatch(r -> r.statusCode() == 429);
    for (HttpResponse<String> refused : attempts.subList(limit, attempts.size())) {
      assertTooMany(refused);
    }
    // The account's limit is the account's: the neighbour on the same address signs up.
    assertThat(
            http.send(
                    signUp(request("sessions/" + sessionId + "/registrations", address, neighbour)),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(201);

    // Every other write of one account too (write-member), e.g. following units over and over.
    int writes = ProductionLimits.requests("write-member");
    int refusedWrites = 0;
    List<Integer> writeStatuses = new ArrayList<>();
    for (int i = 0; i < writes + 5; i++) {
      HttpResponse<String> r =
          http.send(
              request("me/follows/" + idOf("FT-01"), address, bot)
                  .PUT(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      writeStatuses.add(r.statusCode());
      if (r.statusCode() == 429) {
        assertTooMany(r);
        refusedWrites++;
      }
    }
    // The sign-up attempts above were writes as well.
    assertThat(refusedWrites).as(writeStatuses.toString()).isGreaterThanOrEqualTo(5 + limit + 3);
  }

  @Test
  void anAnonymousFloodFromOneAddressIsLimited() throws Exception {
    String address = sharedAddress();
    int limit = ProductionLimits.requests("anonymous-ip");
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(8))
            .build();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    long lateBefore = limiter.redisFailures();
    List<Future<HttpResponse<String>>> answers = new ArrayList<>();
    long started = System.nanoTime();
    for (int i = 0; i < limit + 50; i++) {
      String path = i % 2 == 0 ? "checkin/keys" : "q/openapi";
      answers.add(
          pool.submit(() -> http.send(request(path, address, null).GET().build(), ofString())));
    }
    int refused = 0;
    for (Future<HttpResponse<String>> f : answers) {
      HttpResponse<String> r = f.get();
      if (r.statusCode() == 429) {
        assertTooMany(r);
        refused++;
      } else {
        assertThat(r.statusCode()).isEqualTo(200);
      }
    }
    pool.shutdown();
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    // Exact, except that a Redis answer later than the timeout may have counted in Redis what this
    // instance then counted too (RateLimiter): stricter by at most one per late answer.
    long late = limiter.redisFailures() - lateBefore;
    assertThat(refused)
        .as("refused in %d s, %d late Redis answers", seconds, late)
        .isBetween(50, 50 + (int) late);
    // A resident signed in on that address is not held by the anonymous flood.
    String resident =
        WeChatAccounts.tokens("flood-" + UUID.randomUUID().toString().substring(0, 6), 1).get(0);
    assertThat(http.send(request("me", address, resident).GET().build(), ofString()).statusCode())
        .isEqualTo(200);
  }

  @Test
  void anonymousRequestsForHelpAreLimitedPerAddressAndPerDevice() throws Exception {
    int perAddress = ProductionLimits.requests("help-anonymous-ip");
    int perDevice = ProductionLimits.requests("help-anonymous-device");
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String body = "{\"category\":\"OTHER\",\"account\":\"flood\",\"contactBy\":\"INBOX_ONLY\"}";
    String address = sharedAddress();
    long before = Db.count("select count(*) from help_request");
    int stored = 0;
    for (int i = 0; i < perAddress; i++) {
      HttpResponse<String> r = http.send(help(address, null, body), ofString());
      assertThat(r.statusCode()).as("request %d", i + 1).isEqualTo(201);
      stored++;
    }
    HttpResponse<String> over = http.send(help(address, null, body), ofString());
    assertTooMany(over, 3600);
    // A device is held across addresses (a phone moving between networks).
    String device = "device-" + UUID.randomUUID();
    for (int i = 0; i < perDevice; i++) {
      assertThat(http.send(help(sharedAddress(), device, body), ofString()).statusCode())
          .isEqualTo(201);
      stored++;
    }
    assertTooMany(http.send(help(sharedAddress(), device, body), ofString()), 3600);
    // Another address is not held by the flood, and nothing refused was stored.
    assertThat(http.send(help(sharedAddress(), null, body), ofString()).statusCode())
        .isEqualTo(201);
    stored++;
    assertThat(Db.count("select count(*) from help_request") - before).isEqualTo(stored);
  }

  private HttpRequest help(String address, String device, String body) {
    HttpRequest.Builder b =
        request("help-requests", address, null)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (device != null) {
      b.header("X-Device-Id", device);
    }
    return b.build();
  }

  private static HttpResponse.BodyHandler<String> ofString() {
    return HttpResponse.BodyHandlers.ofString();
  }

  private void assertTooMany(HttpResponse<String> r) throws Exception {
    assertTooMany(r, 60);
  }

  /** 429 problem+json, retry within the limit's window ({@code windowSeconds}). */
  private void assertTooMany(HttpResponse<String> r, int windowSeconds) throws Exception {
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.headers().firstValue("Retry-After")).isPresent();
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode body = json.readTree(r.body());
    assertThat(body.get("code").asText()).isEqualTo("rate-limited");
    assertThat(body.get("retryAfter").asInt()).isBetween(1, windowSeconds);
  }
}
