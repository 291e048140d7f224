package cn.futian.jufu.testing.fakes;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local fake of the FCM HTTP v1 send API on Vert.x (HTTP/1.1 and h2c), close enough to the
 * documented wire protocol that the real Firebase Admin SDK parses its answers.
 *
 * <p>{@code POST /v1/projects/{project}/messages:send} with {@code {"message": {...},
 * "validate_only": bool}} answers {@code 200 {"name": "projects/{p}/messages/{id}"}}, or an error
 * chosen by the token's prefix, as Google API error JSON with an {@code FcmError} detail:
 *
 * <ul>
 *   <li>{@code unregistered-}: 404 NOT_FOUND / UNREGISTERED
 *   <li>{@code invalid-}: 400 INVALID_ARGUMENT, "The registration token is not a valid FCM
 *       registration token"
 *   <li>{@code badpayload-}: 400 INVALID_ARGUMENT about the payload
 *   <li>{@code mismatch-}: 403 PERMISSION_DENIED / SENDER_ID_MISMATCH
 *   <li>{@code quota-}: 429 RESOURCE_EXHAUSTED / QUOTA_EXCEEDED, {@code Retry-After: 120}
 *   <li>{@code unavailable-}: 503 UNAVAILABLE, {@code Retry-After: 1} (the SDK retries it 4 times)
 *   <li>{@code internal-}: 500 INTERNAL
 *   <li>{@code thirdpartyauth-}: 401 UNAUTHENTICATED / THIRD_PARTY_AUTH_ERROR
 *   <li>{@code flaky-<any of the above>}: that error on the token's first attempt only, then
 *       success (e.g. {@code flaky-unavailable-1}: the SDK's own retry succeeds)
 *   <li>anything else: success
 * </ul>
 *
 * A request without {@code Authorization: Bearer ...} gets 401 UNAUTHENTICATED. Answers can be
 * delayed by {@link #latency(Duration)} (a timer, no thread blocks). Every send request is
 * recorded; {@link #maxConcurrent()} is the peak number of requests in flight.
 *
 * <p>Control endpoints (always on, no authorization): {@code GET /fake/stats}, {@code GET
 * /fake/requests[?token=...&limit=...]}, {@code POST /fake/reset}, {@code POST
 * /fake/latency?ms=40}. Run standalone with {@link #main(String[])}.
 */
public final class FakeFcm implements AutoCloseable {

  private static final Pattern SEND_PATH = Pattern.compile("/v1/projects/([^/]+)/messages:send");
  private static final String FCM_ERROR_TYPE =
      "type.googleapis.com/google.firebase.fcm.v1.FcmError";

  private static volatile FakeFcm shared;

  private final Vertx vertx;
  private volatile int port;
  private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> successes = new ConcurrentHashMap<>();
  private final Map<Integer, AtomicLong> byStatus = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> byVersion = new ConcurrentHashMap<>();
  private final AtomicLong total = new AtomicLong();
  private final AtomicLong messageIds = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxConcurrent = new AtomicInteger();
  private volatile long latencyMillis;
  private volatile boolean recording = true;

  /**
   * One send request as the fake saw it.
   *
   * @param token {@code message.token}, or null
   * @param collapseKey {@code message.android.collapse_key}, or null
   * @param data {@code message.data} (empty when absent)
   * @param message the whole {@code message} object
   */
  public record Request(
      String project,
      String token,
      String collapseKey,
      Map<String, String> data,
      boolean validateOnly,
      Instant time,
      int status,
      String errorCode,
      JsonObject message) {

    /** {@code android.priority}: "high" or "normal", or null. */
    public String androidPriority() {
      JsonObject android = message.getJsonObject("android");
      return android == null ? null : android.getString("priority");
    }

    /** {@code android.ttl} as sent ("86400s"), or null. */
    public String androidTtl() {
      JsonObject android = message.getJsonObject("android");
      return android == null ? null : android.getString("ttl");
    }

    public Map<String, String> apnsHeaders() {
      return headers("apns");
    }

    public Map<String, String> webpushHeaders() {
      return headers("webpush");
    }

    public String title() {
      JsonObject notification = message.getJsonObject("notification");
      return notification == null ? null : notification.getString("title");
    }

    public String body() {
      JsonObject notification = message.getJsonObject("notification");
      return notification == null ? null : notification.getString("body");
    }

    private Map<String, String> headers(String platform) {
      JsonObject config = message.getJsonObject(platform);
      JsonObject headers = config == null ? null : config.getJsonObject("headers");
      return headers == null ? Map.of() : strings(headers);
    }

    JsonObject toJson() {
      return new JsonObject()
          .put("token", token)
          .put("collapseKey", collapseKey)
          .put("data", new JsonObject(new LinkedHashMap<>(data)))
          .put("validateOnly", validateOnly)
          .put("status", status)
          .put("errorCode", errorCode)
          .put("time", time.toString());
    }
  }

  private FakeFcm(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * Starts a fake on 127.0.0.1; port 0 picks a free port.
   *
   * @throws UncheckedIOException with a {@link BindException} when the port is taken
   */
  public static FakeFcm start(int port) {
    return start("127.0.0.1", port);
  }

  /** Starts a fake on the given interface; port 0 picks a free port. */
  public static FakeFcm start(String host, int port) {
    int loops = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
    try {
      HttpServerOptions options =
          new HttpServerOptions()
              .setHost(host)
              .setHttp2ClearTextEnabled(true)
              .setInitialSettings(new Http2Settings().setMaxConcurrentStreams(10_000))
              .setAcceptBacklog(4096)
              .setTcpNoDelay(true);
      FakeFcm fake = new FakeFcm(vertx);
      // One server per event loop on the same port: Vert.x spreads the connections over them.
      // A negative port is Vert.x's "random port, shared by the servers that ask for the same".
      int listenPort = port == 0 ? -1 : port;
      for (int i = 0; i < loops; i++) {
        HttpServer server =
            await(vertx.createHttpServer(options).requestHandler(fake::handle).listen(listenPort));
        fake.port = server.actualPort();
      }
      return fake;
    } catch (RuntimeException e) {
      vertx.close();
      throw e;
    }
  }

  /** The fake started for the whole test run by {@link FakeFcmListener}. */
  public static FakeFcm shared() {
    FakeFcm fake = shared;
    if (fake == null) {
      throw new IllegalStateException("No shared FakeFcm: FakeFcmListener did not start one");
    }
    return fake;
  }

  static void shared(FakeFcm fake) {
    shared = fake;
  }

  public int port() {
    return port;
  }

  /** {@code http://127.0.0.1:port}: the value for {@code fulian.push.fcm.endpoint}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** Delays every answer by this much (zero: answer at once). */
  public FakeFcm latency(Duration latency) {
    this.latencyMillis = Math.max(0, latency.toMillis());
    return this;
  }

  /** Off: only counters are kept (for long benchmarks). On by default. */
  public FakeFcm recordRequests(boolean on) {
    this.recording = on;
    return this;
  }

  /** Every send request recorded since the last reset, in the order their bodies arrived. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The recorded requests for one token. */
  public List<Request> requestsFor(String token) {
    return requests.stream().filter(r -> Objects.equals(token, r.token())).toList();
  }

  /** Messages accepted for delivery to this token (200 and not validate_only). */
  public int sentTo(String token) {
    AtomicInteger count = successes.get(token);
    return count == null ? 0 : count.get();
  }

  /** Send requests received for this token, whatever their answer. */
  public int attempts(String token) {
    AtomicInteger count = attempts.get(token);
    return count == null ? 0 : count.get();
  }

  /** Send requests received since the last reset. */
  public long totalRequests() {
    return total.get();
  }

  /** The peak number of send requests in flight at once since the last reset. */
  public int maxConcurrent() {
    return maxConcurrent.get();
  }

  /** Forgets requests, counters and flaky-token state; keeps the latency. */
  public void reset() {
    requests.clear();
    attempts.clear();
    successes.clear();
    byStatus.clear();
    byVersion.clear();
    total.set(0);
    maxConcurrent.set(inFlight.get());
  }

  @Override
  public void close() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // closing anyway
    }
  }

  // --- request handling --------------------------------------------------------------------------

  private void handle(HttpServerRequest request) {
    if (request.path().startsWith("/fake/")) {
      control(request);
      return;
    }
    int now = inFlight.incrementAndGet();
    maxConcurrent.accumulateAndGet(now, Math::max);
    byVersion.computeIfAbsent(request.version().name(), v -> new AtomicLong()).incrementAndGet();
    request
        .body()
        .onComplete(
            body -> {
              Answer answer =
                  body.succeeded()
                      ? answer(request, body.result())
                      : error(400, "INVALID_ARGUMENT", "Unreadable request body.", null);
              long delay = latencyMillis;
              if (delay > 0) {
                vertx.setTimer(delay, id -> respond(request, answer));
              } else {
                respond(request, answer);
              }
            });
  }

  private void respond(HttpServerRequest request, Answer answer) {
    try {
      HttpServerResponse response =
          request
              .response()
              .setStatusCode(answer.status())
              .putHeader("Content-Type", "application/json; charset=UTF-8");
      if (answer.retryAfter() != null) {
        response.putHeader("Retry-After", answer.retryAfter());
      }
      response.end(answer.body().toBuffer());
    } catch (IllegalStateException closed) {
      // the client went away
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private record Answer(int status, JsonObject body, String retryAfter, String errorCode) {}

  private Answer answer(HttpServerRequest request, Buffer body) {
    Matcher path = SEND_PATH.matcher(request.path());
    if (request.method() != HttpMethod.POST || !path.matches()) {
      return count(error(404, "NOT_FOUND", "The requested URL was not found.", null));
    }
    String authorization = request.getHeader("Authorization");
    if (authorization == null
        || !authorization.startsWith("Bearer ")
        || authorization.substring(7).isBlank()) {
      return count(
          error(
              401,
              "UNAUTHENTICATED",
              "Request is missing required authentication credential. Expected OAuth 2 access"
                  + " token, login cookie or other valid authentication credential.",
              null));
    }
    String project = path.group(1);
    JsonObject json;
    try {
      json = body.toJsonObject();
    } catch (RuntimeException e) {
      return count(error(400, "INVALID_ARGUMENT", "Invalid JSON payload received.", null));
    }
    JsonObject message = json.getJsonObject("message");
    if (message == null) {
      return count(error(400, "INVALID_ARGUMENT", "Request contains an invalid argument.", null));
    }
    boolean validateOnly = Boolean.TRUE.equals(json.getBoolean("validate_only"));
    String token = message.getString("token");
    JsonObject android = message.getJsonObject("android");
    String collapseKey = android == null ? null : android.getString("collapse_key");
    JsonObject data = message.getJsonObject("data");

    Answer answer;
    if (token == null || token.isEmpty()) {
      answer = error(400, "INVALID_ARGUMENT", "Recipient of the message is not set.", null);
    } else {
      int attempt = attempts.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
      String behaviour = token;
      if (token.startsWith("flaky-")) {
        behaviour = attempt == 1 ? token.substring("flaky-".length()) : "ok";
      }
      answer = byPrefix(behaviour);
      if (answer == null) {
        String name =
            "projects/" + project + "/messages/" + (validateOnly ? "fake_message_id" : nextId());
        answer = new Answer(200, new JsonObject().put("name", name), null, null);
        if (!validateOnly) {
          successes.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
        }
      }
    }
    count(answer);
    if (recording) {
      requests.add(
          new Request(
              project,
              token,
              collapseKey,
              data == null ? Map.of() : strings(data),
              validateOnly,
              Instant.now(),
              answer.status(),
              answer.errorCode(),
              message));
    }
    return answer;
  }

  private Answer count(Answer answer) {
    total.incrementAndGet();
    byStatus.computeIfAbsent(answer.status(), s -> new AtomicLong()).incrementAndGet();
    return answer;
  }

  private String nextId() {
    return "0:" + messageIds.incrementAndGet() + "%fake";
  }

  /** The error a token's prefix asks for, or null for success. */
  private static Answer byPrefix(String token) {
    if (token.startsWith("unregistered-")) {
      return error(404, "NOT_FOUND", "Requested entity was not found.", "UNREGISTERED");
    }
    if (token.startsWith("invalid-")) {
      return error(
          400,
          "INVALID_ARGUMENT",
          "The registration token is not a valid FCM registration token",
          "INVALID_ARGUMENT");
    }
    if (token.startsWith("badpayload-")) {
      return error(
          400,
          "INVALID_ARGUMENT",
          "Invalid value at 'message.data[0].value' (TYPE_STRING), payload too large",
          "INVALID_ARGUMENT");
    }
    if (token.startsWith("mismatch-")) {
      return error(403, "PERMISSION_DENIED", "SenderId mismatch", "SENDER_ID_MISMATCH");
    }
    if (token.startsWith("quota-")) {
      return withRetryAfter(
          error(
              429,
              "RESOURCE_EXHAUSTED",
              "Quota exceeded for quota metric 'Send requests'",
              "QUOTA_EXCEEDED"),
          "120");
    }
    if (token.startsWith("unavailable-")) {
      return withRetryAfter(
          error(503, "UNAVAILABLE", "The service is currently unavailable.", "UNAVAILABLE"), "1");
    }
    if (token.startsWith("internal-")) {
      return error(500, "INTERNAL", "Internal error encountered.", "INTERNAL");
    }
    if (token.startsWith("thirdpartyauth-")) {
      return error(
          401,
          "UNAUTHENTICATED",
          "Auth error from APNS or Web Push Service",
          "THIRD_PARTY_AUTH_ERROR");
    }
    return null;
  }

  private static Answer withRetryAfter(Answer answer, String seconds) {
    return new Answer(answer.status(), answer.body(), seconds, answer.errorCode());
  }

  /** A Google API error body, with an FcmError detail when {@code fcmErrorCode} is set. */
  private static Answer error(int status, String grpcStatus, String message, String fcmErrorCode) {
    JsonObject error =
        new JsonObject().put("code", status).put("message", message).put("status", grpcStatus);
    if (fcmErrorCode != null) {
      error.put(
          "details",
          new JsonArray()
              .add(new JsonObject().put("@type", FCM_ERROR_TYPE).put("errorCode", fcmErrorCode)));
    }
    return new Answer(
        status,
        new JsonObject().put("error", error),
        null,
        fcmErrorCode != null ? fcmErrorCode : grpcStatus);
  }

  private static Map<String, String> strings(JsonObject object) {
    Map<String, String> values = new LinkedHashMap<>();
    object.forEach(
        e -> values.put(e.getKey(), e.getValue() == null ? null : e.getValue().toString()));
    return values;
  }

  // --- control endpoints -------------------------------------------------------------------------

  private void control(HttpServerRequest request) {
    HttpServerResponse response =
        request.response().putHeader("Content-Type", "application/json; charset=UTF-8");
    String path = request.path();
    if (request.method() == HttpMethod.GET && path.equals("/fake/stats")) {
      response.end(stats().encodePrettily());
    } else if (request.method() == HttpMethod.GET && path.equals("/fake/requests")) {
      String token = request.getParam("token");
      int limit = intParam(request, "limit", Integer.MAX_VALUE);
      JsonArray list = new JsonArray();
      requests.stream()
          .filter(r -> token == null || token.equals(r.token()))
          .limit(limit)
          .forEach(r -> list.add(r.toJson()));
      response.end(list.encode());
    } else if (request.method() == HttpMethod.POST && path.equals("/fake/reset")) {
      reset();
      response.setStatusCode(204).end();
    } else if (request.method() == HttpMethod.POST && path.equals("/fake/latency")) {
      latency(Duration.ofMillis(intParam(request, "ms", 0)));
      response.end(new JsonObject().put("latencyMs", latencyMillis).encode());
    } else {
      response.setStatusCode(404).end(new JsonObject().put("error", "unknown").encode());
    }
  }

  private static int intParam(HttpServerRequest request, String name, int fallback) {
    String value = request.getParam(name);
    try {
      return value == null ? fallback : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** The numbers {@code GET /fake/stats} shows. */
  public JsonObject stats() {
    int maxPerToken = 0;
    long tokensRetried = 0;
    for (AtomicInteger count : attempts.values()) {
      maxPerToken = Math.max(maxPerToken, count.get());
      if (count.get() > 1) {
        tokensRetried++;
      }
    }
    long delivered = successes.values().stream().mapToLong(AtomicInteger::get).sum();
    long tokensDeliveredTwice = successes.values().stream().filter(c -> c.get() > 1).count();
    Map<String, Object> statuses = new TreeMap<>();
    byStatus.forEach((status, count) -> statuses.put(Integer.toString(status), count.get()));
    Map<String, Object> versions = new TreeMap<>();
    byVersion.forEach((version, count) -> versions.put(version, count.get()));
    return new JsonObject()
        .put("totalRequests", total.get())
        .put("byStatus", new JsonObject(statuses))
        .put("byHttpVersion", new JsonObject(versions))
        .put("delivered", delivered)
        .put("distinctTokens", attempts.size())
        .put("maxRequestsPerToken", maxPerToken)
        .put("tokensWithSeveralRequests", tokensRetried)
        .put("tokensDeliveredMoreThanOnce", tokensDeliveredTwice)
        .put("maxConcurrent", maxConcurrent.get())
        .put("inFlight", inFlight.get())
        .put("latencyMs", latencyMillis)
        .put("recording", recording);
  }

  private static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof BindException bind) {
        throw new UncheckedIOException(bind);
      }
      if (cause != null && String.valueOf(cause.getMessage()).contains("in use")) {
        BindException bind = new BindException(cause.getMessage());
        bind.initCause(cause);
        throw new UncheckedIOException(bind);
      }
      throw new IllegalStateException("FakeFcm did not start: " + cause, cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException("FakeFcm did not start in time", e);
    }
  }

  /**
   * Runs a fake until the process is stopped: {@code FakeFcm [port [latency-ms [norecord]]]}
   * (defaults 18766 and 0). Binds all interfaces so that an app in a container can reach it.
   */
  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 18766;
    long latency = args.length > 1 ? Long.parseLong(args[1]) : 0;
    boolean record = args.length <= 2 || !"norecord".equals(args[2]);
    FakeFcm fake =
        start("0.0.0.0", port).latency(Duration.ofMillis(latency)).recordRequests(record);
    Runtime.getRuntime().addShutdownHook(new Thread(fake::close, "fake-fcm-shutdown"));
    System.out.printf(
        "FakeFcm listening on port %d (latency %d ms, recording %s); GET /fake/stats%n",
        fake.port(), latency, record);
  }

  /** For listings like {@code sentTo} over many tokens. */
  public Map<String, Integer> attemptsByToken() {
    Map<String, Integer> copy = new TreeMap<>();
    attempts.forEach((token, count) -> copy.put(token, count.get()));
    return copy;
  }

  /** The requests answered with the given status. */
  public List<Request> requestsWithStatus(int status) {
    List<Request> matching = new ArrayList<>();
    for (Request request : requests) {
      if (request.status() == status) {
        matching.add(request);
      }
    }
    return matching;
  }
}
