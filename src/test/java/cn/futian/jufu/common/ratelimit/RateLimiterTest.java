package cn.futian.jufu.common.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import cn.futian.jufu.common.error.TooManyRequests;
import cn.futian.jufu.testing.TcpRelay;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The rate limiter against the real Redis (database 1), and its fallback against Redis clients that
 * cannot answer: one pointed at a closed port, one at a socket that accepts connections and never
 * replies. Keys are random, so runs and other tests sharing the database do not interfere.
 */
@QuarkusTest
@TestProfile(RateLimiterTest.Limits.class)
class RateLimiterTest {

  private static final Duration AT_MOST = Duration.ofSeconds(5);

  /** Test-only limits and two Redis clients that never answer. */
  public static class Limits implements QuarkusTestProfile {

    /** Accepts TCP connections (in the kernel backlog) but never reads or writes. */
    private static final ServerSocket BLACK_HOLE = openBlackHole();

    /** The real Redis behind a relay that a test takes down and brings back. */
    static final TcpRelay REDIS = new TcpRelay(6379);

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.ofEntries(
          Map.entry("fulian.rate-limits.limits.test-tiny.requests", "3"),
          Map.entry("fulian.rate-limits.limits.test-tiny.window", "1s"),
          Map.entry("fulian.rate-limits.limits.test-five.requests", "5"),
          Map.entry("fulian.rate-limits.limits.test-five.window", "60s"),
          Map.entry("fulian.rate-limits.limits.test-burst.requests", "20"),
          Map.entry("fulian.rate-limits.limits.test-burst.window", "60s"),
          Map.entry("fulian.rate-limits.limits.test-local.requests", "3"),
          Map.entry("fulian.rate-limits.limits.test-local.window", "60s"),
          Map.entry("fulian.rate-limits.limits.write-member.requests", "4"),
          // 50 checks in flight at once: more than the default pool (6) and wait queue (24) of
          // the Redis client hold; over those, checks would be counted locally (RateLimiter).
          Map.entry("quarkus.redis.max-pool-waiting", "256"),
          // These tests count exactly against the real Redis: a freshly started instance on a
          // loaded 2-core machine answered 50 parallel checks slower than the production 250 ms
          // once, and the checks over it were counted locally (CI, 2026-12-06). The fallback's
          // own tests below only need the check to return instead of hanging.
          Map.entry("fulian.rate-limits.redis-timeout", "1s"),
          Map.entry("quarkus.redis.dead.hosts", "redis://127.0.0.1:1"),
          Map.entry("quarkus.redis.relayed.hosts", "redis://127.0.0.1:" + REDIS.port() + "/1"),
          Map.entry("quarkus.redis.stuck.hosts", "redis://127.0.0.1:" + BLACK_HOLE.getLocalPort()));
    }

    private static ServerSocket openBlackHole() {
      try {
        return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Inject RateLimiter limiter;
  @Inject RateLimitConfig config;

  @Inject
  @RedisClientName("dead")
  ReactiveRedisDataSource deadRedis;

  @Inject
  @RedisClientName("stuck")
  ReactiveRedisDataSource stuckRedis;

  @Inject
  @RedisClientName("relayed")
  ReactiveRedisDataSource relayedRedis;

  @Test
  void allowsTheLimitThenRefusesWithRetryAfterWithinTheWindow() {
    String key = key();
    for (int i = 0; i < 5; i++) {
      assertThat(attempt(limiter, "test-five", key)).as("request %d", i + 1).isNull();
    }
    TooManyRequests refused = attempt(limiter, "test-five", key);
    assertThat(refused).isNotNull();
    assertThat(refused.retryAfterSeconds()).isBetween(1, 60);
    assertThat(attempt(limiter, "test-five", key)).isNotNull();
    assertThat(limiter.onFallback()).isFalse();
  }

  @Test
  void aLimitOverriddenInAProfileKeepsItsOtherField() {
    // write-member: requests from the profile (4), window from application.properties (60 s).
    String member = key();
    for (int i = 0; i < 4; i++) {
      assertThat(attempt(limiter, "write-member", member)).isNull();
    }
    TooManyRequests refused = attempt(limiter, "write-member", member);
    assertThat(refused).isNotNull();
    assertThat(refused.retryAfterSeconds()).isBetween(1, 60);
    // The same key under another limit is counted separately.
    assertThat(attempt(limiter, "test-five", member)).isNull();
  }

  @Test
  void keysAreIndependent() {
    String a = key();
    String b = key();
    for (int i = 0; i < 5; i++) {
      assertThat(attempt(limiter, "test-five", a)).isNull();
    }
    assertThat(attempt(limiter, "test-five", a)).isNotNull();
    for (int i = 0; i < 5; i++) {
      assertThat(attempt(limiter, "test-five", b)).isNull();
    }
    assertThat(attempt(limiter, "test-five", b)).isNotNull();
  }

  @Test
  void aKeyIsAllowedAgainAfterTheWindow() throws InterruptedException {
    String key = key();
    for (int i = 0; i < 3; i++) {
      assertThat(attempt(limiter, "test-tiny", key)).isNull();
    }
    TooManyRequests refused = attempt(limiter, "test-tiny", key);
    assertThat(refused).isNotNull();
    assertThat(refused.retryAfterSeconds()).isEqualTo(1);
    Thread.sleep(1_200);
    assertThat(attempt(limiter, "test-tiny", key)).isNull();
  }

  @Test
  void parallelChecksOnOneKeyAllowExactlyTheLimit() {
    String key = key();
    List<Uni<Boolean>> checks = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      checks.add(
          limiter
              .check("test-burst", key)
              .replaceWith(true)
              .onFailure(TooManyRequests.class)
              .recoverWithItem(false));
    }
    List<Boolean> results = Uni.join().all(checks).andFailFast().await().atMost(AT_MOST);
    assertThat(results).hasSize(50);
    assertThat(results.stream().filter(allowed -> allowed).count()).isEqualTo(20);
    assertThat(limiter.onFallback()).isFalse();
  }

  @Test
  void anUnknownLimitIsAProgrammingError() {
    Throwable failure =
        limiter
            .check("no-such-limit", key())
            .replaceWith((Throwable) null)
            .onFailure()
            .recoverWithItem(e -> e)
            .await()
            .atMost(AT_MOST);
    assertThat(failure).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withRedisRefusingConnectionsTheLocalLimitApplies() {
    RateLimiter offline = new RateLimiter(config, deadRedis);
    assertFallbackCountsLocally(offline);
  }

  @Test
  void withRedisNeverAnsweringChecksReturnWithinTheTimeout() {
    RateLimiter offline = new RateLimiter(config, stuckRedis);
    long start = System.nanoTime();
    // The first check pays the Redis timeout (1 s here), later ones skip Redis for 5 s.
    assertThat(attempt(offline, "test-local", key())).isNull();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    assertFallbackCountsLocally(offline);
  }

  @Test
  void anOutageInTheMiddleOfAWindowGoesOnFromTheCountReached() {
    AtomicLong clock = new AtomicLong(System.nanoTime());
    RateLimiter limiter = new RateLimiter(config, relayedRedis, clock::get);
    String key = key();
    // test-five: 5 a minute. Two counted by Redis ...
    assertThat(attempt(limiter, "test-five", key)).isNull();
    assertThat(attempt(limiter, "test-five", key)).isNull();
    assertThat(limiter.onFallback()).isFalse();
    Limits.REDIS.down();
    try {
      // ... three more here while Redis is unreachable; the sixth is refused, as with Redis.
      for (int i = 3; i <= 5; i++) {
        assertThat(attempt(limiter, "test-five", key)).as("request %d", i).isNull();
      }
      assertThat(attempt(limiter, "test-five", key)).as("request 6").isNotNull();
      assertThat(limiter.onFallback()).isTrue();
    } finally {
      Limits.REDIS.up();
    }
    // Redis again, after the skip period: it counted two of the six, this instance all of them.
    clock.addAndGet(Duration.ofSeconds(6).toNanos());
    TooManyRequests refused = attempt(limiter, "test-five", key);
    assertThat(limiter.onFallback()).as("Redis answered").isFalse();
    assertThat(refused).as("request 7").isNotNull();
    assertThat(refused.retryAfterSeconds()).isBetween(1, 60);
  }

  @Test
  @RunOnVertxContext
  void aTimedOutCheckContinuesOnTheCallersVertxContext(UniAsserter asserter) {
    RateLimiter offline = new RateLimiter(config, stuckRedis);
    AtomicReference<Context> caller = new AtomicReference<>();
    String key = key();
    asserter.execute(() -> caller.set(Vertx.currentContext()));
    asserter.assertThat(
        () -> offline.check("test-local", key()).map(ignored -> Vertx.currentContext()),
        context -> {
          assertThat(context).isNotNull().isSameAs(caller.get());
          assertThat(Context.isOnEventLoopThread()).isTrue();
        });
    asserter.assertFailedWith(
        () ->
            offline
                .check("test-local", key)
                .chain(() -> offline.check("test-local", key))
                .chain(() -> offline.check("test-local", key))
                .chain(() -> offline.check("test-local", key)),
        TooManyRequests.class);
  }

  /** Three allowed, the fourth refused, every answer fast, nothing but TooManyRequests thrown. */
  private static void assertFallbackCountsLocally(RateLimiter offline) {
    String key = key();
    long start = System.nanoTime();
    for (int i = 0; i < 3; i++) {
      assertThat(attempt(offline, "test-local", key)).as("request %d", i + 1).isNull();
    }
    TooManyRequests refused = attempt(offline, "test-local", key);
    assertThat(refused).isNotNull();
    assertThat(refused.retryAfterSeconds()).isBetween(1, 60);
    assertThat(attempt(offline, "test-local", key())).as("another key").isNull();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(offline.onFallback()).isTrue();
    assertThat(offline.localEntries()).isGreaterThanOrEqualTo(2);
  }

  /**
   * Runs one check from the test thread: null when allowed, the refusal when limited; any other
   * failure (or a hang beyond {@link #AT_MOST}) fails the test.
   */
  private static TooManyRequests attempt(RateLimiter limiter, String limit, String key) {
    return limiter
        .check(limit, key)
        .replaceWith((TooManyRequests) null)
        .onFailure(TooManyRequests.class)
        .recoverWithItem(e -> (TooManyRequests) e)
        .await()
        .atMost(AT_MOST);
  }

  private static String key() {
    return "test-" + UUID.randomUUID();
  }
}
