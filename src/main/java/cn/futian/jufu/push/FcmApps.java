package cn.futian.jufu.push;

import com.google.api.client.http.HttpTransport;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import com.google.firebase.ThreadManager;
import com.google.firebase.internal.ApacheHttp2Transport;
import com.google.firebase.messaging.FirebaseMessaging;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.routing.HttpRoutePlanner;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.ssl.SSLContexts;
import org.apache.hc.core5.util.Timeout;

/**
 * Builds the {@link FirebaseApp} behind {@link FcmChannel}, sized for bulk sends, through the SDK's
 * supported options only ({@code FirebaseOptions}: credentials, HTTP transport, thread manager):
 *
 * <ul>
 *   <li>{@code sendEach} runs each message as one blocking task on the app's executor, so a fixed
 *       pool of {@code max-in-flight} threads ({@code fcm-send-*}) bounds the requests in flight
 *       across all callers;
 *   <li>the SDK's Apache HTTP/2 transport gets a connection pool of the same size;
 *   <li>with {@code fulian.push.fcm.endpoint} set, the HTTP client routes every request to that
 *       host (a route planner, the client's own extension point) and the requests carry a static
 *       fake access token: tests and benchmarks run the real SDK (request building, retries, error
 *       parsing) against a local fake FCM.
 * </ul>
 */
final class FcmApps {

  private static final AtomicInteger APP_SEQUENCE = new AtomicInteger();

  private FcmApps() {}

  /** A running app, its messaging client and the transport to shut down with it. */
  record Fcm(FirebaseApp app, FirebaseMessaging messaging, HttpTransport transport) {}

  /**
   * A new named app for {@code config}.
   *
   * @throws IllegalStateException when credentials cannot be loaded or the SDK refuses the options
   */
  static Fcm create(FcmConfig config, int maxInFlight) {
    int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, config.requestTimeout().toMillis());
    GoogleCredentials credentials = credentials(config);
    HttpAsyncClientBuilder client = httpClient(maxInFlight, timeoutMillis);
    config
        .endpoint()
        .map(FcmApps::endpointHost)
        .map(FixedRoute::new)
        .ifPresent(client::setRoutePlanner);
    HttpTransport http = new ApacheHttp2Transport(client.build());
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
      FirebaseApp app =
          FirebaseApp.initializeApp(options.build(), "jufu-fcm-" + APP_SEQUENCE.incrementAndGet());
      return new Fcm(app, FirebaseMessaging.getInstance(app), http);
    } catch (RuntimeException e) {
      try {
        http.shutdown();
      } catch (IOException ignored) {
        // already failing
      }
      throw new IllegalStateException("FCM cannot be set up: " + e.getMessage(), e);
    }
  }

  private static GoogleCredentials credentials(FcmConfig config) {
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
  private static HttpAsyncClientBuilder httpClient(int maxInFlight, int timeoutMillis) {
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
    return ApacheHttp2Transport.defaultHttpAsyncClientBuilder().setConnectionManager(connections);
  }

  /** {@code http://127.0.0.1:18766} as a host; a path in the endpoint is refused, not ignored. */
  static HttpHost endpointHost(String endpoint) {
    URI uri = URI.create(endpoint.trim());
    if (uri.getHost() == null
        || !(uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/"))) {
      throw new IllegalStateException(
          "fulian.push.fcm.endpoint must be scheme://host[:port], without a path: " + endpoint);
    }
    return new HttpHost(uri.getScheme(), uri.getHost(), uri.getPort());
  }

  /** Every request goes straight to one host, whatever host its URL names. */
  private record FixedRoute(HttpHost host) implements HttpRoutePlanner {
    @Override
    public HttpRoute determineRoute(HttpHost target, HttpContext context) {
      return new HttpRoute(host);
    }
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
}
