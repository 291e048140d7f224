package cn.futian.jufu.common.jobs;

import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/**
 * How a scheduled job's run ends when it fails: the failure is logged as a warning and swallowed,
 * so that one bad run (PostgreSQL restarting, a lock timeout) never stops the job: the scheduler's
 * next run is the retry. Every job's work is safe to repeat (SKIP LOCKED claims, unique keys).
 */
public final class JobRuns {

  private JobRuns() {}

  /** {@code work}, or null after logging "{@code job} failed; retried on the next run". */
  public static <T> Uni<T> retriedNextRun(Logger log, String job, Uni<T> work) {
    return work.onFailure()
        .invoke(e -> log.warnf(e, "%s failed; retried on the next run", job))
        .onFailure()
        .recoverWithNull();
  }
}
