package cn.futian.jufu.rights;

import cn.futian.jufu.common.crypto.BlindIndex;
import cn.futian.jufu.common.crypto.FieldCipher;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.ratelimit.RateLimiter;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.text.Texts;
import cn.futian.jufu.members.MemberService;
import cn.futian.jufu.orgunits.OrgUnitService;
import cn.futian.jufu.rights.HelpDtos.CategoryView;
import cn.futian.jufu.rights.HelpDtos.ContactBy;
import cn.futian.jufu.rights.HelpDtos.NewHelpRequest;
import cn.futian.jufu.rights.HelpDtos.Receipt;
import cn.futian.jufu.rights.HelpDtos.StatusView;
import cn.futian.jufu.rights.RiskScreening.Answer;
import cn.futian.jufu.rights.RiskScreening.Question;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Requests for help from residents, signed in or anonymous (ADR 0020): stored before they are
 * acknowledged, what she wrote sealed, a risk level and a time to respond, a reference code to
 * follow up. Staff intake, triage and cases build on these rows.
 */
@ApplicationScoped
public class HelpRequestService {

  public static final String ACCOUNT_COLUMN = "help_request.account_sealed";
  public static final String CONTACT_COLUMN = "help_request.contact_sealed";
  public static final String RISK_COLUMN = "help_request.risk_answers_sealed";
  public static final String REFERENCE_COLUMN = "help_request.reference_sealed";
  public static final String TRIAGE_NOTE_COLUMN = "help_request.triage_note_sealed";
  public static final String PHONE_COLUMN = "help_request.phone_sealed";
  public static final String ID_NUMBER_COLUMN = "help_request.id_number_sealed";

  static final String ANONYMOUS_IP = "help-anonymous-ip";
  static final String ANONYMOUS_DEVICE = "help-anonymous-device";
  static final String MEMBER = "help-member";
  static final String LOOKUP_IP = "help-lookup-ip";

  private final HelpRequestRepository requests;
  private final MemberService members;
  private final OrgUnitService orgUnits;
  private final RateLimiter limiter;
  private final ObjectMapper json;
  private final CaseAlerts alerts;

  HelpRequestService(
      HelpRequestRepository requests,
      MemberService members,
      OrgUnitService orgUnits,
      RateLimiter limiter,
      ObjectMapper json,
      CaseAlerts alerts) {
    this.alerts = alerts;
    this.requests = requests;
    this.members = members;
    this.orgUnits = orgUnits;
    this.limiter = limiter;
    this.json = json;
  }

  /** Where a request comes from: the caller (null when not signed in), her address and device. */
  public record Origin(CurrentUser user, String addressKey, String deviceId) {}

  @WithSession
  public Uni<List<CategoryView>> categories() {
    return requests
        .activeCategories()
        .map(
            list ->
                list.stream()
                    .map(c -> new CategoryView(c.code(), c.nameZh(), c.nameEn()))
                    .toList());
  }

  /**
   * Stores a request and acknowledges it once committed. A retry with the same client id answers
   * with the stored request; nothing is stored twice.
   */
  @WithTransaction
  public Uni<Receipt> submit(Origin origin, NewHelpRequest in) {
    validate(in);
    boolean anonymous = origin.user() == null || in.anonymous();
    return limit(origin)
        .chain(() -> checkIntake(in.category(), in.orgUnitId()))
        .chain(
            () -> anonymous ? Uni.createFrom().<Long>nullItem() : members.ensureId(origin.user()))
        .chain(memberId -> store(Intake.fromResident(memberId, anonymous, in)))
        .map(HelpRequestService::receipt);
  }

  /**
   * A request to store, from a resident or recorded by staff: what she said, where it came from,
   * under which legal basis.
   */
  record Intake(
      Long memberId,
      boolean anonymous,
      String category,
      boolean domesticViolence,
      boolean concernsMinor,
      String account,
      ContactBy contactBy,
      String safeContact,
      Map<Question, Answer> riskAnswers,
      UUID clientRequestId,
      Long orgUnitId,
      String channel,
      String referralSource,
      String legalBasis,
      String recordedBy,
      String assignedTo,
      String phone,
      String idNumber) {

    static Intake fromResident(Long memberId, boolean anonymous, NewHelpRequest in) {
      return new Intake(
          memberId,
          anonymous,
          in.category(),
          in.domesticViolence(),
          in.concernsMinor(),
          in.account(),
          in.contactBy(),
          in.safeContact(),
          in.riskAnswers(),
          in.clientRequestId(),
          in.orgUnitId(),
          "MINI_APP",
          null,
          "CONSENT",
          null,
          null,
          null,
          null);
    }
  }

  /** Checks what every intake needs: a known category, a named unit that is active. */
  Uni<Void> checkIntake(String category, Long orgUnitId) {
    return requests
        .isActiveCategory(category)
        .invoke(
            known -> {
              if (!known) {
                throw DomainException.invalid("category", "help.category-unknown", category);
              }
            })
        .call(
            () ->
                orgUnitId == null
                    ? Uni.createFrom().voidItem()
                    : orgUnits.requireActive(orgUnitId).replaceWithVoid())
        .replaceWithVoid();
  }

  /** The status of a request by its reference code: 404 for a code that names none. */
  @WithSession
  public Uni<StatusView> lookup(String addressKey, String typed) {
    String code = ReferenceCodes.normalise(typed);
    return limiter
        .check(LOOKUP_IP, addressKey)
        .chain(
            () -> {
              if (code == null) {
                throw DomainException.invalid("reference", "help.reference-format");
              }
              return requests.byReferenceHash(ReferenceCodes.hash(code));
            })
        .map(
            found -> {
              if (found == null) {
                // The code is a credential: it is named in no message or log.
                throw DomainException.notFound("help-request", null);
              }
              return new StatusView(
                  null, found.category(), found.status(), found.receivedAt(), found.respondBy());
            });
  }

  /** The caller's own requests (not those she filed anonymously). */
  @WithSession
  public Uni<List<StatusView>> mine(CurrentUser user) {
    return members
        .idOf(user.subject())
        .chain(
            memberId ->
                memberId == null
                    ? Uni.createFrom().item(List.<HelpRequestRepository.Stored>of())
                    : requests.ofMember(memberId))
        .map(list -> list.stream().map(HelpRequestService::status).toList());
  }

  /**
   * Erases up to {@code batch} requests triaged to one of the outcomes before the cut, in a
   * transaction of its own (the retention purge, ADR 0020); how many.
   */
  @WithTransaction
  public Uni<Integer> purgeTriaged(List<String> outcomes, OffsetDateTime cut, int batch) {
    return requests.purgeTriaged(outcomes, cut, batch);
  }

  /** A request as her export shows it: what she wrote and how to reach her, nothing of staff. */
  public record Exported(
      long id,
      String category,
      boolean domesticViolence,
      boolean concernsMinor,
      String account,
      String contactBy,
      String safeContact,
      String status,
      OffsetDateTime receivedAt) {}

  /** A member's own requests for her export (in the caller's session). */
  public Uni<List<Exported>> exportOf(long memberId) {
    FieldCipher cipher = FieldCipher.current();
    return requests
        .exportOf(memberId)
        .map(
            rows ->
                rows.stream()
                    .map(
                        r ->
                            new Exported(
                                r.id(),
                                r.category(),
                                r.domesticViolence(),
                                r.concernsMinor(),
                                cipher.decrypt(r.accountSealed(), ACCOUNT_COLUMN),
                                r.contactBy(),
                                r.contactSealed() == null
                                    ? null
                                    : cipher.decrypt(r.contactSealed(), CONTACT_COLUMN),
                                r.status(),
                                r.receivedAt()))
                    .toList());
  }

  /**
   * Stores an intake in the caller's transaction, once: a retry with the same client id (and
   * author) gives back the stored request.
   */
  Uni<HelpRequestRepository.Stored> store(Intake in) {
    Uni<HelpRequestRepository.Stored> earlier =
        in.clientRequestId() == null
            ? Uni.createFrom().nullItem()
            : requests.byClientRequest(in.memberId(), in.clientRequestId());
    return earlier.chain(
        found -> {
          if (found != null) {
            return Uni.createFrom().item(found);
          }
          HelpRequestRepository.NewRow row = row(in);
          return requests
              .insert(row)
              .chain(
                  id ->
                      id != null
                          ? alertIfHighRisk(id, row).chain(() -> requests.byId(id))
                          // A concurrent retry stored it first: answer with that one.
                          : requests.byClientRequest(in.memberId(), in.clientRequestId()));
        });
  }

  /** A new high-risk request pages its supervisors in the same transaction (ADR 0021). */
  private Uni<Void> alertIfHighRisk(long id, HelpRequestRepository.NewRow row) {
    if (!RiskScreening.Level.HIGH.name().equals(row.riskLevel())) {
      return Uni.createFrom().voidItem();
    }
    return alerts.highRisk(id, row.orgUnitId(), row.respondBy()).replaceWithVoid();
  }

  private HelpRequestRepository.NewRow row(Intake in) {
    FieldCipher cipher = FieldCipher.current();
    String reference = ReferenceCodes.next();
    RiskScreening.Level level = RiskScreening.level(in.domesticViolence(), in.riskAnswers());
    boolean screened = in.riskAnswers() != null && !in.riskAnswers().isEmpty();
    String contact = Texts.blankToNull(in.safeContact());
    // The blind index: the phone staff recorded, else a mobile number in her safe contact.
    String phone = BlindIndex.mobileIn(in.phone() != null ? in.phone() : contact);
    String idNumber = BlindIndex.idNumber(in.idNumber());
    BlindIndex blind = BlindIndex.current();
    return new HelpRequestRepository.NewRow(
        ReferenceCodes.hash(reference),
        cipher.encrypt(reference, REFERENCE_COLUMN),
        in.memberId(),
        in.anonymous(),
        in.clientRequestId(),
        in.category(),
        in.domesticViolence(),
        in.concernsMinor(),
        in.channel(),
        in.orgUnitId(),
        cipher.encrypt(in.account().strip(), ACCOUNT_COLUMN),
        in.contactBy().name(),
        contact == null ? null : cipher.encrypt(contact, CONTACT_COLUMN),
        level.name(),
        screened ? RiskScreening.VERSION : null,
        screened ? cipher.encrypt(answers(in.riskAnswers()), RISK_COLUMN) : null,
        in.legalBasis(),
        OffsetDateTime.now().plus(RiskScreening.respondWithin(level)),
        in.recordedBy(),
        in.referralSource(),
        in.assignedTo(),
        Texts.blankToNull(in.phone()) == null
            ? null
            : cipher.encrypt(in.phone().strip(), PHONE_COLUMN),
        idNumber == null ? null : cipher.encrypt(idNumber, ID_NUMBER_COLUMN),
        blind.of("phone", phone),
        blind.of("id-number", idNumber));
  }

  private String answers(Map<Question, Answer> riskAnswers) {
    try {
      return json.writeValueAsString(new TreeMap<>(riskAnswers));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("risk answers are enums", e);
    }
  }

  private Uni<Void> limit(Origin origin) {
    if (origin.user() != null) {
      // Signed in (even when filing anonymously): her account's budget, not the address's.
      return limiter.check(MEMBER, origin.user().subject());
    }
    Uni<Void> address = limiter.check(ANONYMOUS_IP, origin.addressKey());
    return origin.deviceId() == null
        ? address
        : address.chain(() -> limiter.check(ANONYMOUS_DEVICE, origin.deviceId()));
  }

  private static void validate(NewHelpRequest in) {
    validate(in.account(), in.contactBy(), in.safeContact());
  }

  /** What bean validation cannot say: a blank account, a phone contact without a number. */
  static void validate(String account, ContactBy contactBy, String safeContact) {
    if (account == null || account.isBlank()) {
      throw DomainException.invalid("account", "notBlank");
    }
    if (contactBy == ContactBy.PHONE && Texts.blankToNull(safeContact) == null) {
      throw DomainException.invalid("safeContact", "help.phone-needs-contact");
    }
  }

  /** The reference code of a stored request (shown once to whoever filed or recorded it). */
  static String reference(HelpRequestRepository.Stored s) {
    return FieldCipher.current().decrypt(s.referenceSealed(), REFERENCE_COLUMN);
  }

  private static Receipt receipt(HelpRequestRepository.Stored s) {
    return new Receipt(reference(s), s.status(), s.receivedAt(), s.respondBy(), s.anonymous());
  }

  private static StatusView status(HelpRequestRepository.Stored s) {
    return new StatusView(s.id(), s.category(), s.status(), s.receivedAt(), s.respondBy());
  }
}
