package cn.futian.jufu.rights;

import cn.futian.jufu.audit.AuditEvent;
import cn.futian.jufu.audit.AuditLog;
import cn.futian.jufu.audit.AuditOutcome;
import cn.futian.jufu.common.crypto.FieldCipher;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.text.Texts;
import cn.futian.jufu.orgunits.OrgUnitService;
import cn.futian.jufu.rights.CaseDtos.CaseStatus;
import cn.futian.jufu.rights.ReferralDtos.IncomingView;
import cn.futian.jufu.rights.ReferralDtos.NewReferral;
import cn.futian.jufu.rights.ReferralDtos.ReferralStatus;
import cn.futian.jufu.rights.ReferralDtos.ReferralView;
import cn.futian.jufu.rights.ReferralDtos.TargetKind;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Referrals (ADR 0023): sent → accepted or rejected (with a reason) → done, or revoked by the
 * sender. A referral needs her recorded consent unless a supervisor who reaches the case overrides
 * with a reason. A unit of the federation receives it in this service and sees its summary and the
 * case's facts, nothing else; for partners outside (police, court, legal aid, ...) the case team
 * records their answer. Every step is on the case's timeline and in the audit log.
 */
@ApplicationScoped
public class ReferralService {

  static final String SUMMARY_COLUMN = "help_case_referral.summary_sealed";
  static final String OVERRIDE_COLUMN = "help_case_referral.override_reason_sealed";
  static final String TARGET = "referral";

  private final ReferralRepository referrals;
  private final CaseRepository caseRows;
  private final CaseService cases;
  private final CaseAccess access;
  private final OrgUnitService orgUnits;
  private final AuditLog audit;

  ReferralService(
      ReferralRepository referrals,
      CaseRepository caseRows,
      CaseService cases,
      CaseAccess access,
      OrgUnitService orgUnits,
      AuditLog audit) {
    this.referrals = referrals;
    this.caseRows = caseRows;
    this.cases = cases;
    this.access = access;
    this.orgUnits = orgUnits;
    this.audit = audit;
  }

  @WithTransaction
  public Uni<ReferralView> send(CurrentUser user, long caseId, NewReferral in) {
    if ((in.targetKind() == TargetKind.OTHER_UNIT) != (in.targetUnitId() != null)) {
      throw DomainException.invalid("targetUnitId", "referral.target-unit");
    }
    return cases
        .workable(user, caseId, "referral.send")
        .invoke(
            f -> {
              CaseService.requireStatus(f.row(), List.of(CaseStatus.CLOSED), true);
              if (!in.consentRecorded()) {
                if (!f.scope().supervises(f.row().orgUnitId())) {
                  throw DomainException.forbidden("referral.consent-needed");
                }
                if (in.overrideReason() == null || in.overrideReason().isBlank()) {
                  throw DomainException.invalid("overrideReason", "referral.override-reason");
                }
              }
              if (in.targetUnitId() != null && in.targetUnitId().equals(f.row().orgUnitId())) {
                throw DomainException.invalid("targetUnitId", "referral.same-unit");
              }
            })
        .call(
            () ->
                in.targetUnitId() == null
                    ? Uni.createFrom().voidItem()
                    : orgUnits.requireActive(in.targetUnitId()).replaceWithVoid())
        .chain(
            f -> {
              FieldCipher cipher = FieldCipher.current();
              boolean overridden = !in.consentRecorded();
              return referrals.insert(
                  new ReferralRepository.NewRow(
                      caseId,
                      in.targetKind().name(),
                      in.targetUnitId(),
                      Texts.blankToNull(in.targetName()),
                      cipher.encrypt(in.summary().strip(), SUMMARY_COLUMN),
                      overridden ? "OVERRIDDEN" : "RECORDED",
                      overridden ? user.subject() : null,
                      overridden
                          ? cipher.encrypt(in.overrideReason().strip(), OVERRIDE_COLUMN)
                          : null,
                      user.subject()));
            })
        .call(
            id -> {
              Map<String, Object> detail = new LinkedHashMap<>();
              detail.put("referralId", id);
              detail.put("targetKind", in.targetKind().name());
              detail.put("targetUnitId", in.targetUnitId());
              detail.put("consent", in.consentRecorded() ? "RECORDED" : "OVERRIDDEN");
              return cases
                  .entry(caseId, user, "REFERRAL_SENT", null, null, null, null, detail)
                  .call(
                      () ->
                          audit.record(CaseService.allowed(user, "referral.send", caseId, detail)));
            })
        .chain(referrals::byId)
        .map(ReferralService::view);
  }

  @WithSession
  public Uni<List<ReferralView>> ofCase(CurrentUser user, long caseId) {
    return cases
        .readable(user, caseId, "referral.list")
        .chain(() -> referrals.ofCase(caseId))
        .map(list -> list.stream().map(ReferralService::view).toList());
  }

  /** Open referrals to the units the caller's seats reach: the summary, nothing else. */
  @WithSession
  public Uni<List<IncomingView>> incoming(CurrentUser user) {
    return access
        .of(user)
        .chain(scope -> referrals.incoming(List.copyOf(scope.recordUnits())))
        .chain(
            rows -> {
              Uni<List<IncomingView>> out = Uni.createFrom().item(new ArrayList<>());
              for (ReferralRepository.Row r : rows) {
                out =
                    out.chain(
                        acc ->
                            caseRows
                                .byId(r.caseId())
                                .invoke(c -> acc.add(incomingView(r, c)))
                                .replaceWith(acc));
              }
              return out;
            })
        .call(
            list ->
                audit.record(
                    AuditEvent.by(user, "referral.incoming-read", AuditOutcome.ALLOWED)
                        .withTarget(TARGET, null)
                        .withDetail(
                            Map.of("referralIds", list.stream().map(IncomingView::id).toList()))));
  }

  /**
   * Accepted or rejected: by the receiving unit's team, or recorded by the sender for a partner.
   */
  @WithTransaction
  public Uni<ReferralView> respond(CurrentUser user, long id, ReferralDtos.Response body) {
    if (body.decision() != ReferralStatus.ACCEPTED && body.decision() != ReferralStatus.REJECTED) {
      throw DomainException.invalid("decision", "referral.decision");
    }
    if (body.decision() == ReferralStatus.REJECTED
        && (body.reason() == null || body.reason().isBlank())) {
      throw DomainException.invalid("reason", "referral.reject-reason");
    }
    return answering(user, id, "referral.respond")
        .call(
            r ->
                move(
                    user,
                    r,
                    List.of("SENT"),
                    body.decision().name(),
                    Texts.blankToNull(body.reason()),
                    "REFERRAL_ANSWERED"))
        .chain(r -> referrals.byId(id))
        .map(ReferralService::view);
  }

  /** An accepted referral carried out: by whoever answered for the receiver. */
  @WithTransaction
  public Uni<ReferralView> done(CurrentUser user, long id) {
    return answering(user, id, "referral.done")
        .call(r -> move(user, r, List.of("ACCEPTED"), "DONE", null, "REFERRAL_DONE"))
        .chain(r -> referrals.byId(id))
        .map(ReferralService::view);
  }

  /** Withdrawn by the sending side while open. */
  @WithTransaction
  public Uni<ReferralView> revoke(CurrentUser user, long id, ReferralDtos.Reason body) {
    return found(id)
        .call(r -> cases.workable(user, r.caseId(), "referral.revoke"))
        .call(
            r ->
                move(
                    user,
                    r,
                    List.of("SENT", "ACCEPTED"),
                    "REVOKED",
                    body.reason().strip(),
                    "REFERRAL_REVOKED"))
        .chain(r -> referrals.byId(id))
        .map(ReferralService::view);
  }

  private Uni<ReferralRepository.Row> found(long id) {
    return referrals
        .byId(id)
        .onItem()
        .ifNull()
        .failWith(() -> DomainException.notFound("referral", id));
  }

  /**
   * The referral when the caller answers for its receiver: a team member reaching the target unit
   * (OTHER_UNIT), else someone who works on the case. Otherwise audited as refused, and 404.
   */
  private Uni<ReferralRepository.Row> answering(CurrentUser user, long id, String action) {
    return access
        .of(user)
        .chain(
            scope ->
                referrals
                    .byId(id)
                    .chain(
                        r -> {
                          if (r != null && r.targetUnitId() != null) {
                            if (scope.mayRecordFor(r.targetUnitId())) {
                              return Uni.createFrom().item(r);
                            }
                          } else if (r != null) {
                            return cases.workable(user, r.caseId(), action).replaceWith(r);
                          }
                          return access.refuse(user, action, TARGET, id, "referral");
                        }));
  }

  private Uni<Void> move(
      CurrentUser user,
      ReferralRepository.Row r,
      List<String> from,
      String to,
      String reason,
      String entryKind) {
    return referrals
        .move(r.id(), from, to, reason, user.subject())
        .invoke(
            moved -> {
              if (!moved) {
                throw DomainException.rule("referral.wrong-status", r.status());
              }
            })
        .chain(
            () -> {
              Map<String, Object> detail = new LinkedHashMap<>();
              detail.put("referralId", r.id());
              detail.put("status", to);
              return cases
                  .entry(r.caseId(), user, entryKind, null, null, reason, null, detail)
                  .call(
                      () ->
                          audit.record(
                              AuditEvent.by(
                                      user, "referral." + to.toLowerCase(), AuditOutcome.ALLOWED)
                                  .withTarget(TARGET, r.id())
                                  .withDetail(Map.of("caseId", r.caseId()))));
            })
        .replaceWithVoid();
  }

  private static IncomingView incomingView(ReferralRepository.Row r, CaseRepository.CaseRow c) {
    return new IncomingView(
        r.id(),
        r.targetUnitId(),
        c.category(),
        c.domesticViolence(),
        c.concernsMinor(),
        c.riskLevel(),
        FieldCipher.current().decrypt(r.summarySealed(), SUMMARY_COLUMN),
        ReferralStatus.valueOf(r.status()),
        r.sentAt());
  }

  static ReferralView view(ReferralRepository.Row r) {
    return new ReferralView(
        r.id(),
        r.caseId(),
        TargetKind.valueOf(r.targetKind()),
        r.targetUnitId(),
        r.targetName(),
        r.consent(),
        ReferralStatus.valueOf(r.status()),
        r.statusReason(),
        r.sentBy(),
        r.sentAt(),
        r.respondedBy(),
        r.respondedAt(),
        r.finishedAt());
  }
}
