package cn.futian.jufu.devices;

import cn.futian.jufu.common.jobs.JobRuns;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Removes tokens not refreshed for 60 days (FCM's own advice for stale tokens). */
@ApplicationScoped
class DevicePruneJob {

  private static final Logger LOG = Logger.getLogger(DevicePruneJob.class);
  private final DeviceService devices;

  DevicePruneJob(DeviceService devices) {
    this.devices = devices;
  }

  @Scheduled(
      every = "${fulian.devices.prune-every:6h}",
      delayed = "${fulian.devices.prune-delay:1m}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> run() {
    return JobRuns.retriedNextRun(
            LOG,
            "Pruning stale devices",
            devices
                .pruneStale()
                .invoke(
                    n -> {
                      if (n > 0) {
                        LOG.infof("stale devices removed: %d", n);
                      }
                    }))
        .replaceWithVoid();
  }
}
