package cn.futian.jufu.push;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Firebase Cloud Messaging settings ({@code fulian.push.fcm.*}); see {@link FcmChannel}. */
@ConfigMapping(prefix = "fulian.push.fcm")
public interface FcmConfig {

  /** Off by default: a deployment without Firebase credentials simply has no FCM channel. */
  @WithDefault("false")
  boolean enabled();

  /**
   * The Firebase project. Optional with real credentials (a service account names its project,
   * Application Default Credentials may too); required with {@link #endpoint()}.
   */
  Optional<String> projectId();

  /**
   * Path of a service-account JSON key. When absent, Application Default Credentials are used
   * (GOOGLE_APPLICATION_CREDENTIALS, workload identity, ...).
   */
  Optional<String> credentialsFile();

  /**
   * A host such as {@code http://127.0.0.1:18766} (scheme, host, port; no path) that every FCM
   * request is sent to instead of {@code https://fcm.googleapis.com}, for tests and benchmarks
   * against a fake FCM. When set, no Google OAuth server is contacted: requests carry a static fake
   * access token.
   */
  Optional<String> endpoint();

  /** Requests in flight at once, across all callers of the channel. */
  @WithDefault("500")
  int maxInFlight();

  /** How long FCM may hold a message for an offline device when the message names no TTL. */
  @WithDefault("24h")
  Duration ttl();

  /** Connect, write and response timeout of one HTTP request to FCM. */
  @WithDefault("10s")
  Duration requestTimeout();
}
