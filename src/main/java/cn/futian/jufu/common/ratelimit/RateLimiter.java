package cn.futian.jufu.common.ratelimit;

import cn.futian.jufu.common.error.TooManyRequests;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Fixed-window rate limits by name and key, e.g. {@code check("signup-member", memberId)} and
 * {@code check("signup-ip", ip)}. The returned {@link Uni} completes when the request is allowed
 * and fails with {@link TooManyRequests} (carrying the seconds until the window ends) when it is
 * over the limit.
 *
 * <p>Counters live in Redis, shared by all instances: one Lua script increments {@code
 * rl:<limit>:<key>}, sets its expiry on the first hit of a window and returns the count and the
 * remaining time, so counting and expiry are atomic.
 *
 * <p>Redis is an accelerator, never the truth (docs/adr/0002, docs/adr/0008). Every Redis call is
 * bounded by {@code fulian.rate-limits.redis-timeout}; when Redis fails or times out, this instance
 * counts in its own memory instead ({@link LocalWindows}, same limits), and skips Redis for {@code
 * fulian.rate-limits.redis-skip} so that an outage costs the timeout once per skip period rather
 * than on every request. The first request after that period tries Redis again: there is no sticky
 * failure. Redis's answers are mirrored in that memory, so a fallback in the middle of a window
 * goes on from the count Redis had reached rather than from zero. The switch to and from the
 * fallback is logged, at most once a minute. A Redis outage thus never fails a request; it can only
 * make the limits per instance.
 *
 * <p>The limits and their figures are in {@code application.properties}, every one declared there
 * by its full name so that an environment variable can change it ({@code
 * FULIAN_RATE_LIMITS_LIMITS_SIGNUP_MEMBER_REQUESTS}); RELIABILITY.md explains each figure.
 *
 * <p>Configuration:
 *
 * <pre>
 * fulian.rate-limits.enabled=true                       # false: every check passes
 * fulian.rate-limits.limits.signup-member.requests=10   # per name: requests ...
 * fulian.rate-limits.limits.signup-member.window=60s    # ... per window
 * fulian.rate-limits.redis-timeout=250ms                # bound on one Redis call
 * fulian.rate-limits.redis-skip=5s                      # no Redis calls this long after a failure
 * fulian.rate-limits.local-max-entries=100000           # cap on in-memory windows
 * </pre>
 *
 * A name used in code must have a limit configured, otherwise the check fails with an {@link
 * IllegalArgumentException}: that is a programming error, not a client's.
 */
@Startup
@ApplicationScoped
public class RateLimiter {

  private static final Logger LOG = Logger.getLogger(RateLimiter.class);

  /**
   * KEYS[1] the counter, ARGV[1] the window in ms. Returns {count, remaining ms}. A key without an
   * expiry (never set by this script, but possible after a failed write) gets one, so a counter can
   * never block a key for good.
   */
  static final String SCRIPT =
      "local c = redis.call('INCR', KEYS[1]) "
          + "if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end "
          + "local t = redis.call('PTTL', KEYS[1]) "
          + "if t < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) t = tonumber(ARGV[1]) end "
          + "return {c, t}";

  private static final long LOG_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

  private final ReactiveRedisDataSource redis;
  private final boolean enabled;
  private final Map<String, Limit> limits;
  private final Duration redisTimeout;
  private final long redisSkipNanos;
  private final LocalWindows local;
  private final LongSupplier nanoClock;

  /** Redis is skipped while {@code nanoClock < skipRedisUntil}. */
  private volatile long skipRedisUntil;

  private final AtomicBoolean onFallback = new AtomicBoolean();
  private final AtomicBoolean outageLogged = new AtomicBoolean();
  private final AtomicLong lastOutageLog = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong redisFailures = new AtomicLong();

  @Inject
  RateLimiter(RateLimitConfig config, ReactiveRedisDataSource redis) {
    this(config, redis, System::nanoTime);
  }

  RateLimiter(RateLimitConfig config, ReactiveRedisDataSource redis, LongSupplier nanoClock) {
    this.redis = redis;
    this.enabled = config.enabled();
    this.limits = resolve(config.limits());
    this.redisTimeout = config.redisTimeout();
    this.redisSkipNanos = config.redisSkip().toNanos();
    this.local = new LocalWindows(config.localMaxEntries(), nanoClock);
    this.nanoClock = nanoClock;
    this.skipRedisUntil = nanoClock.getAsLong();
  }

  /**
   * Counts one request of {@code key} against the limit {@code limit}. Fails with {@link
   * TooManyRequests} when over the limit; never fails because Redis is down.
   */
  public Uni<Void> check(String limit, String key) {
    if (!enabled) {
      return Uni.createFrom().voidItem();
    }
    Limit l = limits.get(limit);
    if (l == null) {
      return Uni.createFrom().failure(new IllegalArgumentException("No rate limit named " + limit));
    }
    String counter = "rl:" + limit + ":" + key;
    long windowMillis = Math.max(1, l.window().toMillis());
    return count(counter, windowMillis)
        .emitOn(backTo(Context.isOnEventLoopThread() ? Vertx.currentContext() : null))
        .chain(
            outcome -> {
              if (outcome.count() <= l.requests()) {
                return Uni.createFrom().voidItem();
              }
              return Uni.createFrom()
                  .failure(new TooManyRequests(retryAfterSeconds(outcome, windowMillis)));
            });
  }

  private Uni<Outcome> count(String counter, long windowMillis) {
    if (nanoClock.getAsLong() - skipRedisUntil < 0) {
      return Uni.createFrom().item(() -> local.hit(counter, windowMillis));
    }
    return redis
        .execute("EVAL", SCRIPT, "1", counter, Long.toString(windowMillis))
        .ifNoItem()
        .after(redisTimeout)
        .fail()
        .map(r -> local.shared(counter, windowMillis, outcome(r)))
        .invoke(this::redisAnswered)
        .onFailure()
        .recoverWithItem(
            e -> {
              redisFailed(e);
              return local.hit(counter, windowMillis);
            });
  }

  private static Outcome outcome(Response r) {
    return new Outcome(r.get(0).toLong(), r.get(1).toLong());
  }

  private void redisAnswered() {
    if (onFallback.compareAndSet(true, false) && outageLogged.compareAndSet(true, false)) {
      LOG.info("Redis answers again: rate limits are shared between instances again");
    }
  }

  private void redisFailed(Throwable e) {
    redisFailures.incrementAndGet();
    // A full connection pool is a burst on this instance, not a Redis outage: answer this check
    // locally, but do not stop asking Redis.
    if (!(e instanceof ConnectionPoolTooBusyException)) {
      skipRedisUntil = nanoClock.getAsLong() + redisSkipNanos;
    }
    if (onFallback.compareAndSet(false, true) && mayLogOutage()) {
      outageLogged.set(true);
      LOG.warnf(
          "Redis failed (%s): rate limits are counted per instance, Redis is retried every %d ms",
          e.toString(), Duration.ofNanos(redisSkipNanos).toMillis());
    } else if (LOG.isDebugEnabled()) {
      LOG.debugf("Redis failed for a rate limit check: %s", e);
    }
  }

  private boolean mayLogOutage() {
    long now = nanoClock.getAsLong();
    long last = lastOutageLog.get();
    return (last == Long.MIN_VALUE || now - last >= LOG_EVERY_NANOS)
        && lastOutageLog.compareAndSet(last, now);
  }

  /**
   * Redis calls that failed or answered too late since the start. A late call may still have
   * counted in Redis what was then counted here too: each one can make a window stricter by one,
   * never looser.
   */
  long redisFailures() {
    return redisFailures.get();
  }

  /** True while checks are counted in memory because Redis failed recently. */
  boolean onFallback() {
    return onFallback.get();
  }

  int localEntries() {
    return local.size();
  }

  private static int retryAfterSeconds(Outcome outcome, long windowMillis) {
    long windowSeconds = Math.max(1, (windowMillis + 999) / 1000);
    long seconds = (outcome.remainingMillis() + 999) / 1000;
    return (int) Math.min(windowSeconds, Math.max(1, seconds));
  }

  /**
   * Results from Redis or from the timeout arrive on other threads; callers on an event loop
   * (Hibernate Reactive sessions) must continue on their own Vert.x context.
   */
  private static Executor backTo(Context context) {
    if (context == null) {
      return Runnable::run;
    }
    return task -> {
      if (Vertx.currentContext() == context) {
        task.run();
      } else {
        context.runOnContext(ignored -> task.run());
      }
    };
  }

  private static Map<String, Limit> resolve(Map<String, RateLimitConfig.Limit> configured) {
    Map<String, Limit> all = new HashMap<>();
    configured.forEach(
        (name, c) -> {
          if (c.requests().isEmpty() || c.window().isEmpty()) {
            throw new IllegalStateException(
                "fulian.rate-limits.limits." + name + " needs both requests and window");
          }
          int requests = c.requests().get();
          Duration window = c.window().get();
          if (requests < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalStateException(
                "fulian.rate-limits.limits." + name + " needs requests >= 1 and a window > 0");
          }
          all.put(name, new Limit(requests, window));
        });
    return Map.copyOf(all);
  }

  /** At most {@code requests} per {@code window}. */
  record Limit(int requests, Duration window) {}

  /** The count in the current window, and the time left in it. */
  record Outcome(long count, long remainingMillis) {}
}
