package cn.futian.jufu.campaigns;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Blocking gates that keep campaign sends under a rate: the FCM project's quota (one window per
 * second, shared by every instance through Redis) and a campaign's own throttle (per minute).
 * Called on worker threads only. When Redis fails, each instance counts for itself: the limits then
 * hold per instance, which the operator sizes for (docs/adr/0010).
 */
@ApplicationScoped
public class PushQuota {

  private static final Logger LOG = Logger.getLogger(PushQuota.class);

  /**
   * Long enough for a cold connection or a GC pause on a busy machine: these gates run on worker
   * threads, where waiting is cheap, and falling back too early splits one shared throttle into one
   * per instance (a CI run once sent a 900-a-minute campaign's 1,000 pushes in one minute so).
   * Redis that is down refuses at once; only a black hole costs this much per try.
   */
  private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(1);

  /** KEYS[1] counter, ARGV[1] permits, ARGV[2] limit, ARGV[3] window ms: 1 if granted. */
  static final String SCRIPT =
      "local c = redis.call('INCRBY', KEYS[1], ARGV[1]) "
          + "if c == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end "
          + "if c > tonumber(ARGV[2]) then redis.call('DECRBY', KEYS[1], ARGV[1]) return 0 end "
          + "return 1";

  private final ReactiveRedisDataSource redis;
  private final ConcurrentHashMap<String, AtomicLong> local = new ConcurrentHashMap<>();
  private volatile long redisSkipUntil;

  PushQuota(ReactiveRedisDataSource redis) {
    this.redis = redis;
  }

  /**
   * Waits until {@code permits} fit into the current window of {@code window} for {@code name}
   * ({@code limit} per window), then takes them. {@code permits} must not exceed {@code limit}.
   */
  public void acquire(String name, int permits, long limit, Duration window) {
    if (permits <= 0) {
      return;
    }
    if (permits > limit) {
      throw new IllegalArgumentException("permits " + permits + " > limit " + limit);
    }
    long windowMs = window.toMillis();
    while (true) {
      long now = System.currentTimeMillis();
      long slot = now / windowMs;
      String key = "fulian:quota:" + name + ":" + slot;
      if (take(key, permits, limit, windowMs)) {
        return;
      }
      sleep((slot + 1) * windowMs - now + 1);
    }
  }

  private boolean take(String key, int permits, long limit, long windowMs) {
    if (System.currentTimeMillis() >= redisSkipUntil) {
      try {
        var answer =
            redis
                .execute(
                    "EVAL",
                    SCRIPT,
                    "1",
                    key,
                    Integer.toString(permits),
                    Long.toString(limit),
                    Long.toString(windowMs * 2))
                .await()
                .atMost(REDIS_TIMEOUT);
        return answer != null && answer.toLong() == 1L;
      } catch (RuntimeException e) {
        redisSkipUntil = System.currentTimeMillis() + 5_000;
        LOG.warnf("Redis unavailable for push quotas (%s); counting locally", e.toString());
      }
    }
    AtomicLong counter = local.computeIfAbsent(key, k -> new AtomicLong());
    if (local.size() > 1_000) {
      local.keySet().removeIf(k -> !k.equals(key));
    }
    long after = counter.addAndGet(permits);
    if (after > limit) {
      counter.addAndGet(-permits);
      return false;
    }
    return true;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(Math.max(1, ms));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for push quota", e);
    }
  }
}
