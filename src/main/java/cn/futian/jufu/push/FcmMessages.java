package cn.futian.jufu.push;

import com.google.firebase.messaging.AndroidConfig;
import com.google.firebase.messaging.ApnsConfig;
import com.google.firebase.messaging.Aps;
import com.google.firebase.messaging.Message;
import com.google.firebase.messaging.Notification;
import com.google.firebase.messaging.WebpushConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A {@link PushMessage} as an FCM HTTP v1 message: the same priority, lifetime and collapse key on
 * Android, APNs and Web Push, each in the form that platform accepts.
 */
final class FcmMessages {

  /** FCM keeps messages for at most four weeks. */
  static final Duration MAX_TTL = Duration.ofDays(28);

  static final int APNS_COLLAPSE_ID_MAX_BYTES = 64;
  static final int WEBPUSH_TOPIC_MAX_CHARS = 32;

  private static final Pattern WEBPUSH_TOPIC = Pattern.compile("[A-Za-z0-9_-]{1,32}");

  private FcmMessages() {}

  /**
   * The FCM message for {@code message}, living {@code defaultTtl} unless it names its own.
   *
   * @throws IllegalArgumentException when the SDK refuses to build it (nothing FCM would accept)
   */
  @SuppressWarnings("deprecation") // setToken: FCM registration tokens are what the apps register
  static Message of(PushMessage message, Instant now, Duration defaultTtl) {
    Duration ttl = ttlOf(message, defaultTtl);
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

  private static Duration ttlOf(PushMessage message, Duration defaultTtl) {
    Duration ttl = message.ttl() != null ? message.ttl() : defaultTtl;
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
}
