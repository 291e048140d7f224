package cn.futian.jufu.common.error;

/** Refused by a rate limit; the client may retry after the given number of seconds. */
public class TooManyRequests extends DomainException {

  private final int retryAfterSeconds;

  public TooManyRequests(int retryAfterSeconds) {
    super(ProblemCode.RATE_LIMITED, "rate-limited", retryAfterSeconds);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
