package cn.futian.jufu.rights;

import cn.futian.jufu.common.crypto.FieldCipher;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.ratelimit.RateLimiter;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.members.MemberService;
import cn.futian.jufu.orgunits.OrgUnitService;
import cn.futian.jufu.rights.HelpDtos.CategoryView;
import cn.futian.jufu.rights.HelpDtos.ContactBy;
import cn.futian.jufu.rights.HelpDtos.NewHelpRequest;
import cn.futian.jufu.rights.HelpDtos.Receipt;
import cn.futian.jufu.rights.HelpDtos.StatusView;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.TreeMap;

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

  static final String ANONYMOUS_IP = "help-anonymous-ip";
  static final String ANONYMOUS_DEVICE = "help-anonymous-device";
  static final String MEMBER = "help-member";
  static final String LOOKUP_IP = "help-lookup-ip";

  private final HelpRequestRepository requests;
  private final MemberService members;
  private final OrgUnitService orgUnits;
  private final RateLimiter limiter;
  private final ObjectMapper json;

  HelpRequestService(
      HelpRequestRepository requests,
      MemberService members,
      OrgUnitService orgUnits,
      RateLimiter limiter,
      ObjectMapper json) {
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
        .chain(() -> requests.isActiveCategory(in.category()))
        .invoke(
            known -> {
              if (!known) {
                throw DomainException.invalid("category", "help.category-unknown", in.category());
              }
            })
        .call(() -> in.orgUnitId() == null ? Uni.createFrom().voidItem() : orgUnitActive(in))
        .chain(
            () -> anonymous ? Uni.createFrom().<Long>nullItem() : members.ensureId(origin.user()))
        .chain(memberId -> store(memberId, anonymous, in));
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

  private Uni<Receipt> store(Long memberId, boolean anonymous, NewHelpRequest in) {
    Uni<HelpRequestRepository.Stored> earlier =
        in.clientRequestId() == null
            ? Uni.createFrom().nullItem()
            : requests.byClientRequest(memberId, in.clientRequestId());
    return earlier.chain(
        found -> {
          if (found != null) {
            return Uni.createFrom().item(receipt(found));
          }
          return requests
              .insert(row(memberId, anonymous, in))
              .chain(
                  id ->
                      id != null
                          ? requests.byId(id)
                          // A concurrent retry stored it first: answer with that one.
                          : requests.byClientRequest(memberId, in.clientRequestId()))
              .map(HelpRequestService::receipt);
        });
  }

  private HelpRequestRepository.NewRow row(Long memberId, boolean anonymous, NewHelpRequest in) {
    FieldCipher cipher = FieldCipher.current();
    String reference = ReferenceCodes.next();
    RiskScreening.Level level = RiskScreening.level(in.domesticViolence(), in.riskAnswers());
    boolean screened = in.riskAnswers() != null && !in.riskAnswers().isEmpty();
    String contact = blankToNull(in.safeContact());
    return new HelpRequestRepository.NewRow(
        ReferenceCodes.hash(reference),
        cipher.encrypt(reference, REFERENCE_COLUMN),
        memberId,
        anonymous,
        in.clientRequestId(),
        in.category(),
        in.domesticViolence(),
        in.concernsMinor(),
        "MINI_APP",
        in.orgUnitId(),
        cipher.encrypt(in.account().strip(), ACCOUNT_COLUMN),
        in.contactBy().name(),
        contact == null ? null : cipher.encrypt(contact, CONTACT_COLUMN),
        level.name(),
        screened ? RiskScreening.VERSION : null,
        screened ? cipher.encrypt(answers(in), RISK_COLUMN) : null,
        "CONSENT",
        OffsetDateTime.now().plus(RiskScreening.respondWithin(level)));
  }

  private String answers(NewHelpRequest in) {
    try {
      return json.writeValueAsString(new TreeMap<>(in.riskAnswers()));
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

  private Uni<Void> orgUnitActive(NewHelpRequest in) {
    return orgUnits.requireActive(in.orgUnitId()).replaceWithVoid();
  }

  private static void validate(NewHelpRequest in) {
    if (in.account() == null || in.account().isBlank()) {
      throw DomainException.invalid("account", "notBlank");
    }
    if (in.contactBy() == ContactBy.PHONE && blankToNull(in.safeContact()) == null) {
      throw DomainException.invalid("safeContact", "help.phone-needs-contact");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static Receipt receipt(HelpRequestRepository.Stored s) {
    return new Receipt(
        FieldCipher.current().decrypt(s.referenceSealed(), REFERENCE_COLUMN),
        s.status(),
        s.receivedAt(),
        s.respondBy(),
        s.anonymous());
  }

  private static StatusView status(HelpRequestRepository.Stored s) {
    return new StatusView(s.id(), s.category(), s.status(), s.receivedAt(), s.respondBy());
  }
}
