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
 * risk) pages every supervisor from its unit up to the district, once. Orders expiring soon,
 * follow-ups of resolved cases and register visits past their due date page the caseworker and the
 * nearest supervisors, once per date. Runs on every instance; the rows are claimed with SKIP
 * LOCKED, and the page and the mark commit together.
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
  private final DifficultyRepository register;

  CaseEscalation(
      HelpRequestRepository requests,
      CaseRecordRepository records,
      CaseRepository cases,
      CaseAlerts alerts,
      DifficultyRepository register) {
    this.requests = requests;
    this.records = records;
    this.cases = cases;
    this.alerts = alerts;
    this.register = register;
  }

  @Scheduled(
      every = "${fulian.rights.escalate-every:60s}",
      delayed = "30s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> run() {
    return JobRuns.retriedNextRun(
            LOG,
            "Escalating overdue help requests, expiring orders, follow-ups and visits",
            escalateAll()
                .chain(this::remindAll)
                .chain(() -> all(this::followUpBatch))
                .chain(() -> all(this::visitBatch)))
        .replaceWithVoid();
  }

  private Uni<Integer> escalateAll() {
    return escalateBatch()
        .chain(n -> n < BATCH ? Uni.createFrom().item(n) : escalateAll().map(m -> n + m));
  }

  private static Uni<Integer> all(java.util.function.Supplier<Uni<Integer>> batch) {
    return batch
        .get()
        .chain(n -> n < BATCH ? Uni.createFrom().item(n) : all(batch).map(m -> n + m));
  }

  /** Pages for one batch of resolved cases past their follow-up date; how many. */
  @WithTransaction
  public Uni<Integer> followUpBatch() {
    return cases
        .claimFollowUpsOverdue(BATCH)
        .chain(
            due -> {
              Uni<Void> chain = Uni.createFrom().voidItem();
              for (CaseRepository.FollowUpDue d : due) {
                chain =
                    chain.chain(
                        () ->
                            alerts
                                .followUpOverdue(d.id(), d.orgUnitId(), d.caseworker(), d.due())
                                .replaceWithVoid());
              }
              List<Long> ids = due.stream().map(CaseRepository.FollowUpDue::id).toList();
              return due.isEmpty()
                  ? Uni.createFrom().item(0)
                  : chain.chain(() -> cases.markFollowUpPaged(ids)).replaceWith(due.size());
            });
  }

  /** Pages for one batch of register entries past their visit's due date; how many. */
  @WithTransaction
  public Uni<Integer> visitBatch() {
    return register
        .claimVisitsOverdue(BATCH)
        .chain(
            due -> {
              Uni<Void> chain = Uni.createFrom().voidItem();
              for (DifficultyRepository.VisitDue d : due) {
                chain =
                    chain.chain(
                        () ->
                            alerts
                                .visitOverdue(
                                    d.id(),
                                    d.orgUnitId(),
                                    d.caseworker(),
                                    d.due().atStartOfDay(Times.ZONE).toOffsetDateTime())
                                .replaceWithVoid());
              }
              List<Long> ids = due.stream().map(DifficultyRepository.VisitDue::id).toList();
              return due.isEmpty()
                  ? Uni.createFrom().item(0)
                  : chain.chain(() -> register.markVisitPaged(ids)).replaceWith(due.size());
            });
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
