package cn.futian.jufu.campaigns;

import cn.futian.jufu.common.jobs.JobRuns;
import cn.futian.jufu.notifications.Drainer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Starts scheduled campaigns and keeps this instance's campaign workers busy while batches wait.
 * Every instance runs it; batches are claimed with SKIP LOCKED, so instances share the work.
 */
@ApplicationScoped
public class CampaignJobs {

  private static final Logger LOG = Logger.getLogger(CampaignJobs.class);

  private final CampaignService campaigns;
  private final Drainer workers;

  CampaignJobs(CampaignService campaigns, CampaignSender sender, CampaignConfig config) {
    this.campaigns = campaigns;
    this.workers = new Drainer("campaign", config.workers(), sender::sendOnce);
  }

  /** Wakes the workers at once (after a campaign starts or resumes). */
  public void wake() {
    workers.kick();
  }

  @Scheduled(
      every = "${fulian.campaigns.schedule-every:10s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> startDue() {
    return JobRuns.retriedNextRun(
            LOG,
            "Starting scheduled campaigns",
            campaigns
                .startDue()
                .invoke(
                    ids -> {
                      if (!ids.isEmpty()) {
                        LOG.infof("scheduled campaigns started: %s", ids);
                      }
                    }))
        .invoke(workers::kick)
        .replaceWithVoid();
  }

  @Scheduled(
      every = "${fulian.campaigns.kick-every:2s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void kick() {
    workers.kick();
  }

  void stop(@Observes ShutdownEvent ev) {
    workers.stop();
  }
}
