package cn.futian.jufu.common.ratelimit;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Fixed-window counters in the memory of this instance: the limiter's fallback while Redis is
 * unreachable. Windows start at the first request for a key, like the Redis ones. While Redis
 * answers, every answer is recorded here ({@link #shared}), so that an outage starting in the
 * middle of a window (a Redis call slower than the timeout under a burst is enough) continues from
 * the count reached instead of from zero, and a window counted here during an outage still counts
 * when Redis is back (the larger count wins while both describe the same window). The map is
 * bounded: expired windows are swept at most once a second, and when it is still full the oldest
 * entries in iteration order are dropped (which can only let a dropped key start afresh).
 */
final class LocalWindows {

  private static final long SWEEP_EVERY_NANOS = 1_000_000_000L;

  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
  private final int maxEntries;
  private final LongSupplier nanoClock;
  private final AtomicLong lastSweep;

  LocalWindows(int maxEntries, LongSupplier nanoClock) {
    this.maxEntries = Math.max(1, maxEntries);
    this.nanoClock = nanoClock;
    this.lastSweep = new AtomicLong(nanoClock.getAsLong());
  }

  /** Counts one request and returns the outcome; never blocks. */
  RateLimiter.Outcome hit(String key, long windowMillis) {
    long now = nanoClock.getAsLong();
    long windowNanos = windowMillis * 1_000_000L;
    makeRoomIfDue(now);
    Window w =
        windows.compute(
            key,
            (k, old) -> {
              if (old == null || now - old.endsAt >= 0) {
                return new Window(now + windowNanos, 0, 1);
              }
              return new Window(old.endsAt, old.seenByRedis, old.onlyHere + 1);
            });
    long remainingMillis = Math.max(0, (w.endsAt - now) / 1_000_000L);
    return new RateLimiter.Outcome(w.count(), remainingMillis);
  }

  /**
   * Records what Redis counted for {@code key} and returns the count to decide on: Redis's, plus
   * the requests this instance counted alone in the same window while Redis was unreachable. The
   * window ends when Redis's does.
   */
  RateLimiter.Outcome shared(String key, long windowMillis, RateLimiter.Outcome redis) {
    long now = nanoClock.getAsLong();
    makeRoomIfDue(now);
    long endsAt = now + redis.remainingMillis() * 1_000_000L;
    long halfWindowNanos = windowMillis * 500_000L;
    long[] onlyHere = new long[1];
    windows.compute(
        key,
        (k, old) -> {
          boolean sameWindow =
              old != null
                  && now - old.endsAt < 0
                  && Math.abs(endsAt - old.endsAt) <= halfWindowNanos;
          if (!sameWindow) {
            return new Window(endsAt, redis.count(), 0);
          }
          onlyHere[0] = old.onlyHere;
          return new Window(endsAt, Math.max(old.seenByRedis, redis.count()), old.onlyHere);
        });
    return new RateLimiter.Outcome(redis.count() + onlyHere[0], redis.remainingMillis());
  }

  int size() {
    return windows.size();
  }

  private void makeRoomIfDue(long now) {
    if (windows.size() < maxEntries && now - lastSweep.get() <= SWEEP_EVERY_NANOS) {
      return;
    }
    long last = lastSweep.get();
    if (now - last > SWEEP_EVERY_NANOS && lastSweep.compareAndSet(last, now)) {
      windows.values().removeIf(w -> now - w.endsAt >= 0);
    }
    if (windows.size() >= maxEntries) {
      int toDrop = Math.max(1, maxEntries / 10);
      Iterator<Map.Entry<String, Window>> it = windows.entrySet().iterator();
      while (toDrop-- > 0 && it.hasNext()) {
        it.next();
        it.remove();
      }
    }
  }

  /**
   * A window: the highest count Redis answered in it, and the requests counted only here (while
   * Redis was unreachable), which Redis will never see.
   */
  private record Window(long endsAt, long seenByRedis, long onlyHere) {
    long count() {
      return seenByRedis + onlyHere;
    }
  }
}
