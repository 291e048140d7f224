package cn.futian.jufu.push;

import java.time.Duration;

/**
 * What became of one push.
 *
 * @param result the class of outcome, which decides what the caller does next
 * @param errorCode the provider's code (UNREGISTERED, QUOTA_EXCEEDED, 43101, ...), null when sent
 * @param retryAfter for {@link Result#RETRY}: wait at least this long (null: caller's backoff)
 */
public record PushOutcome(Result result, String errorCode, Duration retryAfter) {

  public enum Result {
    /** Accepted by the provider. */
    SENT,
    /** Temporary failure (503, 500, 429, network): try again later. */
    RETRY,
    /** The target is gone for good (UNREGISTERED, SENDER_ID_MISMATCH, bad token): forget it. */
    TARGET_GONE,
    /** No consent left for this template (WeChat 43101): use another channel, do not retry. */
    NO_CONSENT,
    /** Refused for good for this message (bad payload, bad template): do not retry. */
    REJECTED
  }

  public static PushOutcome sent() {
    return new PushOutcome(Result.SENT, null, null);
  }

  public static PushOutcome retry(String code, Duration after) {
    return new PushOutcome(Result.RETRY, code, after);
  }

  public static PushOutcome gone(String code) {
    return new PushOutcome(Result.TARGET_GONE, code, null);
  }

  public static PushOutcome noConsent(String code) {
    return new PushOutcome(Result.NO_CONSENT, code, null);
  }

  public static PushOutcome rejected(String code) {
    return new PushOutcome(Result.REJECTED, code, null);
  }
}
