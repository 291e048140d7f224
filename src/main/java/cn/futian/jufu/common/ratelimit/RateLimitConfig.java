package cn.futian.jufu.common.ratelimit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Rate limits by name ({@code fulian.rate-limits.*}); see {@link RateLimiter}. Every limit the code
 * uses is declared in {@code application.properties}.
 */
@ConfigMapping(prefix = "fulian.rate-limits")
public interface RateLimitConfig {

  /** Off switch for all limits. */
  @WithDefault("true")
  boolean enabled();

  /** The limits by name: at most {@code requests} per {@code window}. */
  Map<String, Limit> limits();

  /** How long one Redis call may take before the local limiter answers instead. */
  @WithDefault("250ms")
  Duration redisTimeout();

  /** After a Redis failure, how long to use the local limiter without trying Redis. */
  @WithDefault("5s")
  Duration redisSkip();

  /** Cap on the number of windows the local limiter keeps in memory. */
  @WithDefault("100000")
  int localMaxEntries();

  /** One limit: at most {@code requests} per {@code window}. */
  interface Limit {
    Optional<Integer> requests();

    Optional<Duration> window();
  }
}
