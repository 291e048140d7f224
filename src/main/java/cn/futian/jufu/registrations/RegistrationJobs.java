package cn.futian.jufu.registrations;

import cn.futian.jufu.common.jobs.JobRuns;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Timed work on registrations. Each run locks the rows it handles with FOR UPDATE SKIP LOCKED, so
 * several app instances can run it at once without doing anything twice.
 */
@ApplicationScoped
class RegistrationJobs {

  private static final Logger LOG = Logger.getLogger(RegistrationJobs.class);
  private final RegistrationService registrations;

  RegistrationJobs(RegistrationService registrations) {
    this.registrations = registrations;
  }

  /** Unconfirmed offers go to the next in line. */
  @Scheduled(
      every = "${fulian.registrations.offer-check-every:30s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> expireOffers() {
    return JobRuns.retriedNextRun(
            LOG,
            "Offer expiry",
            registrations.expireOffers().invoke(n -> LOG.debugf("expired offers: %d", n)))
        .replaceWithVoid();
  }

  /** Free seats while entries wait: give them out (the safety net behind the instant promotion). */
  @Scheduled(
      every = "${fulian.registrations.sweep-every:60s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> sweep() {
    return JobRuns.retriedNextRun(LOG, "Waitlist sweep", registrations.promoteWhereSeatsAreFree())
        .replaceWithVoid();
  }

  /** Seats not reconfirmed by 24 h before the start go to the waitlist. */
  @Scheduled(
      every = "${fulian.registrations.reconfirm-check-every:5m}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> releaseUnreconfirmed() {
    return JobRuns.retriedNextRun(
            LOG, "Reconfirmation release", registrations.releaseUnreconfirmed())
        .replaceWithVoid();
  }
}
