package cn.futian.jufu.rights;

import cn.futian.jufu.audit.AuditEntry;
import cn.futian.jufu.audit.AuditEvent;
import cn.futian.jufu.audit.AuditLog;
import cn.futian.jufu.audit.AuditOutcome;
import cn.futian.jufu.audit.AuditService;
import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.crypto.FieldCipher;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.orgunits.OrgUnitService;
import cn.futian.jufu.rights.CaseDtos.ApprovalKind;
import cn.futian.jufu.rights.CaseDtos.ApprovalRequest;
import cn.futian.jufu.rights.CaseDtos.ApprovalView;
import cn.futian.jufu.rights.CaseDtos.CaseStatus;
import cn.futian.jufu.rights.CaseDtos.CaseView;
import cn.futian.jufu.rights.CaseDtos.Decision;
import cn.futian.jufu.rights.CaseDtos.DecisionBody;
import cn.futian.jufu.rights.CaseDtos.EntryView;
import cn.futian.jufu.rights.CaseDtos.NewEntry;
import cn.futian.jufu.rights.CaseDtos.Reopen;
import cn.futian.jufu.rights.CaseDtos.Resolve;
import cn.futian.jufu.rights.CaseDtos.RevealEntries;
import cn.futian.jufu.rights.CaseDtos.RevealedEntry;
import cn.futian.jufu.rights.CaseDtos.Transfer;
import cn.futian.jufu.rights.CaseRepository.CaseRow;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cases (ADR 0022): opened by triage, moved through their states by the rules below, the plan and
 * the closure approved by a supervisor who did not ask, everything on an append-only timeline whose
 * notes are sealed. Reach and audit as for help requests (ADR 0021): every read is recorded, a read
 * outside reach is recorded as refused and answered 404.
 *
 * <pre>
 * ASSESSMENT --plan asked--> CASE_PLAN --approved--> IN_PROGRESS --resolved--> RESOLVED
 *     ^                         | rejected                                     | follow-up recorded,
 *     +-------------------------+                                              | closure approved
 * IN_PROGRESS <--reopened-- RESOLVED, CLOSED <-------------------------------- CLOSED
 * </pre>
 */
@ApplicationScoped
public class CaseService {

  static final String TARGET = "case";
  static final String LIST_KEY = "caseIds";
  static final String TEXT_COLUMN = "help_case_approval.text_sealed";
  static final String COMMENT_COLUMN = "help_case_approval.comment_sealed";
  static final String NOTE_COLUMN = "help_case_entry.note_sealed";
  static final String EMERGENCY_COLUMN = "case_emergency_access.reason_sealed";

  /** How long a break-glass grant lasts. */
  static final int EMERGENCY_HOURS = 4;

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final CaseRepository cases;
  private final HelpRequestRepository requests;
  private final CaseAccess access;
  private final OrgUnitService orgUnits;
  private final AuditLog audit;
  private final ObjectMapper json;
  private final CaseAlerts alerts;
  private final AuditService audits;

  CaseService(
      CaseRepository cases,
      HelpRequestRepository requests,
      CaseAccess access,
      OrgUnitService orgUnits,
      AuditLog audit,
      ObjectMapper json,
      CaseAlerts alerts,
      AuditService audits) {
    this.audits = audits;
    this.alerts = alerts;
    this.cases = cases;
    this.requests = requests;
    this.access = access;
    this.orgUnits = orgUnits;
    this.audit = audit;
    this.json = json;
  }

  /**
   * In the caller's transaction (triage with outcome CASE): a new case for the request, or the
   * request joins a case of the same person the caller reaches. The case's id.
   */
  Uni<Long> openOrJoin(
      CurrentUser user, CaseAccess.Scope scope, HelpRequestRepository.Facts request, Long join) {
    if (join != null) {
      return cases
          .byId(join)
          .invoke(
              c -> {
                if (c == null || !scope.mayRead(c.orgUnitId(), c.caseworker())) {
                  throw DomainException.invalid("caseId", "case.unknown", join);
                }
                if (CaseStatus.CLOSED.name().equals(c.status())) {
                  throw DomainException.invalid("caseId", "case.closed-join", join);
                }
              })
          .call(() -> requests.linkToCase(request.id(), join))
          .call(
              c ->
                  entry(
                      join,
                      user,
                      "REQUEST_LINKED",
                      null,
                      null,
                      null,
                      null,
                      Map.of("requestId", request.id())))
          .call(() -> audit.record(allowed(user, "case.request-linked", join, Map.of())))
          .replaceWith(join);
    }
    return cases
        .insert(
            request.orgUnitId(),
            request.assignedTo(),
            request.category(),
            request.domesticViolence(),
            request.concernsMinor(),
            request.riskLevel(),
            user.subject())
        .call(id -> requests.linkToCase(request.id(), id))
        .call(
            id ->
                entry(
                    id,
                    user,
                    "OPENED",
                    null,
                    CaseStatus.ASSESSMENT,
                    null,
                    null,
                    Map.of("requestId", request.id())))
        .call(id -> audit.record(allowed(user, "case.open", id, Map.of())));
  }

  /** How many cases in the caller's reach have this status: a number, no ids. */
  @WithSession
  public Uni<Long> count(CurrentUser user, CaseStatus status) {
    return access
        .of(user)
        .chain(
            scope ->
                scope.isOnTeam()
                    ? cases.count(scope.reach(), status == null ? null : status.name())
                    : Uni.createFrom().item(0L));
  }

  @WithSession
  public Uni<Page<CaseView>> list(CurrentUser user, CaseStatus status, int page, int size) {
    String s = status == null ? null : status.name();
    return access
        .of(user)
        .chain(
            scope ->
                !scope.isOnTeam()
                    ? Uni.createFrom().item(new Page<CaseRow>(List.of(), page, size, 0))
                    : cases
                        .list(scope.reach(), s, page, size)
                        .chain(
                            items ->
                                cases
                                    .count(scope.reach(), s)
                                    .map(total -> new Page<>(items, page, size, total))))
        .call(
            p ->
                audit.record(
                    AuditEvent.by(user, "case.list", AuditOutcome.ALLOWED)
                        .withTarget(TARGET, null)
                        .withDetail(
                            Map.of(
                                LIST_KEY,
                                p.items().stream().map(CaseRow::id).toList(),
                                "rows",
                                p.items().size()))))
        .map(p -> p.map(c -> view(c, null)));
  }

  @WithSession
  public Uni<CaseView> get(CurrentUser user, long id) {
    return readable(user, id, "case.read")
        .chain(f -> requests.ofCase(id).map(ids -> view(f.row(), ids)))
        .call(v -> audit.record(allowed(user, "case.read", id, Map.of())));
  }

  /** Who read, revealed or changed the case, newest first: the supervisors who reach it. */
  @WithSession
  public Uni<List<AuditEntry>> trail(CurrentUser user, long id) {
    return readable(user, id, "case.audit-read")
        .invoke(
            f -> {
              if (!f.scope().supervises(f.row().orgUnitId())) {
                throw DomainException.forbidden("case-work.supervisors-read-trail");
              }
            })
        .chain(() -> audits.trailOf(TARGET, id, LIST_KEY, 500))
        .call(() -> audit.record(allowed(user, "case.audit-read", id, Map.of())));
  }

  @WithSession
  public Uni<List<EntryView>> timeline(CurrentUser user, long id) {
    return readable(user, id, "case.timeline-read")
        .chain(() -> cases.entries(id))
        .call(() -> audit.record(allowed(user, "case.timeline-read", id, Map.of())))
        .map(list -> list.stream().map(this::entryView).toList());
  }

  /** The notes of these entries, in clear; the entries and the reason are audited first. */
  @WithSession
  public Uni<List<RevealedEntry>> reveal(CurrentUser user, long id, RevealEntries body) {
    return readable(user, id, "case.reveal")
        .chain(() -> cases.notes(id, body.entryIds()))
        .call(
            notes ->
                audit.record(
                    allowed(
                        user,
                        "case.reveal",
                        id,
                        Map.of(
                            "entryIds",
                            notes.stream().map(CaseRepository.SealedNote::id).toList(),
                            "reason",
                            body.reason()))))
        .map(
            notes ->
                notes.stream()
                    .map(
                        n ->
                            new RevealedEntry(
                                n.id(),
                                n.noteSealed() == null
                                    ? null
                                    : FieldCipher.current().decrypt(n.noteSealed(), NOTE_COLUMN)))
                    .toList());
  }

  /** A contact, counselling, a safety plan, a follow-up or a note; never on a closed case. */
  @WithTransaction
  public Uni<EntryView> addEntry(CurrentUser user, long id, NewEntry body) {
    return workable(user, id, "case.entry")
        .invoke(f -> requireStatus(f.row(), List.of(CaseStatus.CLOSED), true))
        .chain(
            f ->
                entry(
                    id, user, body.kind().name(), null, null, body.note(), body.dueAt(), Map.of()))
        .call(() -> audit.record(allowed(user, "case.entry", id, Map.of("kind", body.kind()))))
        .chain(entryId -> cases.entries(id))
        .map(list -> entryView(list.get(list.size() - 1)));
  }

  @WithSession
  public Uni<List<ApprovalView>> approvals(CurrentUser user, long id) {
    return readable(user, id, "case.read")
        .chain(() -> cases.approvals(id))
        .map(list -> list.stream().map(CaseService::approvalView).toList());
  }

  /**
   * Asks a supervisor to approve the case plan (from ASSESSMENT) or the closure (RESOLVED, after a
   * follow-up was recorded since the resolution).
   */
  @WithTransaction
  public Uni<ApprovalView> requestApproval(CurrentUser user, long id, ApprovalRequest body) {
    return workable(user, id, "case.approval-request")
        .call(
            f -> {
              CaseRow c = f.row();
              if (c.pending() != null) {
                throw DomainException.conflict("case.approval-open", id);
              }
              if (body.kind() == ApprovalKind.CASE_PLAN) {
                requireStatus(c, List.of(CaseStatus.ASSESSMENT), false);
                return Uni.createFrom().voidItem();
              }
              requireStatus(c, List.of(CaseStatus.RESOLVED), false);
              return cases
                  .hasEntrySince(id, "FOLLOW_UP", c.resolvedAt())
                  .invoke(
                      followed -> {
                        if (!followed) {
                          throw DomainException.rule("case.follow-up-first");
                        }
                      });
            })
        .chain(
            f ->
                cases
                    .requestApproval(
                        id,
                        body.kind().name(),
                        FieldCipher.current().encrypt(body.text().strip(), TEXT_COLUMN),
                        user.subject())
                    .invoke(
                        approvalId -> {
                          if (approvalId == null) {
                            throw DomainException.conflict("case.approval-open", id);
                          }
                        })
                    .call(
                        approvalId -> {
                          CaseStatus to =
                              body.kind() == ApprovalKind.CASE_PLAN
                                  ? CaseStatus.CASE_PLAN
                                  : CaseStatus.RESOLVED;
                          return move(f.row(), to, "pending = :p", "p", body.kind().name())
                              .call(
                                  () ->
                                      entry(
                                          id,
                                          user,
                                          "APPROVAL_REQUESTED",
                                          status(f.row()),
                                          to,
                                          null,
                                          null,
                                          Map.of("approvalId", approvalId, "kind", body.kind())));
                        }))
        .call(
            approvalId ->
                audit.record(
                    allowed(
                        user,
                        "case.approval-request",
                        id,
                        Map.of("approvalId", approvalId, "kind", body.kind()))))
        .chain(cases::approval)
        .map(CaseService::approvalView);
  }

  /**
   * A supervisor who reaches the case, and did not ask, approves or rejects (with a comment). A
   * plan approved starts the work, rejected sends it back to assessment; a closure approved closes
   * the case, rejected leaves it resolved.
   */
  @WithTransaction
  public Uni<ApprovalView> decide(CurrentUser user, long id, long approvalId, DecisionBody body) {
    if (body.decision() == Decision.REJECTED
        && (body.comment() == null || body.comment().isBlank())) {
      throw DomainException.invalid("comment", "case.reject-needs-comment");
    }
    return readable(user, id, "case.decision")
        .invoke(
            f -> {
              if (!f.scope().supervises(f.row().orgUnitId())) {
                throw DomainException.forbidden("case.supervisors-decide");
              }
            })
        .chain(
            f ->
                cases
                    .approval(approvalId)
                    .invoke(
                        a -> {
                          if (a == null || a.caseId() != id) {
                            throw DomainException.notFound("case-approval", approvalId);
                          }
                          if (a.decision() != null) {
                            throw DomainException.conflict("case.approval-decided", approvalId);
                          }
                          if (a.requestedBy().equals(user.subject())) {
                            throw DomainException.forbidden("case.not-own-approval");
                          }
                        })
                    .chain(a -> apply(user, f.row(), a, body)))
        .call(
            () ->
                audit.record(
                    allowed(
                        user,
                        "case.decision",
                        id,
                        Map.of("approvalId", approvalId, "decision", body.decision()))))
        .chain(() -> cases.approval(approvalId))
        .map(CaseService::approvalView);
  }

  private Uni<Void> apply(
      CurrentUser user, CaseRow c, CaseRepository.Approval a, DecisionBody body) {
    boolean approved = body.decision() == Decision.APPROVED;
    String comment =
        body.comment() == null || body.comment().isBlank() ? null : body.comment().strip();
    Uni<Boolean> decided =
        cases.decide(
            a.id(),
            body.decision().name(),
            comment == null ? null : FieldCipher.current().encrypt(comment, COMMENT_COLUMN),
            user.subject());
    CaseStatus to;
    Uni<Boolean> moved;
    if (ApprovalKind.CASE_PLAN.name().equals(a.kind())) {
      to = approved ? CaseStatus.IN_PROGRESS : CaseStatus.ASSESSMENT;
      moved = move(c, to, "pending = null");
    } else if (approved) {
      to = CaseStatus.CLOSED;
      moved = move(c, to, "pending = null, closed_at = now()");
    } else {
      to = CaseStatus.RESOLVED;
      moved = move(c, to, "pending = null");
    }
    return decided
        .invoke(
            done -> {
              if (!done) {
                throw DomainException.conflict("case.approval-decided", a.id());
              }
            })
        .chain(() -> moved)
        .chain(
            () ->
                entry(
                    c.id(),
                    user,
                    approved ? "APPROVED" : "REJECTED",
                    status(c),
                    to,
                    comment,
                    null,
                    Map.of("approvalId", a.id(), "kind", a.kind())))
        .replaceWithVoid();
  }

  /** IN_PROGRESS → RESOLVED with how, and when to follow up (in the future). */
  @WithTransaction
  public Uni<CaseView> resolve(CurrentUser user, long id, Resolve body) {
    if (!body.followUpDue().isAfter(OffsetDateTime.now())) {
      throw DomainException.invalid("followUpDue", "case.follow-up-future");
    }
    return workable(user, id, "case.resolve")
        .invoke(f -> requireStatus(f.row(), List.of(CaseStatus.IN_PROGRESS), false))
        .call(
            f ->
                move(
                    f.row(),
                    CaseStatus.RESOLVED,
                    "resolution = :r, resolved_at = now(), follow_up_due = :due",
                    "r",
                    body.resolution().name(),
                    "due",
                    body.followUpDue()))
        .call(
            f ->
                entry(
                    id,
                    user,
                    "RESOLVED",
                    status(f.row()),
                    CaseStatus.RESOLVED,
                    body.note(),
                    body.followUpDue(),
                    Map.of("resolution", body.resolution())))
        .call(() -> audit.record(allowed(user, "case.resolve", id, Map.of())))
        .chain(() -> current(id));
  }

  /** RESOLVED or CLOSED → IN_PROGRESS, with the reason on the timeline. */
  @WithTransaction
  public Uni<CaseView> reopen(CurrentUser user, long id, Reopen body) {
    return workable(user, id, "case.reopen")
        .invoke(
            f -> {
              requireStatus(f.row(), List.of(CaseStatus.RESOLVED, CaseStatus.CLOSED), false);
              if (f.row().pending() != null) {
                throw DomainException.conflict("case.approval-open", id);
              }
            })
        .call(
            f ->
                move(
                    f.row(),
                    CaseStatus.IN_PROGRESS,
                    "resolution = null, resolved_at = null, follow_up_due = null,"
                        + " closed_at = null"))
        .call(
            f ->
                entry(
                    id,
                    user,
                    "REOPENED",
                    status(f.row()),
                    CaseStatus.IN_PROGRESS,
                    body.reason(),
                    null,
                    Map.of()))
        .call(() -> audit.record(allowed(user, "case.reopen", id, Map.of())))
        .chain(() -> current(id));
  }

  /**
   * To another unit (she moved): a supervisor who reaches the case; its requests go along, the
   * caseworker is cleared, the old unit no longer reaches it; the timeline keeps both units.
   */
  @WithTransaction
  public Uni<CaseView> transfer(CurrentUser user, long id, Transfer body) {
    return readable(user, id, "case.transfer")
        .invoke(
            f -> {
              if (!f.scope().supervises(f.row().orgUnitId())) {
                throw DomainException.forbidden("case.supervisors-transfer");
              }
              requireStatus(f.row(), List.of(CaseStatus.CLOSED), true);
              if (body.orgUnitId().equals(f.row().orgUnitId())) {
                throw DomainException.invalid("orgUnitId", "case.same-unit");
              }
            })
        .call(() -> orgUnits.requireActive(body.orgUnitId()))
        .call(
            f ->
                cases
                    .change(
                        id,
                        f.row().version(),
                        "org_unit_id = :u, caseworker = null",
                        "u",
                        body.orgUnitId())
                    .invoke(CaseService::requireChanged))
        .call(() -> requests.moveCase(id, body.orgUnitId()))
        .call(
            f -> {
              Map<String, Object> detail = new LinkedHashMap<>();
              detail.put("fromUnitId", f.row().orgUnitId());
              detail.put("toUnitId", body.orgUnitId());
              return entry(id, user, "TRANSFERRED", null, null, body.reason(), null, detail);
            })
        .call(
            () ->
                audit.record(
                    allowed(user, "case.transfer", id, Map.of("toUnitId", body.orgUnitId()))))
        .chain(() -> current(id));
  }

  /** A supervisor gives the case to a team member whose seats reach its unit. */
  @WithTransaction
  public Uni<CaseView> assign(CurrentUser user, long id, String subject) {
    return readable(user, id, "case.assign")
        .invoke(
            f -> {
              if (!f.scope().supervises(f.row().orgUnitId())) {
                throw DomainException.forbidden("case.supervisors-assign");
              }
            })
        .call(f -> access.requireSeatReaching(subject, f.row().orgUnitId()))
        .call(
            f ->
                cases
                    .change(id, f.row().version(), "caseworker = :cw", "cw", subject)
                    .invoke(CaseService::requireChanged))
        .call(
            () ->
                entry(id, user, "ASSIGNED", null, null, null, null, Map.of("caseworker", subject)))
        .call(() -> audit.record(allowed(user, "case.assign", id, Map.of("caseworker", subject))))
        .chain(() -> current(id));
  }

  // ---------------------------------------------------------------- helpers

  /** The case as it is now, after a change (the change itself is audited). */
  private Uni<CaseView> current(long id) {
    return cases.byId(id).chain(c -> requests.ofCase(id).map(ids -> view(c, ids)));
  }

  /** A case the caller reaches, and her scope. */
  record Found(CaseRow row, CaseAccess.Scope scope) {}

  Uni<Found> readable(CurrentUser user, long id, String action) {
    return access
        .of(user)
        .chain(
            scope ->
                cases
                    .byId(id)
                    .chain(
                        c -> {
                          if (c != null && scope.mayRead(c.orgUnitId(), c.caseworker())) {
                            return Uni.createFrom().item(new Found(c, scope));
                          }
                          if (c == null || !scope.isOnTeam()) {
                            return access.refuse(user, action, TARGET, id, "case");
                          }
                          // Break glass: read-only, for the grant's few hours (workable refuses).
                          return cases
                              .hasEmergencyAccess(id, user.subject())
                              .chain(
                                  granted ->
                                      granted
                                          ? Uni.createFrom().item(new Found(c, scope))
                                          : access.refuse(user, action, TARGET, id, "case"));
                        }));
  }

  /**
   * Break glass: a team member outside the case's reach reads it for {@link #EMERGENCY_HOURS}
   * hours, read-only, after giving a reason; the supervisors who reach it are paged at once and the
   * audit keeps the reason.
   */
  @WithTransaction
  public Uni<CaseView> breakGlass(CurrentUser user, long id, Reopen body) {
    return access
        .of(user)
        .chain(
            scope ->
                cases
                    .byId(id)
                    .chain(
                        c -> {
                          if (c == null || !scope.isOnTeam()) {
                            return access.<CaseRow>refuse(
                                user, "case.break-glass", TARGET, id, "case");
                          }
                          if (scope.mayRead(c.orgUnitId(), c.caseworker())) {
                            throw DomainException.rule("case.in-reach");
                          }
                          return Uni.createFrom().item(c);
                        }))
        .call(
            c ->
                cases.grantEmergency(
                    id,
                    user.subject(),
                    FieldCipher.current().encrypt(body.reason().strip(), EMERGENCY_COLUMN),
                    OffsetDateTime.now().plusHours(EMERGENCY_HOURS)))
        .call(c -> alerts.emergencyAccess(id, c.orgUnitId()))
        .call(
            () ->
                audit.record(
                    allowed(user, "case.break-glass", id, Map.of("reason", body.reason().strip()))))
        .chain(() -> current(id));
  }

  /** Readable, and the caller works on it: its caseworker, or a supervisor who reaches it. */
  Uni<Found> workable(CurrentUser user, long id, String action) {
    return readable(user, id, action)
        .invoke(
            f -> {
              boolean hers = user.subject().equals(f.row().caseworker());
              if (!hers && !f.scope().supervises(f.row().orgUnitId())) {
                throw DomainException.forbidden("case.not-yours");
              }
            });
  }

  static void requireStatus(CaseRow c, List<CaseStatus> statuses, boolean except) {
    boolean in = statuses.contains(CaseStatus.valueOf(c.status()));
    if (in == except) {
      throw DomainException.rule("case.wrong-status", c.status());
    }
  }

  private Uni<Boolean> move(CaseRow c, CaseStatus to, String set, Object... params) {
    Object[] all = new Object[params.length + 2];
    System.arraycopy(params, 0, all, 0, params.length);
    all[params.length] = "to";
    all[params.length + 1] = to.name();
    return cases
        .change(c.id(), c.version(), "status = :to, " + set, all)
        .invoke(CaseService::requireChanged);
  }

  private static void requireChanged(boolean changed) {
    if (!changed) {
      // Someone else changed the case since it was read: read it again and retry.
      throw DomainException.conflict("case.changed");
    }
  }

  Uni<Long> entry(
      long caseId,
      CurrentUser user,
      String kind,
      CaseStatus from,
      CaseStatus to,
      String note,
      OffsetDateTime dueAt,
      Map<String, ?> detail) {
    String sealed =
        note == null || note.isBlank()
            ? null
            : FieldCipher.current().encrypt(note.strip(), NOTE_COLUMN);
    String detailJson;
    try {
      detailJson = detail.isEmpty() ? null : json.writeValueAsString(detail);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("entry detail holds ids and enums", e);
    }
    return cases.addEntry(
        new CaseRepository.NewEntry(
            caseId,
            user.subject(),
            kind,
            from == null ? null : from.name(),
            to == null ? null : to.name(),
            sealed,
            dueAt,
            detailJson));
  }

  private static CaseStatus status(CaseRow c) {
    return CaseStatus.valueOf(c.status());
  }

  static AuditEvent allowed(CurrentUser user, String action, long id, Map<String, ?> detail) {
    return AuditEvent.by(user, action, AuditOutcome.ALLOWED)
        .withTarget(TARGET, id)
        .withDetail(detail);
  }

  private EntryView entryView(CaseRepository.Entry e) {
    Map<String, Object> detail;
    try {
      detail = e.detail() == null ? Map.of() : json.readValue(e.detail(), MAP);
    } catch (JsonProcessingException ex) {
      detail = Map.of();
    }
    return new EntryView(
        e.id(),
        e.at(),
        e.actor(),
        e.kind(),
        e.fromStatus() == null ? null : CaseStatus.valueOf(e.fromStatus()),
        e.toStatus() == null ? null : CaseStatus.valueOf(e.toStatus()),
        e.hasNote(),
        e.dueAt(),
        detail);
  }

  private static ApprovalView approvalView(CaseRepository.Approval a) {
    return new ApprovalView(
        a.id(),
        a.caseId(),
        ApprovalKind.valueOf(a.kind()),
        a.requestedBy(),
        a.requestedAt(),
        a.decision() == null ? null : Decision.valueOf(a.decision()),
        a.decidedBy(),
        a.decidedAt());
  }

  private static CaseView view(CaseRow c, List<Long> requestIds) {
    return new CaseView(
        c.id(),
        CaseStatus.valueOf(c.status()),
        c.pending() == null ? null : ApprovalKind.valueOf(c.pending()),
        c.orgUnitId(),
        c.caseworker(),
        c.category(),
        c.domesticViolence(),
        c.concernsMinor(),
        c.riskLevel(),
        c.resolution() == null ? null : CaseDtos.Resolution.valueOf(c.resolution()),
        c.resolvedAt(),
        c.followUpDue(),
        c.openedBy(),
        c.openedAt(),
        c.closedAt(),
        requestIds,
        c.version());
  }

  /**
   * Erases up to {@code batch} case files closed before the cut, in a transaction of its own (the
   * retention purge, ADR 0026); how many.
   */
  @WithTransaction
  public Uni<Integer> purgeClosed(OffsetDateTime cut, int batch) {
    return cases.purgeClosed(cut, batch);
  }
}
