package cn.futian.jufu.push;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.LowLevelHttpRequest;
import com.google.api.core.ApiFuture;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.firebase.ErrorCode;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import com.google.firebase.IncomingHttpResponse;
import com.google.firebase.ThreadManager;
import com.google.firebase.internal.ApacheHttp2Transport;
import com.google.firebase.messaging.AndroidConfig;
import com.google.firebase.messaging.ApnsConfig;
import com.google.firebase.messaging.Aps;
import com.google.firebase.messaging.BatchResponse;
import com.google.firebase.messaging.FirebaseMessaging;
import com.google.firebase.messaging.FirebaseMessagingException;
import com.google.firebase.messaging.Message;
import com.google.firebase.messaging.MessagingErrorCode;
import com.google.firebase.messaging.Notification;
import com.google.firebase.messaging.SendResponse;
import com.google.firebase.messaging.WebpushConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.ssl.SSLContexts;
import org.apache.hc.core5.util.Timeout;
import org.jboss.logging.Logger;

/**
 * Push over Firebase Cloud Messaging (HTTP v1) with the Firebase Admin SDK.
 *
 * <p>The channel owns a named {@link FirebaseApp}, built on first use, whose SDK machinery is sized
 * for bulk sends: {@code sendEach} runs each message as one blocking task on the app's executor, so
 * a fixed pool of {@code max-in-flight} threads ({@code fcm-send-*}) bounds the requests in flight
 * across all callers, and the Apache HTTP/2 transport gets a connection pool at least that large.
 * At 40 ms per FCM request, 500 in flight allow about 12,000 messages a second.
 *
 * <p>With {@code fulian.push.fcm.endpoint} set, every {@code https://fcm.googleapis.com} URL is
 * rewritten to that endpoint and requests carry a static fake access token, so tests and benchmarks
 * run the real SDK (request building, retries, error parsing) against a local fake.
 */
@ApplicationScoped
public class FcmChannel implements PushChannel {

  private static final Logger LOG = Logger.getLogger(FcmChannel.class);

  /** The FCM host the SDK has hard-coded. */
  static final String FCM_BASE_URL = "https://fcm.googleapis.com";

  /** The SDK refuses larger lists in one {@code sendEach}. */
  static final int SDK_BATCH_LIMIT = 500;

  /** FCM asks for at least a minute of back-off after QUOTA_EXCEEDED. */
  static final Duration MIN_QUOTA_BACKOFF = Duration.ofSeconds(60);

  /** FCM keeps messages for at most four weeks. */
  static final Duration MAX_TTL = Duration.ofDays(28);

  static final int APNS_COLLAPSE_ID_MAX_BYTES = 64;
  static final int WEBPUSH_TOPIC_MAX_CHARS = 32;

  private static final Pattern WEBPUSH_TOPIC = Pattern.compile("[A-Za-z0-9_-]{1,32}");
  private static final Pattern INVALID_TOKEN_MESSAGE =
      Pattern.compile("registration token.*(not a valid|invalid)|invalid registration token");
  private static final Duration CONFIG_ERROR_LOG_INTERVAL = Duration.ofMinutes(1);
  private static final AtomicInteger APP_SEQUENCE = new AtomicInteger();

  private final FcmConfig config;
  private final Object lock = new Object();
  private final AtomicLong lastConfigErrorLog = new AtomicLong(Long.MIN_VALUE);

  private volatile FirebaseMessaging messaging;
  private FirebaseApp app;
  private HttpTransport transport;
  private boolean closed;

  @Inject
  FcmChannel(FcmConfig config) {
    this.config = config;
  }

  @Override
  public String name() {
    return "FCM";
  }

  @Override
  public boolean enabled() {
    return config.enabled();
  }

  /**
   * Sends each message once (the SDK itself retries a 503 up to four times, honouring Retry-After);
   * returns one outcome per message, in order.
   *
   * @throws IllegalStateException when the channel is not enabled or Firebase cannot be set up
   *     (credentials missing or unreadable)
   */
  @Override
  public List<PushOutcome> send(List<PushMessage> messages) {
    return dispatch(messages, false);
  }

  /**
   * Like {@link #send} but with FCM's {@code validate_only}: FCM checks each message and token and
   * delivers nothing. For campaign dry runs.
   */
  @Override
  public List<PushOutcome> validate(List<PushMessage> messages) {
    return dispatch(messages, true);
  }

  @Override
  public boolean canValidate() {
    return true;
  }

  /** Sets Firebase up at startup so that a configuration problem shows in the log at once. */
  void onStart(@Observes StartupEvent event) {
    if (!config.enabled()) {
      LOG.debug("FCM push is disabled (fulian.push.fcm.enabled=false)");
      return;
    }
    try {
      messaging();
    } catch (RuntimeException e) {
      LOG.errorf(e, "FCM push is enabled but cannot be set up; sends will fail until fixed");
    }
  }

  /** Deletes the Firebase app and closes the HTTP client; further sends fail. */
  @PreDestroy
  public void close() {
    synchronized (lock) {
      closed = true;
      messaging = null;
      if (app != null) {
        app.delete(); // releases the executor through the ThreadManager
        app = null;
      }
      if (transport != null) {
        try {
          transport.shutdown();
        } catch (IOException e) {
          LOG.debugf(e, "Closing the FCM HTTP client failed");
        }
        transport = null;
      }
    }
  }

  // --- sending -----------------------------------------------------------------------------------

  private List<PushOutcome> dispatch(List<PushMessage> messages, boolean dryRun) {
    if (!config.enabled()) {
      throw new IllegalStateException("FCM push is not enabled (fulian.push.fcm.enabled)");
    }
    if (messages.isEmpty()) {
      return List.of();
    }
    FirebaseMessaging fcm = messaging();
    PushOutcome[] outcomes = new PushOutcome[messages.size()];
    List<Message> prepared = new ArrayList<>(messages.size());
    int[] positions = new int[messages.size()];
    Instant now = Instant.now();
    for (int i = 0; i < messages.size(); i++) {
      PushMessage message = messages.get(i);
      if (message.target() == null || message.target().isBlank()) {
        outcomes[i] = PushOutcome.gone(MessagingErrorCode.INVALID_ARGUMENT.name());
        continue;
      }
      try {
        positions[prepared.size()] = i;
        prepared.add(toFcmMessage(message, now));
      } catch (IllegalArgumentException | NullPointerException e) {
        // The SDK checks a message when it is built: nothing FCM would accept either.
        LOG.debugf("FCM message for %s not built: %s", tokenPrefix(message.target()), e);
        outcomes[i] = PushOutcome.rejected(MessagingErrorCode.INVALID_ARGUMENT.name());
      }
    }

    // Each sendEachAsync queues one task per message on the bounded executor; a few chunks are
    // kept outstanding so that the executor never runs dry between chunks, without queueing the
    // whole list at once.
    int chunkSize = Math.min(SDK_BATCH_LIMIT, maxInFlight());
    int window = Math.max(2, (maxInFlight() + chunkSize - 1) / chunkSize + 1);
    Deque<Chunk> pending = new ArrayDeque<>();
    boolean interrupted = false;
    for (int start = 0; start < prepared.size() && !interrupted; start += chunkSize) {
      if (pending.size() >= window) {
        interrupted = !collect(pending.removeFirst(), messages, positions, outcomes);
      }
      if (!interrupted) {
        List<Message> part = prepared.subList(start, Math.min(start + chunkSize, prepared.size()));
        pending.addLast(new Chunk(start, part.size(), fcm.sendEachAsync(part, dryRun)));
      }
    }
    while (!pending.isEmpty() && !interrupted) {
      interrupted = !collect(pending.removeFirst(), messages, positions, outcomes);
    }
    if (interrupted) {
      for (Chunk chunk : pending) {
        chunk.future().cancel(false);
      }
      Thread.currentThread().interrupt();
    }
    for (int i = 0; i < outcomes.length; i++) {
      if (outcomes[i] == null) { // not sent, or unknown after an interrupt
        outcomes[i] = PushOutcome.retry(ErrorCode.CANCELLED.name(), null);
      }
    }
    return Arrays.asList(outcomes);
  }

  /** Waits for one chunk and maps its responses; false when the thread was interrupted. */
  private boolean collect(
      Chunk chunk, List<PushMessage> messages, int[] positions, PushOutcome[] outcomes) {
    List<SendResponse> responses;
    try {
      BatchResponse batch = chunk.future().get();
      responses = batch.getResponses();
    } catch (InterruptedException e) {
      chunk.future().cancel(false);
      return false;
    } catch (ExecutionException e) {
      // Only an unexpected error inside the SDK gets here; per-message FCM errors do not.
      LOG.warnf(
          e.getCause(), "FCM sendEach failed for %d messages; they will be retried", chunk.size());
      for (int j = 0; j < chunk.size(); j++) {
        outcomes[positions[chunk.start() + j]] = PushOutcome.retry(ErrorCode.UNKNOWN.name(), null);
      }
      return true;
    }
    for (int j = 0; j < chunk.size(); j++) {
      int position = positions[chunk.start() + j];
      SendResponse response = responses.get(j);
      outcomes[position] =
          response.isSuccessful()
              ? PushOutcome.sent()
              : outcomeOf(response.getException(), messages.get(position).target());
    }
    return true;
  }

  private record Chunk(int start, int size, ApiFuture<BatchResponse> future) {}

  // --- messages ----------------------------------------------------------------------------------

  @SuppressWarnings("deprecation") // setToken: FCM registration tokens are what the apps register
  private Message toFcmMessage(PushMessage message, Instant now) {
    Duration ttl = ttlOf(message);
    String collapseKey = message.collapseKey();
    boolean hasCollapseKey = collapseKey != null && !collapseKey.isBlank();

    Map<String, String> data = new LinkedHashMap<>();
    if (message.data() != null) {
      message
          .data()
          .forEach(
              (k, v) -> {
                if (k != null && v != null) {
                  data.put(k, v);
                }
              });
    }
    if (message.link() != null && !message.link().isBlank()) {
      data.put("link", message.link());
    }

    AndroidConfig.Builder android =
        AndroidConfig.builder()
            .setPriority(
                message.urgent() ? AndroidConfig.Priority.HIGH : AndroidConfig.Priority.NORMAL)
            .setTtl(ttl.toMillis());
    ApnsConfig.Builder apns =
        ApnsConfig.builder()
            .setAps(Aps.builder().build())
            .putHeader("apns-priority", message.urgent() ? "10" : "5")
            .putHeader("apns-expiration", Long.toString(now.plus(ttl).getEpochSecond()));
    WebpushConfig.Builder webpush =
        WebpushConfig.builder()
            .putHeader("Urgency", message.urgent() ? "high" : "normal")
            .putHeader("TTL", Long.toString(ttl.toSeconds()));
    if (hasCollapseKey) {
      android.setCollapseKey(collapseKey);
      apns.putHeader("apns-collapse-id", apnsCollapseId(collapseKey));
      webpush.putHeader("Topic", webpushTopic(collapseKey));
    }

    Message.Builder builder =
        Message.builder()
            .setToken(message.target())
            .putAllData(data)
            .setAndroidConfig(android.build())
            .setApnsConfig(apns.build())
            .setWebpushConfig(webpush.build());
    if (message.title() != null || message.body() != null) {
      builder.setNotification(
          Notification.builder().setTitle(message.title()).setBody(message.body()).build());
    }
    return builder.build();
  }

  private Duration ttlOf(PushMessage message) {
    Duration ttl = message.ttl() != null ? message.ttl() : config.ttl();
    if (ttl.isNegative()) {
      return Duration.ZERO;
    }
    return ttl.compareTo(MAX_TTL) > 0 ? MAX_TTL : ttl;
  }

  /** The collapse key itself when it fits APNs' 64 bytes, else a stable hash of it. */
  static String apnsCollapseId(String collapseKey) {
    if (collapseKey.getBytes(StandardCharsets.UTF_8).length <= APNS_COLLAPSE_ID_MAX_BYTES) {
      return collapseKey;
    }
    return hash(collapseKey);
  }

  /**
   * Web Push's Topic header allows at most 32 characters of the URL-safe base64 alphabet: the
   * collapse key itself when it qualifies, else the first 32 characters of a hash of it.
   */
  static String webpushTopic(String collapseKey) {
    if (WEBPUSH_TOPIC.matcher(collapseKey).matches()) {
      return collapseKey;
    }
    return hash(collapseKey).substring(0, WEBPUSH_TOPIC_MAX_CHARS);
  }

  private static String hash(String value) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest); // 43 characters
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // --- outcomes ----------------------------------------------------------------------------------

  private PushOutcome outcomeOf(FirebaseMessagingException e, String token) {
    PushOutcome outcome = classify(e);
    if (LOG.isDebugEnabled()) {
      IncomingHttpResponse response = e.getHttpResponse();
      LOG.debugf(
          "FCM %s for %s -> %s (HTTP %s): %s",
          outcome.errorCode(),
          tokenPrefix(token),
          outcome.result(),
          response == null ? "-" : Integer.toString(response.getStatusCode()),
          e.getMessage());
    }
    return outcome;
  }

  private PushOutcome classify(FirebaseMessagingException e) {
    MessagingErrorCode fcmCode = e.getMessagingErrorCode();
    if (fcmCode != null) {
      switch (fcmCode) {
        case UNREGISTERED:
        case SENDER_ID_MISMATCH:
          return PushOutcome.gone(fcmCode.name());
        case INVALID_ARGUMENT:
          return invalidArgument(e);
        case QUOTA_EXCEEDED:
          return PushOutcome.retry(fcmCode.name(), atLeast(retryAfter(e), MIN_QUOTA_BACKOFF));
        case UNAVAILABLE:
        case INTERNAL:
          return PushOutcome.retry(fcmCode.name(), retryAfter(e));
        case THIRD_PARTY_AUTH_ERROR:
          configurationProblem(e);
          return PushOutcome.rejected(fcmCode.name());
        default:
          break; // a code newer than this class: decide by the platform code below
      }
    }
    ErrorCode code = e.getErrorCode() == null ? ErrorCode.UNKNOWN : e.getErrorCode();
    IncomingHttpResponse response = e.getHttpResponse();
    switch (code) {
      case INVALID_ARGUMENT:
        return invalidArgument(e);
      case RESOURCE_EXHAUSTED:
        return PushOutcome.retry(code.name(), atLeast(retryAfter(e), MIN_QUOTA_BACKOFF));
      case UNAVAILABLE:
      case INTERNAL:
      case DEADLINE_EXCEEDED:
      case ABORTED:
        return PushOutcome.retry(code.name(), retryAfter(e));
      case UNAUTHENTICATED:
      case PERMISSION_DENIED:
      case NOT_FOUND: // a 404 without FCM's UNREGISTERED: wrong project or URL, not a bad token
        configurationProblem(e);
        return PushOutcome.rejected(code.name());
      default:
        // No response at all is a network problem; a 5xx is the server's; other 4xx are ours.
        if (response == null || response.getStatusCode() >= 500) {
          return PushOutcome.retry(code.name(), retryAfter(e));
        }
        return PushOutcome.rejected(code.name());
    }
  }

  /** A malformed token is gone for good; any other invalid argument is this message's fault. */
  private static PushOutcome invalidArgument(FirebaseMessagingException e) {
    String text = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
    String code = MessagingErrorCode.INVALID_ARGUMENT.name();
    return INVALID_TOKEN_MESSAGE.matcher(text).find()
        ? PushOutcome.gone(code)
        : PushOutcome.rejected(code);
  }

  private void configurationProblem(FirebaseMessagingException e) {
    long now = System.nanoTime();
    long last = lastConfigErrorLog.get();
    if ((last == Long.MIN_VALUE || now - last >= CONFIG_ERROR_LOG_INTERVAL.toNanos())
        && lastConfigErrorLog.compareAndSet(last, now)) {
      LOG.errorf(
          "FCM refused a message for a configuration problem (credentials, project or APNs/Web"
              + " Push keys): %s %s: %s",
          e.getMessagingErrorCode() != null ? e.getMessagingErrorCode() : e.getErrorCode(),
          e.getHttpResponse() == null ? "" : "HTTP " + e.getHttpResponse().getStatusCode(),
          e.getMessage());
    }
  }

  private static Duration atLeast(Duration value, Duration minimum) {
    return value == null || value.compareTo(minimum) < 0 ? minimum : value;
  }

  /** The Retry-After header of the FCM response (seconds or an HTTP date), or null. */
  static Duration retryAfter(FirebaseMessagingException e) {
    IncomingHttpResponse response = e.getHttpResponse();
    if (response == null || response.getHeaders() == null) {
      return null;
    }
    Object value = null;
    for (Map.Entry<String, Object> header : response.getHeaders().entrySet()) {
      if ("retry-after".equalsIgnoreCase(header.getKey())) {
        value = header.getValue();
        break;
      }
    }
    if (value instanceof Collection<?> values) {
      value = values.isEmpty() ? null : values.iterator().next();
    }
    return value == null ? null : parseRetryAfter(value.toString().trim());
  }

  static Duration parseRetryAfter(String value) {
    if (value.isEmpty()) {
      return null;
    }
    try {
      long seconds = Long.parseLong(value);
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(Instant.now(), at);
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }

  /** At most the first 8 characters of a token, for logs. */
  static String tokenPrefix(String token) {
    if (token == null) {
      return "<none>";
    }
    return (token.length() <= 8 ? token : token.substring(0, 8)) + "…";
  }

  // --- Firebase setup ----------------------------------------------------------------------------

  private int maxInFlight() {
    return Math.max(1, config.maxInFlight());
  }

  private FirebaseMessaging messaging() {
    FirebaseMessaging current = messaging;
    if (current != null) {
      return current;
    }
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("The FCM channel is closed");
      }
      if (messaging == null) {
        messaging = initialise();
      }
      return messaging;
    }
  }

  private FirebaseMessaging initialise() {
    int maxInFlight = maxInFlight();
    int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, config.requestTimeout().toMillis());
    GoogleCredentials credentials = credentials();
    HttpTransport http = new ApacheHttp2Transport(newHttpClient(maxInFlight, timeoutMillis));
    if (config.endpoint().isPresent()) {
      http = new EndpointTransport(http, config.endpoint().get());
    }
    FirebaseOptions.Builder options =
        FirebaseOptions.builder()
            .setCredentials(credentials)
            .setHttpTransport(http)
            .setThreadManager(new SendThreads(maxInFlight))
            .setConnectTimeout(timeoutMillis)
            .setReadTimeout(timeoutMillis)
            // No write timeout: the SDK's request waits for the whole write before it looks at
            // the response, so a refused connection would only show after the write timeout.
            // The connect timeout and the response timeout bound every request anyway.
            .setWriteTimeout(0);
    config.projectId().filter(id -> !id.isBlank()).ifPresent(options::setProjectId);
    try {
      FirebaseApp created =
          FirebaseApp.initializeApp(options.build(), "jufu-fcm-" + APP_SEQUENCE.incrementAndGet());
      FirebaseMessaging result = FirebaseMessaging.getInstance(created);
      app = created;
      transport = http;
      LOG.infof(
          "FCM push ready: project %s, %d requests in flight at most%s",
          config.projectId().orElse("(from credentials)"),
          maxInFlight,
          config.endpoint().map(url -> ", endpoint " + url).orElse(""));
      return result;
    } catch (RuntimeException e) {
      try {
        http.shutdown();
      } catch (IOException ignored) {
        // already failing
      }
      throw new IllegalStateException("FCM cannot be set up: " + e.getMessage(), e);
    }
  }

  private GoogleCredentials credentials() {
    if (config.endpoint().isPresent()) {
      // A fake FCM: no Google OAuth server to ask, a token that never expires will do.
      return new StaticTokenCredentials();
    }
    try {
      if (config.credentialsFile().isPresent()) {
        try (InputStream in = Files.newInputStream(Path.of(config.credentialsFile().get()))) {
          return ServiceAccountCredentials.fromStream(in);
        }
      }
      return GoogleCredentials.getApplicationDefault();
    } catch (IOException e) {
      throw new IllegalStateException(
          "FCM credentials cannot be loaded ("
              + config.credentialsFile().map(f -> "file " + f).orElse("application default")
              + "): "
              + e.getMessage(),
          e);
    }
  }

  /**
   * The SDK's own async client settings (HTTP/2 where TLS/ALPN offers it, as at FCM; HTTP/1.1 to a
   * plain-http fake) with a pool of {@code maxInFlight} connections. The Apache client leases a
   * connection to one request at a time even over HTTP/2 (measured against an h2c fake: 500 in
   * flight used 500 connections), so the pool, not the stream limit, must match {@code
   * maxInFlight}; that also keeps clear of FCM's 100 streams per connection.
   */
  private static CloseableHttpAsyncClient newHttpClient(int maxInFlight, int timeoutMillis) {
    PoolingAsyncClientConnectionManager connections =
        PoolingAsyncClientConnectionManagerBuilder.create()
            .setMaxConnTotal(maxInFlight)
            .setMaxConnPerRoute(maxInFlight)
            .setDefaultConnectionConfig(
                // No time-to-live: connections stay open for reuse (a zero TTL would mean a new
                // connection for every request).
                ConnectionConfig.custom()
                    .setConnectTimeout(Timeout.ofMilliseconds(timeoutMillis))
                    .build())
            .setDefaultTlsConfig(
                TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.NEGOTIATE).build())
            .setTlsStrategy(
                ClientTlsStrategyBuilder.create()
                    .setSslContext(SSLContexts.createSystemDefault())
                    .build())
            .build();
    return ApacheHttp2Transport.defaultHttpAsyncClientBuilder()
        .setConnectionManager(connections)
        .build();
  }

  /**
   * A fixed fake access token for a fake FCM. "Refreshing" gives the same token again: the HTTP
   * client refreshes credentials after every 401 (THIRD_PARTY_AUTH_ERROR is one), and credentials
   * that cannot refresh would fail the whole {@code sendEach} chunk.
   */
  static final class StaticTokenCredentials extends GoogleCredentials {

    private static final long serialVersionUID = 1L;
    private static final String TOKEN = "fake-fcm-access-token";

    StaticTokenCredentials() {
      super(new AccessToken(TOKEN, null));
    }

    @Override
    public AccessToken refreshAccessToken() {
      return new AccessToken(TOKEN, null);
    }
  }

  /** One fixed pool per app: its size is the bound on requests in flight. */
  static final class SendThreads extends ThreadManager {

    private final int size;
    private final ThreadFactory threads;

    SendThreads(int size) {
      this.size = size;
      AtomicInteger counter = new AtomicInteger();
      this.threads =
          task -> {
            Thread thread = new Thread(task, "fcm-send-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          };
    }

    @Override
    protected ExecutorService getExecutor(FirebaseApp app) {
      ThreadPoolExecutor executor =
          new ThreadPoolExecutor(
              size, size, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
      executor.allowCoreThreadTimeOut(true); // idle between campaigns: no threads kept
      return executor;
    }

    @Override
    protected void releaseExecutor(FirebaseApp app, ExecutorService executor) {
      executor.shutdownNow();
    }

    @Override
    protected ThreadFactory getThreadFactory() {
      return threads;
    }
  }

  /**
   * Sends what the SDK addresses to {@code https://fcm.googleapis.com} to another base URL, through
   * the delegate transport's own low-level requests. {@link HttpTransport#buildRequest} is
   * protected, so it is called through a method handle; only this test/benchmark path needs it.
   */
  static final class EndpointTransport extends HttpTransport {

    private static final MethodHandle BUILD_REQUEST;

    static {
      try {
        Method method =
            HttpTransport.class.getDeclaredMethod("buildRequest", String.class, String.class);
        method.setAccessible(true);
        BUILD_REQUEST = MethodHandles.lookup().unreflect(method);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private final HttpTransport delegate;
    private final String endpoint;

    EndpointTransport(HttpTransport delegate, String endpoint) {
      this.delegate = delegate;
      this.endpoint =
          endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    }

    @Override
    public boolean supportsMethod(String method) throws IOException {
      return delegate.supportsMethod(method);
    }

    @Override
    protected LowLevelHttpRequest buildRequest(String method, String url) throws IOException {
      String target =
          url.startsWith(FCM_BASE_URL) ? endpoint + url.substring(FCM_BASE_URL.length()) : url;
      try {
        return (LowLevelHttpRequest) BUILD_REQUEST.invoke(delegate, method, target);
      } catch (IOException | RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IOException(e);
      }
    }

    @Override
    public void shutdown() throws IOException {
      delegate.shutdown();
    }
  }
}
