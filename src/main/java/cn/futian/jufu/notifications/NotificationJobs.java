package cn.futian.jufu.notifications;

import cn.futian.jufu.common.jobs.JobRuns;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * The notification pipeline's clock, on every instance (each step claims its rows with SKIP LOCKED,
 * so instances share the work): the outbox relay every second, the push workers kicked every
 * second, old outbox rows purged daily.
 */
@ApplicationScoped
class NotificationJobs {

  private static final Logger LOG = Logger.getLogger(NotificationJobs.class);

  private final OutboxRelay relay;
  private final Drainer pushes;

  NotificationJobs(OutboxRelay relay, PushDispatcher dispatcher, NotificationConfig config) {
    this.relay = relay;
    this.pushes = new Drainer("push", config.dispatchWorkers(), dispatcher::dispatchOnce);
  }

  @Scheduled(
      every = "${fulian.notifications.relay-every:1s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> relay() {
    return JobRuns.retriedNextRun(LOG, "Outbox relay", relayAll())
        .invoke(pushes::kick)
        .replaceWithVoid();
  }

  /** Batches until the outbox is empty (a burst of sign-ups is relayed in one run). */
  private Uni<Integer> relayAll() {
    return relay
        .relayBatch()
        .chain(n -> n == 0 ? Uni.createFrom().item(0) : relayAll().map(m -> n + m));
  }

  @Scheduled(
      every = "${fulian.notifications.push-every:1s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void kickPushes() {
    pushes.kick();
  }

  @Scheduled(
      every = "24h",
      delayed = "5m",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> purge() {
    return JobRuns.retriedNextRun(
            LOG,
            "Purging published outbox rows",
            relay.purgePublished().invoke(n -> LOG.debugf("published outbox rows purged: %d", n)))
        .replaceWithVoid();
  }

  void stop(@Observes ShutdownEvent ev) {
    pushes.stop();
  }
}
