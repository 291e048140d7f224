package cn.futian.jufu.push;

import com.google.firebase.ErrorCode;
import com.google.firebase.IncomingHttpResponse;
import com.google.firebase.messaging.FirebaseMessagingException;
import com.google.firebase.messaging.MessagingErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * What an FCM error means for the message: the token is gone (delete it), the message is refused
 * (do not send it again), or try again later (after Retry-After, and at least a minute after a
 * quota error, as FCM asks). Errors that say the service itself is misconfigured (credentials,
 * project, APNs or Web Push keys) are logged as errors, at most once a minute.
 */
final class FcmErrors {

  private static final Logger LOG = Logger.getLogger(FcmErrors.class);

  /** FCM asks for at least a minute of back-off after QUOTA_EXCEEDED. */
  static final Duration MIN_QUOTA_BACKOFF = Duration.ofSeconds(60);

  private static final Pattern INVALID_TOKEN_MESSAGE =
      Pattern.compile("registration token.*(not a valid|invalid)|invalid registration token");
  private static final Duration CONFIG_ERROR_LOG_INTERVAL = Duration.ofMinutes(1);

  private final AtomicLong lastConfigErrorLog = new AtomicLong(Long.MIN_VALUE);

  /** The outcome of one message that FCM (or the SDK on its way there) refused. */
  PushOutcome outcomeOf(FirebaseMessagingException e, String token) {
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
}
