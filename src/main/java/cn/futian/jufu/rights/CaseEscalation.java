package cn.futian.jufu.rights;

import cn.futian.jufu.common.jobs.JobRuns;
import cn.futian.jufu.common.time.Times;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
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

  /** How long before its expiry an order is reminded of. */
  static final java.time.Period ORDER_NOTICE = java.time.Period.ofDays(14);

  private final HelpRequestRepository requests;
  private final CaseRecordRepository records;
  private final CaseRepository cases;
  private final CaseAlerts alerts;

  CaseEscalation(
      HelpRequestRepository requests,
      CaseRecordRepository records,
      CaseRepository cases,
      CaseAlerts alerts) {
    this.requests = requests;
    this.records = records;
    this.cases = cases;
    this.alerts = alerts;
  }

  @Scheduled(
      every = "${fulian.rights.escalate-every:60s}",
      delayed = "30s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> run() {
    return JobRuns.retriedNextRun(
            LOG,
            "Escalating overdue help requests and expiring orders",
            escalateAll().chain(this::remindAll))
        .replaceWithVoid();
  }

  private Uni<Integer> escalateAll() {
    return escalateBatch()
        .chain(n -> n < BATCH ? Uni.createFrom().item(n) : escalateAll().map(m -> n + m));
  }

  private Uni<Integer> remindAll() {
    return remindBatch()
        .chain(n -> n < BATCH ? Uni.createFrom().item(n) : remindAll().map(m -> n + m));
  }

  /**
   * Reminds the team of one batch of issued orders expiring within {@link #ORDER_NOTICE}, once
   * each; how many.
   */
  @WithTransaction
  public Uni<Integer> remindBatch() {
    LocalDate until = LocalDate.now(Times.ZONE).plus(ORDER_NOTICE);
    return records
        .claimExpiring(until, BATCH)
        .chain(
            expiring -> {
              if (expiring.isEmpty()) {
                return Uni.createFrom().item(0);
              }
              Uni<Void> chain = Uni.createFrom().voidItem();
              for (CaseRecordRepository.Expiring o : expiring) {
                chain =
                    chain.chain(
                        () ->
                            cases
                                .byId(o.caseId())
                                .chain(
                                    c ->
                                        alerts.orderExpiring(
                                            c.id(),
                                            c.orgUnitId(),
                                            c.caseworker(),
                                            o.expiresOn()
                                                .atStartOfDay(Times.ZONE)
                                                .toOffsetDateTime()))
                                .replaceWithVoid());
              }
              return chain
                  .chain(
                      () ->
                          records.markReminded(
                              expiring.stream().map(CaseRecordRepository.Expiring::id).toList()))
                  .replaceWith(expiring.size());
            });
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
