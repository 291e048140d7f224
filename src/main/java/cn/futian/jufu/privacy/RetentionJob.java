package cn.futian.jufu.privacy;

import cn.futian.jufu.common.jobs.JobRuns;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Runs the retention purge on a schedule ({@code fulian.retention.purge-every}). */
@ApplicationScoped
class RetentionJob {

  private static final Logger LOG = Logger.getLogger(RetentionJob.class);
  private final RetentionService retention;

  RetentionJob(RetentionService retention) {
    this.retention = retention;
  }

  @Scheduled(
      every = "${fulian.retention.purge-every:24h}",
      delayed = "${fulian.retention.purge-delay:5m}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> run() {
    return JobRuns.retriedNextRun(
            LOG,
            "Retention purge",
            retention
                .purge()
                .invoke(
                    counts -> {
                      if (counts.values().stream().anyMatch(n -> n > 0)) {
                        LOG.infof("retention purge: %s", counts);
                      }
                    }))
        .replaceWithVoid();
  }
}
