package cn.futian.jufu.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.futian.jufu.push.PushOutcome.Result;
import cn.futian.jufu.testing.fakes.FakeFcm;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The FCM channel through the real Firebase Admin SDK against a {@link FakeFcm} of its own (free
 * port), without CDI.
 */
class FcmChannelTest {

  /**
   * Without Quarkus' logging setup every logger is at DEBUG here, and the HTTP clients' wire
   * logging then costs more CPU than the requests: quiet them while this class runs.
   */
  private static final List<Logger> HTTP_LOGGERS =
      List.of(Logger.getLogger("org.apache.hc"), Logger.getLogger("com.google.api.client.http"));

  private static final List<Level> httpLevels = new ArrayList<>();
  private static FakeFcm fake;
  private static FcmChannel channel;

  record TestConfig(
      boolean enabled,
      Optional<String> projectId,
      Optional<String> credentialsFile,
      Optional<String> endpoint,
      int maxInFlight,
      Duration ttl,
      Duration requestTimeout)
      implements FcmConfig {

    static TestConfig against(String endpoint, int maxInFlight) {
      return new TestConfig(
          true,
          Optional.of("jufu-test"),
          Optional.empty(),
          Optional.of(endpoint),
          maxInFlight,
          Duration.ofDays(1),
          Duration.ofSeconds(10));
    }
  }

  @BeforeAll
  static void startFake() {
    for (Logger logger : HTTP_LOGGERS) {
      httpLevels.add(logger.getLevel());
      logger.setLevel(Level.INFO);
    }
    fake = FakeFcm.start(0);
    channel = new FcmChannel(TestConfig.against(fake.baseUrl(), 50));
  }

  @AfterAll
  static void stopFake() {
    channel.close();
    fake.close();
    for (int i = 0; i < HTTP_LOGGERS.size(); i++) {
      HTTP_LOGGERS.get(i).setLevel(httpLevels.get(i));
    }
  }

  @BeforeEach
  void resetFake() {
    fake.latency(Duration.ZERO);
    fake.reset();
  }

  private static PushMessage message(String token) {
    return new PushMessage(
        token,
        "REMINDER",
        "活动提醒",
        "明天上午 9:30 在福田区妇联活动室",
        null,
        null,
        "reminder-" + token,
        Map.of("notificationId", "7"),
        false,
        null);
  }

  @Test
  void sendsTheMessageAsFcmV1Json() {
    PushMessage message =
        new PushMessage(
            "token-abc",
            "SIGN_UP",
            "报名成功",
            "您已报名亲子阅读会",
            "/pages/event/detail?id=42",
            null,
            "event-42-signup",
            Map.of("notificationId", "7", "eventId", "42"),
            false,
            Duration.ofHours(2));

    List<PushOutcome> outcomes = channel.send(List.of(message));

    assertThat(outcomes).containsExactly(PushOutcome.sent());
    assertThat(fake.sentTo("token-abc")).isEqualTo(1);
    FakeFcm.Request request = fake.requestsFor("token-abc").get(0);
    assertThat(request.project()).isEqualTo("jufu-test");
    assertThat(request.validateOnly()).isFalse();
    assertThat(request.collapseKey()).isEqualTo("event-42-signup");
    assertThat(request.data())
        .containsEntry("notificationId", "7")
        .containsEntry("eventId", "42")
        .containsEntry("link", "/pages/event/detail?id=42");
    assertThat(request.title()).isEqualTo("报名成功");
    assertThat(request.body()).isEqualTo("您已报名亲子阅读会");
    assertThat(request.androidPriority()).isEqualTo("normal");
    assertThat(request.androidTtl()).isEqualTo("7200s");
    assertThat(request.apnsHeaders())
        .containsEntry("apns-priority", "5")
        .containsEntry("apns-collapse-id", "event-42-signup");
    long expiration = Long.parseLong(request.apnsHeaders().get("apns-expiration"));
    assertThat(expiration)
        .isBetween(
            Instant.now().plusSeconds(7200 - 60).getEpochSecond(),
            Instant.now().plusSeconds(7200 + 60).getEpochSecond());
    assertThat(request.webpushHeaders())
        .containsEntry("Topic", "event-42-signup")
        .containsEntry("Urgency", "normal")
        .containsEntry("TTL", "7200");
  }

  @Test
  void urgentMessagesGoAtHighPriorityWithTheDefaultTtl() {
    PushMessage urgent =
        new PushMessage(
            "token-urgent",
            "CANCELLED",
            "活动取消",
            "很抱歉，活动取消",
            null,
            null,
            "event-9",
            Map.of(),
            true,
            null);

    assertThat(channel.send(List.of(urgent))).containsExactly(PushOutcome.sent());

    FakeFcm.Request request = fake.requestsFor("token-urgent").get(0);
    assertThat(request.androidPriority()).isEqualTo("high");
    assertThat(request.androidTtl()).isEqualTo("86400s");
    assertThat(request.apnsHeaders()).containsEntry("apns-priority", "10");
    assertThat(request.webpushHeaders()).containsEntry("Urgency", "high");
  }

  @Test
  void longOrOddCollapseKeysFitApnsAndWebPushLimits() {
    String key = "event-" + "汇".repeat(40) + "/session 3";
    PushMessage message =
        new PushMessage("token-long", "REMINDER", "t", "b", null, null, key, null, false, null);

    assertThat(channel.send(List.of(message))).containsExactly(PushOutcome.sent());

    FakeFcm.Request request = fake.requestsFor("token-long").get(0);
    assertThat(request.collapseKey()).isEqualTo(key);
    String collapseId = request.apnsHeaders().get("apns-collapse-id");
    assertThat(collapseId.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSizeLessThan(65);
    assertThat(request.webpushHeaders().get("Topic")).matches("[A-Za-z0-9_-]{1,32}");
    // stable: the same key gives the same header next time
    assertThat(FcmMessages.webpushTopic(key)).isEqualTo(request.webpushHeaders().get("Topic"));
    assertThat(FcmMessages.apnsCollapseId(key)).isEqualTo(collapseId);
  }

  @Test
  void mapsEachFcmErrorClassInOrder() {
    List<PushMessage> messages =
        List.of(
            message("ok-1"),
            message("unregistered-1"),
            message("invalid-1"),
            message("badpayload-1"),
            message("mismatch-1"),
            message("quota-1"),
            message("internal-1"),
            message("thirdpartyauth-1"),
            message("flaky-unavailable-1"),
            message("flaky-internal-1"),
            message(" "));

    List<PushOutcome> outcomes = channel.send(messages);

    assertThat(outcomes)
        .containsExactly(
            PushOutcome.sent(),
            PushOutcome.gone("UNREGISTERED"),
            PushOutcome.gone("INVALID_ARGUMENT"),
            PushOutcome.rejected("INVALID_ARGUMENT"),
            PushOutcome.gone("SENDER_ID_MISMATCH"),
            PushOutcome.retry("QUOTA_EXCEEDED", Duration.ofSeconds(120)),
            PushOutcome.retry("INTERNAL", null),
            PushOutcome.rejected("THIRD_PARTY_AUTH_ERROR"),
            PushOutcome.sent(), // the SDK retried the 503 itself
            PushOutcome.retry("INTERNAL", null), // 500 is left to the caller
            PushOutcome.gone("INVALID_ARGUMENT")); // blank token: not even sent
    assertThat(fake.attempts("flaky-unavailable-1")).isEqualTo(2);
    assertThat(fake.sentTo("flaky-unavailable-1")).isEqualTo(1);
    assertThat(fake.attempts("flaky-internal-1")).isEqualTo(1);
    assertThat(fake.attempts("quota-1")).isEqualTo(1);
    assertThat(fake.attempts("ok-1")).isEqualTo(1);
    assertThat(fake.attempts("unregistered-1")).isEqualTo(1);
    assertThat(fake.attempts("internal-1")).isEqualTo(1);
    // A 401 makes the HTTP client refresh the credentials and try again (up to the SDK's 4
    // retries); real FCM behaves the same for THIRD_PARTY_AUTH_ERROR.
    assertThat(fake.attempts("thirdpartyauth-1")).isBetween(1, 5);
  }

  @Test
  void quotaBackOffIsAtLeastOneMinute() {
    assertThat(FcmErrors.parseRetryAfter("5")).isEqualTo(Duration.ofSeconds(5));
    assertThat(FcmErrors.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
    assertThat(FcmErrors.parseRetryAfter("soon")).isNull();

    PushOutcome outcome = channel.send(List.of(message("quota-2"))).get(0);
    assertThat(outcome.result()).isEqualTo(Result.RETRY);
    assertThat(outcome.retryAfter()).isGreaterThanOrEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void persistentUnavailableIsRetriedBySdkThenLeftToTheCaller() {
    // The SDK retries a 503 four times, each after the fake's Retry-After of 1 s.
    PushOutcome outcome = channel.send(List.of(message("unavailable-1"))).get(0);

    assertThat(outcome).isEqualTo(PushOutcome.retry("UNAVAILABLE", Duration.ofSeconds(1)));
    assertThat(fake.attempts("unavailable-1")).isEqualTo(5);
  }

  @Test
  void networkErrorsAreRetried() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    FcmChannel unreachable =
        new FcmChannel(TestConfig.against("http://127.0.0.1:" + closedPort, 4));
    try {
      PushOutcome outcome = unreachable.send(List.of(message("token-x"))).get(0);
      assertThat(outcome.result()).isEqualTo(Result.RETRY);
      assertThat(outcome.errorCode()).isNotBlank();
      assertThat(outcome.retryAfter()).isNull();
    } finally {
      unreachable.close();
    }
  }

  @Test
  void validateUsesValidateOnlyAndDeliversNothing() {
    assertThat(channel.canValidate()).isTrue();
    List<PushOutcome> outcomes =
        channel.validate(List.of(message("token-dry"), message("unregistered-dry")));

    assertThat(outcomes).containsExactly(PushOutcome.sent(), PushOutcome.gone("UNREGISTERED"));
    assertThat(fake.requests()).hasSize(2).allMatch(FakeFcm.Request::validateOnly);
    assertThat(fake.sentTo("token-dry")).isZero();
  }

  @Test
  void disabledChannelRefusesToSend() {
    TestConfig off =
        new TestConfig(
            false,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            500,
            Duration.ofDays(1),
            Duration.ofSeconds(10));
    FcmChannel disabled = new FcmChannel(off);

    assertThat(disabled.name()).isEqualTo("FCM");
    assertThat(disabled.enabled()).isFalse();
    assertThatThrownBy(() -> disabled.send(List.of(message("token-1"))))
        .isInstanceOf(IllegalStateException.class);
    assertThat(fake.totalRequests()).isZero();
  }

  @Test
  void keepsTheOrderAcrossChunks() {
    List<PushMessage> messages =
        IntStream.range(0, 1_203)
            .mapToObj(i -> message(i % 7 == 3 ? "unregistered-" + i : "token-order-" + i))
            .toList();

    List<PushOutcome> outcomes = channel.send(messages);

    assertThat(outcomes).hasSize(messages.size());
    for (int i = 0; i < outcomes.size(); i++) {
      PushOutcome expected = i % 7 == 3 ? PushOutcome.gone("UNREGISTERED") : PushOutcome.sent();
      assertThat(outcomes.get(i)).as("outcome %d", i).isEqualTo(expected);
    }
    assertThat(fake.totalRequests()).isEqualTo(1_203);
  }

  @Test
  void boundsRequestsInFlightForOneCaller() {
    fake.latency(Duration.ofMillis(40));
    FcmChannel wide = new FcmChannel(TestConfig.against(fake.baseUrl(), 400));
    try {
      List<PushMessage> messages =
          IntStream.range(0, 2_000).mapToObj(i -> message("token-one-" + i)).toList();

      List<PushOutcome> outcomes = wide.send(messages);

      assertThat(outcomes).hasSize(2_000).allMatch(o -> o.result() == Result.SENT);
      assertThat(fake.maxConcurrent()).isBetween(200, 400);
    } finally {
      wide.close();
    }
  }

  @Test
  void boundsRequestsInFlightAcrossCallers() throws Exception {
    fake.latency(Duration.ofMillis(40));
    FcmChannel wide = new FcmChannel(TestConfig.against(fake.baseUrl(), 400));
    ExecutorService callers = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<PushOutcome>>> results = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        int caller = c;
        results.add(
            callers.submit(
                () ->
                    wide.send(
                        IntStream.range(0, 500)
                            .mapToObj(i -> message("token-" + caller + "-" + i))
                            .toList())));
      }
      for (Future<List<PushOutcome>> result : results) {
        assertThat(result.get()).hasSize(500).allMatch(o -> o.result() == Result.SENT);
      }
      assertThat(fake.totalRequests()).isEqualTo(2_000);
      assertThat(fake.maxConcurrent()).isBetween(200, 400);
    } finally {
      callers.shutdownNow();
      wide.close();
    }
  }

  @Test
  void fakeRejectsRequestsWithoutBearerTokenAndSpeaksH2c() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/v1/projects/p/messages:send"))
            .POST(HttpRequest.BodyPublishers.ofString("{\"message\":{\"token\":\"t\"}}"))
            .header("Content-Type", "application/json")
            .build();

    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("\"status\":\"UNAUTHENTICATED\"");
    // java.net.http upgrades a cleartext connection to HTTP/2 (h2c) when the server agrees
    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);

    HttpResponse<String> stats =
        client.send(
            HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/fake/stats")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(stats.body()).contains("\"totalRequests\" : 1");
  }

  @Test
  void sharedFakeRunsForTheWholeTestRun() {
    // Started by FakeFcmListener (META-INF/services) on fake.fcm.port.
    FakeFcm shared = FakeFcm.shared();
    assertThat(shared.port()).isEqualTo(Integer.getInteger("fake.fcm.port"));
  }

  /**
   * A one-off throughput reading, not an assertion: {@code -Dfcm.bench=true}, optionally {@code
   * -Dfcm.bench.messages=20000 -Dfcm.bench.latencies=0,40 -Dfcm.bench.maxInFlight=500}.
   */
  @Test
  @EnabledIfSystemProperty(named = "fcm.bench", matches = "true")
  void throughput() {
    int count = Integer.getInteger("fcm.bench.messages", 20_000);
    int maxInFlight = Integer.getInteger("fcm.bench.maxInFlight", 500);
    FakeFcm bench = FakeFcm.start(0).recordRequests(false);
    FcmChannel sender = new FcmChannel(TestConfig.against(bench.baseUrl(), maxInFlight));
    try {
      List<PushMessage> messages =
          IntStream.range(0, count).mapToObj(i -> message("bench-" + i)).toList();
      for (int round = 0; round < Integer.getInteger("fcm.bench.warmups", 3); round++) {
        sender.send(messages); // JIT warm-up: the first rounds are much slower
      }
      for (String latency : System.getProperty("fcm.bench.latencies", "0,40").split(",")) {
        bench.latency(Duration.ofMillis(Long.parseLong(latency.trim())));
        bench.reset();
        long start = System.nanoTime();
        List<PushOutcome> outcomes = sender.send(messages);
        double seconds = (System.nanoTime() - start) / 1e9;
        long sent = outcomes.stream().filter(o -> o.result() == Result.SENT).count();
        System.out.printf(
            "FCM bench: %d messages, latency %s ms, max in flight %d: %.2f s, %.0f msgs/s,"
                + " %d sent, peak concurrency %d%n",
            count,
            latency.trim(),
            maxInFlight,
            seconds,
            count / seconds,
            sent,
            bench.maxConcurrent());
      }
    } finally {
      sender.close();
      bench.close();
    }
  }
}
