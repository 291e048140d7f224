package cn.futian.jufu.notifications;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.jboss.logging.Logger;

/**
 * Runs a blocking unit of work on its own worker threads until it reports nothing left: {@link
 * #kick()} starts loops up to the thread count, each loop calls the step until it returns 0. Used
 * for pushes, which block on HTTP and must stay off the event loop.
 */
public final class Drainer {

  private static final Logger LOG = Logger.getLogger(Drainer.class);

  private final String name;
  private final int threads;
  private final IntSupplier step;
  private final ExecutorService pool;
  private final AtomicInteger running = new AtomicInteger();
  private volatile boolean stopped;

  public Drainer(String name, int threads, IntSupplier step) {
    this.name = name;
    this.threads = threads;
    this.step = step;
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, name + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts loops until {@code threads} are running; returns at once. */
  public void kick() {
    while (!stopped) {
      int now = running.get();
      if (now >= threads) {
        return;
      }
      if (running.compareAndSet(now, now + 1)) {
        pool.execute(this::loop);
      }
    }
  }

  private void loop() {
    try {
      while (!stopped) {
        int done;
        try {
          done = step.getAsInt();
        } catch (RuntimeException e) {
          LOG.warnf(e, "%s: a round failed; the next kick tries again", name);
          return;
        }
        if (done == 0) {
          return;
        }
      }
    } finally {
      running.decrementAndGet();
    }
  }

  /**
   * Runs reactive (Hibernate Reactive) work from a worker thread: on a fresh Vert.x context,
   * waiting for its result.
   */
  public static <T> T await(java.util.function.Supplier<io.smallrye.mutiny.Uni<T>> work) {
    try {
      return io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(work);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stops taking new rounds and waits a little for running ones (their work is leased). */
  public void stop() {
    stopped = true;
    pool.shutdown();
    try {
      pool.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
