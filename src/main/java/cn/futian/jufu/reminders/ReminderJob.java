package cn.futian.jufu.reminders;

import cn.futian.jufu.common.jobs.JobRuns;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Runs the reminders every minute on every instance; ReminderService makes that safe. */
@ApplicationScoped
class ReminderJob {

  private static final Logger LOG = Logger.getLogger(ReminderJob.class);
  private final ReminderService reminders;

  ReminderJob(ReminderService reminders) {
    this.reminders = reminders;
  }

  @Scheduled(
      every = "${fulian.reminders.every:60s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> run() {
    return JobRuns.retriedNextRun(
            LOG,
            "Reminders",
            reminders
                .sendDue()
                .call(reminders::requestReconfirmations)
                .invoke(n -> LOG.debugf("reminders written: %d", n)))
        .replaceWithVoid();
  }
}
