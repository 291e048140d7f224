package cn.futian.jufu.noshows;

import cn.futian.jufu.common.jobs.JobRuns;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Records no-shows of ended sessions; the primary key makes racing instances harmless. */
@ApplicationScoped
class NoShowJob {

  private static final Logger LOG = Logger.getLogger(NoShowJob.class);
  private final NoShowService noShows;

  NoShowJob(NoShowService noShows) {
    this.noShows = noShows;
  }

  @Scheduled(
      every = "${fulian.no-shows.every:10m}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> run() {
    return JobRuns.retriedNextRun(
            LOG,
            "No-show recording",
            noShows.recordEnded().invoke(n -> LOG.debugf("no-shows recorded: %d", n)))
        .replaceWithVoid();
  }
}
