package cn.futian.jufu.common.ratelimit;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Fixed-window counters in the memory of this instance: the limiter's fallback while Redis is
 * unreachable. Windows start at the first request for a key, like the Redis ones. The map is
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
    if (windows.size() >= maxEntries || now - lastSweep.get() > SWEEP_EVERY_NANOS) {
      makeRoom(now);
    }
    Window w =
        windows.compute(
            key,
            (k, old) -> {
              if (old == null || now - old.endsAt >= 0) {
                return new Window(now + windowNanos, 1);
              }
              return new Window(old.endsAt, old.count + 1);
            });
    long remainingMillis = Math.max(0, (w.endsAt - now) / 1_000_000L);
    return new RateLimiter.Outcome(w.count, remainingMillis);
  }

  int size() {
    return windows.size();
  }

  private void makeRoom(long now) {
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

  private record Window(long endsAt, long count) {}
}
