package cn.futian.jufu.rights;

import cn.futian.jufu.audit.AuditEntry;
import cn.futian.jufu.audit.AuditEvent;
import cn.futian.jufu.audit.AuditLog;
import cn.futian.jufu.audit.AuditOutcome;
import cn.futian.jufu.audit.AuditService;
import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.crypto.BlindIndex;
import cn.futian.jufu.common.crypto.FieldCipher;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.rights.CaseWorkDtos.CaseRequestView;
import cn.futian.jufu.rights.CaseWorkDtos.Recorded;
import cn.futian.jufu.rights.CaseWorkDtos.ReferralSource;
import cn.futian.jufu.rights.CaseWorkDtos.Reveal;
import cn.futian.jufu.rights.CaseWorkDtos.Revealed;
import cn.futian.jufu.rights.CaseWorkDtos.SealedField;
import cn.futian.jufu.rights.CaseWorkDtos.StaffChannel;
import cn.futian.jufu.rights.CaseWorkDtos.StaffIntake;
import cn.futian.jufu.rights.HelpRequestRepository.Facts;
import cn.futian.jufu.rights.HelpRequestRepository.ListFilter;
import cn.futian.jufu.rights.RiskScreening.Answer;
import cn.futian.jufu.rights.RiskScreening.Question;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The case team's work on help requests (ADR 0021): lists and details with the sealed fields
 * masked, revealing a field with a reason, staff intake of calls, visits and referrals, assigning a
 * caseworker, and the audit trail of a request. Every read is audited before it is answered; a read
 * outside the caller's reach is audited as refused and answered 404, as if there were no request.
 */
@ApplicationScoped
public class CaseWorkService {

  static final String TARGET = "help-request";

  /** The key of the request ids a list read showed, in the audit detail. */
  static final String LIST_KEY = "helpRequestIds";

  static final String LISTED = "help-request.list";
  static final String READ = "help-request.read";
  static final String REVEALED = "help-request.reveal";
  static final String RECORDED = "help-request.record";
  static final String ASSIGNED = "help-request.assign";
  static final String TRAIL_READ = "help-request.audit-read";
  static final String TRIAGED = "help-request.triage";
  static final String SEARCHED = "help-request.search";

  /** At most this many matches of one person are shown. */
  static final int SAME_PERSON_LIMIT = 50;

  private static final TypeReference<Map<Question, Answer>> ANSWERS = new TypeReference<>() {};

  private final HelpRequestRepository requests;
  private final HelpRequestService intake;
  private final CaseAccess access;
  private final AuditLog audit;
  private final AuditService audits;
  private final CaseService cases;
  private final ObjectMapper json;

  CaseWorkService(
      HelpRequestRepository requests,
      HelpRequestService intake,
      CaseAccess access,
      AuditLog audit,
      AuditService audits,
      CaseService cases,
      ObjectMapper json) {
    this.requests = requests;
    this.intake = intake;
    this.access = access;
    this.audit = audit;
    this.audits = audits;
    this.cases = cases;
    this.json = json;
  }

  /** How many requests in the caller's reach match: a number, no ids (the console's overview). */
  @WithSession
  public Uni<Long> count(CurrentUser user, String status, Boolean overdue) {
    return access
        .of(user)
        .chain(
            scope ->
                scope.isOnTeam()
                    ? requests.count(scope.reach(), new ListFilter(status, null, overdue, null))
                    : Uni.createFrom().item(0L));
  }

  /** {@link #list(CurrentUser, ListFilter, int, int)} by its filters (the console's list). */
  @WithSession
  public Uni<Page<CaseRequestView>> list(
      CurrentUser user, String status, String riskLevel, Boolean overdue, int page, int size) {
    return list(user, new ListFilter(status, riskLevel, overdue, null), page, size);
  }

  /** The requests in the caller's reach, due soonest first; the ids shown are audited. */
  @WithSession
  public Uni<Page<CaseRequestView>> list(CurrentUser user, ListFilter filter, int page, int size) {
    return access
        .of(user)
        .chain(
            scope -> {
              if (!scope.isOnTeam()) {
                return Uni.createFrom().item(new Page<Facts>(List.of(), page, size, 0));
              }
              return requests
                  .list(scope.reach(), filter, page, size)
                  .chain(
                      items ->
                          requests
                              .count(scope.reach(), filter)
                              .map(total -> new Page<>(items, page, size, total)));
            })
        .call(
            p -> {
              Map<String, Object> detail = new LinkedHashMap<>();
              detail.put(LIST_KEY, p.items().stream().map(Facts::id).toList());
              detail.put("rows", p.items().size());
              detail.put("status", filter.status());
              detail.put("riskLevel", filter.riskLevel());
              detail.put("overdue", filter.overdue());
              detail.put("orgUnitId", filter.orgUnitId());
              return audit.record(
                  AuditEvent.by(user, LISTED, AuditOutcome.ALLOWED)
                      .withTarget(TARGET, null)
                      .withDetail(detail));
            })
        .map(p -> p.map(CaseWorkService::view));
  }

  /** One request, with the ids of the other requests of the same person in the caller's reach. */
  @WithSession
  public Uni<CaseRequestView> get(CurrentUser user, long id) {
    return readable(user, id, READ)
        .chain(
            found ->
                requests
                    .blinds(id)
                    .chain(
                        b ->
                            requests.samePerson(
                                found.scope().reach(), b[0], b[1], SAME_PERSON_LIMIT))
                    .map(
                        same ->
                            withSamePerson(
                                view(found.facts()),
                                same.stream()
                                    .map(Facts::id)
                                    .filter(other -> other != id)
                                    .toList())))
        .call(v -> audit.record(allowed(user, READ, id, Map.of(LIST_KEY, v.samePersonIds()))));
  }

  /**
   * The requests of one person in the caller's reach, by phone or ID number through the blind
   * index; what was searched by (never the number) and the ids shown are audited.
   */
  @WithSession
  public Uni<List<CaseRequestView>> search(CurrentUser user, CaseWorkDtos.Search body) {
    String phone = BlindIndex.mobileIn(body.phone());
    String idNumber = BlindIndex.idNumber(body.idNumber());
    if (phone == null && idNumber == null) {
      throw DomainException.invalid("phone", "case-work.search-needs-number");
    }
    BlindIndex blind = BlindIndex.current();
    List<String> by = new ArrayList<>();
    if (phone != null) {
      by.add("phone");
    }
    if (idNumber != null) {
      by.add("idNumber");
    }
    return access
        .of(user)
        .chain(
            scope ->
                scope.isOnTeam()
                    ? requests.samePerson(
                        scope.reach(),
                        blind.of("phone", phone),
                        blind.of("id-number", idNumber),
                        SAME_PERSON_LIMIT)
                    : Uni.createFrom().item(List.<Facts>of()))
        .call(
            found ->
                audit.record(
                    AuditEvent.by(user, SEARCHED, AuditOutcome.ALLOWED)
                        .withTarget(TARGET, null)
                        .withDetail(
                            Map.of("by", by, LIST_KEY, found.stream().map(Facts::id).toList()))))
        .map(found -> found.stream().map(CaseWorkService::view).toList());
  }

  /**
   * Gives a request its outcome (a consultation answered, information given, a case, or nothing:
   * spam, a prank, a duplicate); stops its clock. Its caseworker or a supervisor who reaches it.
   */
  @WithTransaction
  public Uni<CaseRequestView> triage(CurrentUser user, long id, CaseWorkDtos.Triage body) {
    checkTriage(id, body);
    return readable(user, id, TRIAGED)
        .invoke(
            found -> {
              boolean hers = user.subject().equals(found.facts().assignedTo());
              if (!hers && !found.scope().supervises(found.facts().orgUnitId())) {
                throw DomainException.forbidden("case-work.not-yours-to-triage");
              }
            })
        .call(
            found ->
                body.duplicateOf() == null
                    ? Uni.createFrom().voidItem()
                    : requests
                        .facts(body.duplicateOf())
                        .invoke(
                            earlier -> {
                              if (earlier == null
                                  || !found
                                      .scope()
                                      .mayRead(earlier.orgUnitId(), earlier.assignedTo())) {
                                throw DomainException.invalid(
                                    "duplicateOf",
                                    "case-work.duplicate-unknown",
                                    body.duplicateOf());
                              }
                            }))
        .chain(
            found -> {
              String note =
                  body.note() == null || body.note().isBlank() ? null : body.note().strip();
              return requests.triage(
                  id,
                  new HelpRequestRepository.Triage(
                      body.outcome().name(),
                      body.nothingReason() == null ? null : body.nothingReason().name(),
                      body.duplicateOf(),
                      note == null
                          ? null
                          : FieldCipher.current()
                              .encrypt(note, HelpRequestService.TRIAGE_NOTE_COLUMN),
                      user.subject()));
            })
        .invoke(
            done -> {
              if (!done) {
                throw DomainException.conflict("case-work.already-triaged", id);
              }
            })
        .call(
            () ->
                body.outcome() != CaseWorkDtos.Outcome.CASE
                    ? Uni.createFrom().voidItem()
                    : access
                        .of(user)
                        .chain(
                            scope ->
                                requests
                                    .facts(id)
                                    .chain(
                                        facts ->
                                            cases.openOrJoin(user, scope, facts, body.caseId())))
                        .replaceWithVoid())
        .call(
            () -> {
              Map<String, Object> detail = new LinkedHashMap<>();
              detail.put("outcome", body.outcome().name());
              detail.put(
                  "nothingReason",
                  body.nothingReason() == null ? null : body.nothingReason().name());
              detail.put("duplicateOf", body.duplicateOf());
              return audit.record(allowed(user, TRIAGED, id, detail));
            })
        .chain(() -> requests.facts(id))
        .map(CaseWorkService::view);
  }

  private static void checkTriage(long id, CaseWorkDtos.Triage body) {
    boolean nothing = body.outcome() == CaseWorkDtos.Outcome.NOTHING;
    if (nothing != (body.nothingReason() != null)) {
      throw DomainException.invalid("nothingReason", "case-work.nothing-reason");
    }
    boolean duplicate = body.nothingReason() == CaseWorkDtos.NothingReason.DUPLICATE;
    if (duplicate != (body.duplicateOf() != null)) {
      throw DomainException.invalid("duplicateOf", "case-work.duplicate-of");
    }
    if (body.duplicateOf() != null && body.duplicateOf() == id) {
      throw DomainException.invalid("duplicateOf", "case-work.duplicate-of");
    }
    if (body.caseId() != null && body.outcome() != CaseWorkDtos.Outcome.CASE) {
      throw DomainException.invalid("caseId", "case-work.case-id-only-for-case");
    }
  }

  /** The sealed fields asked for, in clear; the fields and the reason go to the audit first. */
  @WithSession
  public Uni<Revealed> reveal(CurrentUser user, long id, Reveal body) {
    List<String> fields = body.fields().stream().sorted().map(Enum::name).toList();
    return readable(user, id, REVEALED)
        .chain(found -> requests.sealed(id))
        .call(
            row ->
                audit.record(
                    allowed(user, REVEALED, id, Map.of("fields", fields, "reason", body.reason()))))
        .map(row -> revealed(id, body, row));
  }

  /** Records a call, visit or referral; a caseworker who records it gets it assigned. */
  @WithTransaction
  public Uni<Recorded> record(CurrentUser user, StaffIntake in) {
    HelpRequestService.validate(in.account(), in.contactBy(), in.safeContact());
    if (in.idNumber() != null
        && !in.idNumber().isBlank()
        && BlindIndex.idNumber(in.idNumber()) == null) {
      throw DomainException.invalid("idNumber", "case-work.id-number");
    }
    if ((in.channel() == StaffChannel.REFERRAL) != (in.referralSource() != null)) {
      throw DomainException.invalid("referralSource", "case-work.referral-source");
    }
    return access
        .of(user)
        .invoke(
            scope -> {
              if (!scope.mayRecordFor(in.orgUnitId())) {
                throw DomainException.forbidden("case-work.unit-out-of-reach", in.orgUnitId());
              }
            })
        .call(() -> intake.checkIntake(in.category(), in.orgUnitId()))
        .chain(
            scope ->
                intake.store(
                    new HelpRequestService.Intake(
                        null,
                        false,
                        in.category(),
                        in.domesticViolence(),
                        in.concernsMinor(),
                        in.account(),
                        in.contactBy(),
                        in.safeContact(),
                        in.riskAnswers(),
                        in.clientRequestId(),
                        in.orgUnitId(),
                        in.channel().name(),
                        in.referralSource() == null ? null : in.referralSource().name(),
                        "LEGAL_DUTY",
                        user.subject(),
                        scope.caseworker() ? user.subject() : null,
                        in.phone(),
                        in.idNumber())))
        .chain(stored -> requests.facts(stored.id()).map(f -> recorded(stored, f)))
        .call(r -> audit.record(allowed(user, RECORDED, r.id(), Map.of())));
  }

  /** A supervisor gives a request to a caseworker or supervisor whose seats reach its unit. */
  @WithTransaction
  public Uni<CaseRequestView> assign(CurrentUser user, long id, String assignee) {
    return readable(user, id, ASSIGNED)
        .invoke(
            found -> {
              if (!found.scope().supervises(found.facts().orgUnitId())) {
                throw DomainException.forbidden("case-work.supervisors-assign");
              }
            })
        .call(found -> access.requireSeatReaching(assignee, found.facts().orgUnitId()))
        .call(() -> requests.assign(id, assignee))
        .call(() -> audit.record(allowed(user, ASSIGNED, id, Map.of("assignee", assignee))))
        .chain(() -> requests.facts(id))
        .map(CaseWorkService::view);
  }

  /** Who did what with a request, newest first (its supervisors only). */
  @WithSession
  public Uni<List<AuditEntry>> trail(CurrentUser user, long id) {
    return readable(user, id, TRAIL_READ)
        .invoke(
            found -> {
              if (!found.scope().supervises(found.facts().orgUnitId())) {
                throw DomainException.forbidden("case-work.supervisors-read-trail");
              }
            })
        .chain(() -> audits.trailOf(TARGET, id, LIST_KEY, 500))
        .call(() -> audit.record(allowed(user, TRAIL_READ, id, Map.of())));
  }

  private record Found(Facts facts, CaseAccess.Scope scope) {}

  /** The request when the caller may read it; otherwise the refusal is audited and 404 answered. */
  private Uni<Found> readable(CurrentUser user, long id, String action) {
    return access
        .of(user)
        .chain(
            scope ->
                requests
                    .facts(id)
                    .chain(
                        facts -> {
                          if (facts != null
                              && scope.mayRead(facts.orgUnitId(), facts.assignedTo())) {
                            return Uni.createFrom().item(new Found(facts, scope));
                          }
                          return access.refuse(user, action, TARGET, id, "case-request");
                        }));
  }

  private static AuditEvent allowed(
      CurrentUser user, String action, long id, Map<String, ?> detail) {
    return AuditEvent.by(user, action, AuditOutcome.ALLOWED)
        .withTarget(TARGET, id)
        .withDetail(detail);
  }

  private Revealed revealed(long id, Reveal body, HelpRequestRepository.SealedRow row) {
    FieldCipher cipher = FieldCipher.current();
    String account = null;
    String contact = null;
    Map<Question, Answer> answers = null;
    if (body.fields().contains(SealedField.ACCOUNT)) {
      account = cipher.decrypt(row.accountSealed(), HelpRequestService.ACCOUNT_COLUMN);
    }
    if (body.fields().contains(SealedField.SAFE_CONTACT) && row.contactSealed() != null) {
      contact = cipher.decrypt(row.contactSealed(), HelpRequestService.CONTACT_COLUMN);
    }
    if (body.fields().contains(SealedField.RISK_ANSWERS) && row.riskAnswersSealed() != null) {
      try {
        answers =
            json.readValue(
                cipher.decrypt(row.riskAnswersSealed(), HelpRequestService.RISK_COLUMN), ANSWERS);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("stored risk answers are written by this service", e);
      }
    }
    return new Revealed(
        id,
        account,
        contact,
        answers,
        body.fields().contains(SealedField.RISK_ANSWERS) ? row.riskVersion() : null,
        open(
            body,
            SealedField.TRIAGE_NOTE,
            row.triageNoteSealed(),
            HelpRequestService.TRIAGE_NOTE_COLUMN),
        open(body, SealedField.PHONE, row.phoneSealed(), HelpRequestService.PHONE_COLUMN),
        open(
            body,
            SealedField.ID_NUMBER,
            row.idNumberSealed(),
            HelpRequestService.ID_NUMBER_COLUMN));
  }

  /** A sealed value in clear when it was asked for and is there; else null. */
  private static String open(Reveal body, SealedField field, String stored, String column) {
    return body.fields().contains(field) && stored != null
        ? FieldCipher.current().decrypt(stored, column)
        : null;
  }

  private static Recorded recorded(HelpRequestRepository.Stored stored, Facts f) {
    return new Recorded(
        stored.id(),
        HelpRequestService.reference(stored),
        f.riskLevel(),
        f.respondBy(),
        f.assignedTo());
  }

  static CaseRequestView view(Facts f) {
    List<SealedField> sealed = new ArrayList<>();
    sealed.add(SealedField.ACCOUNT);
    if (f.hasSafeContact()) {
      sealed.add(SealedField.SAFE_CONTACT);
    }
    if (f.riskScreened()) {
      sealed.add(SealedField.RISK_ANSWERS);
    }
    if (f.hasTriageNote()) {
      sealed.add(SealedField.TRIAGE_NOTE);
    }
    if (f.hasPhone()) {
      sealed.add(SealedField.PHONE);
    }
    if (f.hasIdNumber()) {
      sealed.add(SealedField.ID_NUMBER);
    }
    return new CaseRequestView(
        f.id(),
        f.category(),
        f.domesticViolence(),
        f.concernsMinor(),
        f.channel(),
        f.referralSource() == null ? null : ReferralSource.valueOf(f.referralSource()),
        f.orgUnitId(),
        f.anonymous(),
        f.linkedToAccount(),
        HelpDtos.ContactBy.valueOf(f.contactBy()),
        f.riskLevel(),
        f.riskVersion(),
        f.legalBasis(),
        f.status(),
        f.receivedAt(),
        f.respondBy(),
        f.overdue(),
        f.assignedTo(),
        f.recordedBy(),
        List.copyOf(sealed),
        f.outcome() == null ? null : CaseWorkDtos.Outcome.valueOf(f.outcome()),
        f.nothingReason() == null ? null : CaseWorkDtos.NothingReason.valueOf(f.nothingReason()),
        f.duplicateOf(),
        f.triagedAt(),
        f.triagedBy(),
        f.caseId(),
        null);
  }

  private static CaseRequestView withSamePerson(CaseRequestView v, List<Long> ids) {
    return new CaseRequestView(
        v.id(),
        v.category(),
        v.domesticViolence(),
        v.concernsMinor(),
        v.channel(),
        v.referralSource(),
        v.orgUnitId(),
        v.anonymous(),
        v.linkedToAccount(),
        v.contactBy(),
        v.riskLevel(),
        v.riskVersion(),
        v.legalBasis(),
        v.status(),
        v.receivedAt(),
        v.respondBy(),
        v.overdue(),
        v.assignedTo(),
        v.recordedBy(),
        v.sealedFields(),
        v.outcome(),
        v.nothingReason(),
        v.duplicateOf(),
        v.triagedAt(),
        v.triagedBy(),
        v.caseId(),
        List.copyOf(ids));
  }
}
