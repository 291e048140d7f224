package cn.futian.jufu.rights;

import cn.futian.jufu.common.jobs.JobRuns;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The response clock (ADR 0021): a request still open past its time to respond (1 hour for high
 * risk) pages every supervisor from its unit up to the district, once. Runs on every instance; the
 * rows are claimed with SKIP LOCKED, and the page and the mark commit together.
 */
@ApplicationScoped
public class CaseEscalation {

  private static final Logger LOG = Logger.getLogger(CaseEscalation.class);
  private static final int BATCH = 50;

  private final HelpRequestRepository requests;
  private final CaseAlerts alerts;

  CaseEscalation(HelpRequestRepository requests, CaseAlerts alerts) {
    this.requests = requests;
    this.alerts = alerts;
  }

  @Scheduled(
      every = "${fulian.rights.escalate-every:60s}",
      delayed = "30s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> run() {
    return JobRuns.retriedNextRun(LOG, "Escalating overdue help requests", escalateAll())
        .replaceWithVoid();
  }

  private Uni<Integer> escalateAll() {
    return escalateBatch()
        .chain(n -> n < BATCH ? Uni.createFrom().item(n) : escalateAll().map(m -> n + m));
  }

  /** Escalates one batch of overdue requests; how many. */
  @WithTransaction
  public Uni<Integer> escalateBatch() {
    return requests
        .claimOverdue(BATCH)
        .chain(
            overdue -> {
              if (overdue.isEmpty()) {
                return Uni.createFrom().item(0);
              }
              Uni<Void> chain = Uni.createFrom().voidItem();
              for (HelpRequestRepository.Overdue o : overdue) {
                chain =
                    chain.chain(
                        () ->
                            alerts.overdue(o.id(), o.orgUnitId(), o.respondBy()).replaceWithVoid());
              }
              List<Long> ids = overdue.stream().map(HelpRequestRepository.Overdue::id).toList();
              return chain
                  .chain(() -> requests.markEscalated(ids))
                  .invoke(n -> LOG.infof("Escalated %d overdue help requests: %s", n, ids))
                  .replaceWith(overdue.size());
            });
  }
}
