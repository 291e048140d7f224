package cn.futian.jufu.rights;

import cn.futian.jufu.audit.AuditLog;
import cn.futian.jufu.common.crypto.FieldCipher;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.rights.CaseDtos.CaseStatus;
import cn.futian.jufu.rights.CaseRecordDtos.MediationOutcome;
import cn.futian.jufu.rights.CaseRecordDtos.MediationView;
import cn.futian.jufu.rights.CaseRecordDtos.NewMediation;
import cn.futian.jufu.rights.CaseRecordDtos.NewOrder;
import cn.futian.jufu.rights.CaseRecordDtos.NewSession;
import cn.futian.jufu.rights.CaseRecordDtos.OrderDecision;
import cn.futian.jufu.rights.CaseRecordDtos.OrderKind;
import cn.futian.jufu.rights.CaseRecordDtos.OrderStatus;
import cn.futian.jufu.rights.CaseRecordDtos.OrderView;
import cn.futian.jufu.rights.CaseRecordDtos.SessionView;
import cn.futian.jufu.rights.CaseRecordDtos.Venue;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * Protection orders and warning letters (applied → issued or refused, expiry, violations) and the
 * mediation of a case (sessions, outcome) (ADR 0023). Who may: as for the case's timeline (its
 * caseworker or a supervisor who reaches it; reading: whoever reaches the case); each step is on
 * the timeline and in the audit log; notes are sealed.
 */
@ApplicationScoped
public class CaseRecordService {

  static final String SESSION_NOTE_COLUMN = "help_mediation_session.note_sealed";

  private final CaseRecordRepository records;
  private final CaseService cases;
  private final AuditLog audit;

  CaseRecordService(CaseRecordRepository records, CaseService cases, AuditLog audit) {
    this.records = records;
    this.cases = cases;
    this.audit = audit;
  }

  // ---------------------------------------------------------------- orders

  @WithSession
  public Uni<List<OrderView>> orders(CurrentUser user, long caseId) {
    return cases
        .readable(user, caseId, "case.orders-read")
        .chain(() -> records.orders(caseId))
        .map(list -> list.stream().map(CaseRecordService::view).toList());
  }

  @WithTransaction
  public Uni<OrderView> applyForOrder(CurrentUser user, long caseId, NewOrder body) {
    return open(user, caseId, "case.order")
        .chain(
            () ->
                records.insertOrder(
                    caseId,
                    body.kind().name(),
                    body.issuer() == null || body.issuer().isBlank() ? null : body.issuer().strip(),
                    body.appliedOn(),
                    user.subject()))
        .call(
            id ->
                log(
                    user,
                    caseId,
                    "ORDER_RECORDED",
                    null,
                    Map.of("orderId", id, "kind", body.kind())))
        .chain(id -> records.order(caseId, id))
        .map(CaseRecordService::view);
  }

  /** Issued (a protection order with its expiry) or refused; once. */
  @WithTransaction
  public Uni<OrderView> decideOrder(CurrentUser user, long caseId, long id, OrderDecision body) {
    if (body.status() == OrderStatus.APPLIED) {
      throw DomainException.invalid("status", "order.decision");
    }
    boolean issued = body.status() == OrderStatus.ISSUED;
    if (!issued && body.expiresOn() != null) {
      throw DomainException.invalid("expiresOn", "order.expiry-only-issued");
    }
    if (body.expiresOn() != null && !body.expiresOn().isAfter(body.decidedOn())) {
      throw DomainException.invalid("expiresOn", "order.expiry-after-decision");
    }
    return open(user, caseId, "case.order")
        .chain(() -> order(caseId, id))
        .invoke(
            o -> {
              if (issued
                  && o.kind().equals(OrderKind.PROTECTION_ORDER.name())
                  && body.expiresOn() == null) {
                throw DomainException.invalid("expiresOn", "order.expiry-needed");
              }
            })
        .call(
            o ->
                records
                    .decideOrder(id, body.status().name(), body.decidedOn(), body.expiresOn())
                    .invoke(
                        done -> {
                          if (!done) {
                            throw DomainException.rule("order.decided");
                          }
                        }))
        .call(
            () ->
                log(
                    user,
                    caseId,
                    "ORDER_DECIDED",
                    null,
                    Map.of("orderId", id, "status", body.status())))
        .chain(() -> order(caseId, id))
        .map(CaseRecordService::view);
  }

  /** A reported violation of an issued order: counted, with the note sealed on the timeline. */
  @WithTransaction
  public Uni<OrderView> reportViolation(
      CurrentUser user, long caseId, long id, CaseRecordDtos.Violation body) {
    return open(user, caseId, "case.order")
        .chain(() -> order(caseId, id))
        .invoke(
            o -> {
              if (!o.status().equals(OrderStatus.ISSUED.name())) {
                throw DomainException.rule("order.not-issued");
              }
            })
        .call(() -> records.addViolation(id))
        .call(() -> log(user, caseId, "ORDER_VIOLATION", body.note(), Map.of("orderId", id)))
        .chain(() -> order(caseId, id))
        .map(CaseRecordService::view);
  }

  // ---------------------------------------------------------------- mediation

  @WithSession
  public Uni<MediationView> mediation(CurrentUser user, long caseId) {
    return cases.readable(user, caseId, "case.mediation-read").chain(() -> current(caseId));
  }

  @WithTransaction
  public Uni<MediationView> startMediation(CurrentUser user, long caseId, NewMediation body) {
    return open(user, caseId, "case.mediation")
        .chain(
            () ->
                records.insertMediation(
                    caseId, body.venue().name(), body.parties(), body.startedOn(), user.subject()))
        .invoke(
            id -> {
              if (id == null) {
                throw DomainException.conflict("mediation.exists", caseId);
              }
            })
        .call(
            id ->
                log(
                    user,
                    caseId,
                    "MEDIATION_STARTED",
                    null,
                    Map.of("mediationId", id, "venue", body.venue())))
        .chain(() -> current(caseId));
  }

  @WithTransaction
  public Uni<MediationView> addSession(CurrentUser user, long caseId, NewSession body) {
    return open(user, caseId, "case.mediation")
        .chain(() -> ongoing(caseId))
        .call(
            m ->
                records.insertSession(
                    m.id(),
                    body.heldOn(),
                    user.subject(),
                    body.note() == null || body.note().isBlank()
                        ? null
                        : FieldCipher.current().encrypt(body.note().strip(), SESSION_NOTE_COLUMN)))
        .call(m -> log(user, caseId, "MEDIATION_SESSION", null, Map.of("mediationId", m.id())))
        .chain(() -> current(caseId));
  }

  /** Settled, not settled or withdrawn: what the year's settlement rate is computed from. */
  @WithTransaction
  public Uni<MediationView> endMediation(
      CurrentUser user, long caseId, CaseRecordDtos.Outcome body) {
    return open(user, caseId, "case.mediation")
        .chain(() -> ongoing(caseId))
        .invoke(
            m -> {
              if (body.endedOn().isBefore(m.startedOn())) {
                throw DomainException.invalid("endedOn", "mediation.ended-before-start");
              }
            })
        .call(m -> records.endMediation(m.id(), body.outcome().name(), body.endedOn()))
        .call(
            m ->
                log(
                    user,
                    caseId,
                    "MEDIATION_ENDED",
                    null,
                    Map.of("mediationId", m.id(), "outcome", body.outcome())))
        .chain(() -> current(caseId));
  }

  // ---------------------------------------------------------------- helpers

  /** The caller works on the case, and it is not closed. */
  private Uni<CaseService.Found> open(CurrentUser user, long caseId, String action) {
    return cases
        .workable(user, caseId, action)
        .invoke(f -> CaseService.requireStatus(f.row(), List.of(CaseStatus.CLOSED), true));
  }

  private Uni<CaseRecordRepository.Order> order(long caseId, long id) {
    return records
        .order(caseId, id)
        .onItem()
        .ifNull()
        .failWith(() -> DomainException.notFound("case-order", id));
  }

  private Uni<CaseRecordRepository.Mediation> ongoing(long caseId) {
    return records
        .mediation(caseId)
        .invoke(
            m -> {
              if (m == null) {
                throw DomainException.notFound("mediation", caseId);
              }
              if (m.outcome() != null) {
                throw DomainException.rule("mediation.ended");
              }
            });
  }

  private Uni<MediationView> current(long caseId) {
    return records
        .mediation(caseId)
        .onItem()
        .ifNull()
        .failWith(() -> DomainException.notFound("mediation", caseId))
        .chain(
            m ->
                records
                    .sessions(m.id())
                    .map(
                        sessions ->
                            new MediationView(
                                m.id(),
                                m.caseId(),
                                Venue.valueOf(m.venue()),
                                m.parties(),
                                m.outcome() == null ? null : MediationOutcome.valueOf(m.outcome()),
                                m.startedOn(),
                                m.endedOn(),
                                sessions.stream()
                                    .map(
                                        s ->
                                            new SessionView(
                                                s.id(), s.heldOn(), s.mediator(), s.hasNote()))
                                    .toList())));
  }

  private Uni<Void> log(
      CurrentUser user, long caseId, String kind, String note, Map<String, ?> detail) {
    return cases
        .entry(caseId, user, kind, null, null, note, null, detail)
        .call(
            () ->
                audit.record(
                    CaseService.allowed(user, "case." + kind.toLowerCase(), caseId, detail)))
        .replaceWithVoid();
  }

  static OrderView view(CaseRecordRepository.Order o) {
    return new OrderView(
        o.id(),
        o.caseId(),
        OrderKind.valueOf(o.kind()),
        OrderStatus.valueOf(o.status()),
        o.issuer(),
        o.appliedOn(),
        o.decidedOn(),
        o.expiresOn(),
        o.violations());
  }
}
