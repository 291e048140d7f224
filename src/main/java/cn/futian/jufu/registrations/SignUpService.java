package cn.futian.jufu.registrations;

import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.error.Problem;
import cn.futian.jufu.common.error.ProblemCode;
import cn.futian.jufu.common.ratelimit.RateLimiter;
import cn.futian.jufu.common.security.AccessPolicy;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.events.EventStatus;
import cn.futian.jufu.events.SessionFacts;
import cn.futian.jufu.events.SignUpFacts;
import cn.futian.jufu.events.SignUpMode;
import cn.futian.jufu.members.MemberDtos.ChildRef;
import cn.futian.jufu.members.MemberDtos.EligibilityProfile;
import cn.futian.jufu.members.MemberService;
import cn.futian.jufu.noshows.NoShowService;
import cn.futian.jufu.orgunits.OrgUnitService;
import cn.futian.jufu.registrations.RegistrationDtos.RegistrationView;
import cn.futian.jufu.registrations.RegistrationDtos.SignUp;
import cn.futian.jufu.registrations.lottery.LotteryWeights;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.Year;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.exception.ConstraintViolationException;

/**
 * Signing up for a session, the hot path of a rush, top to bottom: the member's rate limit (Redis,
 * outside the transaction); then one transaction with the idempotency key, the session's facts
 * (from memory, checked by version: {@link SignUpFacts}), the checks, the hold on the session, the
 * registration row (unique per member and session), the seat claim, the history and the outbox.
 * Everything after a sign-up (cancelling, promoting, approving, the lottery) is {@link
 * RegistrationService}'s.
 */
@ApplicationScoped
public class SignUpService {

  private final RegistrationRepository registrations;
  private final RegistrationService registrationService;
  private final SeatLedger seats;
  private final IdempotencyStore idempotency;
  private final SignUpFacts signUpFacts;
  private final MemberService members;
  private final OrgUnitService orgUnits;
  private final AccessPolicy policy;
  private final RateLimiter limiter;
  private final NoShowService noShows;
  private final ObjectMapper json;

  SignUpService(
      RegistrationRepository registrations,
      RegistrationService registrationService,
      SeatLedger seats,
      IdempotencyStore idempotency,
      SignUpFacts signUpFacts,
      MemberService members,
      OrgUnitService orgUnits,
      AccessPolicy policy,
      RateLimiter limiter,
      NoShowService noShows,
      ObjectMapper json) {
    this.registrations = registrations;
    this.registrationService = registrationService;
    this.seats = seats;
    this.idempotency = idempotency;
    this.signUpFacts = signUpFacts;
    this.members = members;
    this.orgUnits = orgUnits;
    this.policy = policy;
    this.limiter = limiter;
    this.noShows = noShows;
    this.json = json;
  }

  /** The result of a sign-up: {@code created} is false when a retry got the first result. */
  public record Outcome(RegistrationView registration, boolean created) {}

  /**
   * Signs the caller up for a session. Rate limits come first (Redis, outside the transaction);
   * then, in one transaction: the member's eligibility profile, the idempotency key, the session's
   * facts (from memory), the checks, the hold on the session (which also tells whether the facts
   * were current), the registration row (unique per member and session), the seat claim, and the
   * history with its outbox row. Decided on stale facts, it is decided once more on fresh ones.
   */
  public Uni<Outcome> signUp(CurrentUser user, long sessionId, SignUp body, String idempotencyKey) {
    SignUp request = body == null ? new SignUp(List.of(), Map.of()) : body;
    return limiter
        .check("signup-member", user.subject())
        .chain(() -> signUpTransaction(user, sessionId, request, idempotencyKey, false))
        // Decided on facts an event change has made stale: once more, on facts read afresh.
        .onFailure(StaleFacts.class)
        .recoverWithUni(() -> signUpTransaction(user, sessionId, request, idempotencyKey, true))
        .onFailure(ConstraintViolationException.class)
        .transform(e -> DomainException.conflict("registration.already"));
  }

  /** A sign-up decided on cached session facts that an event change has made stale. */
  private static final class StaleFacts extends RuntimeException {
    StaleFacts() {
      super("session facts changed", null, false, false);
    }
  }

  private Uni<Outcome> signUpTransaction(
      CurrentUser user, long sessionId, SignUp request, String idempotencyKey, boolean fresh) {
    return Panache.withTransaction(
        () ->
            members
                .eligibilityProfile(user)
                .chain(
                    profile ->
                        idempotencyKey == null
                            ? signUpOnce(user, profile, sessionId, request, fresh)
                            : signUpIdempotent(
                                user, profile, sessionId, request, idempotencyKey, fresh)));
  }

  private Uni<Outcome> signUpIdempotent(
      CurrentUser user,
      EligibilityProfile profile,
      long sessionId,
      SignUp req,
      String key,
      boolean fresh) {
    String hash = IdempotencyStore.hash("signup", String.valueOf(sessionId), toJson(req));
    return idempotency
        .begin(profile.memberId(), key, hash)
        .chain(
            earlier -> {
              if (earlier != null) {
                return Uni.createFrom().item(new Outcome(fromJson(earlier.body()), false));
              }
              return signUpOnce(user, profile, sessionId, req, fresh)
                  .call(
                      outcome ->
                          idempotency.complete(
                              profile.memberId(), key, 201, toJson(outcome.registration())));
            });
  }

  private Uni<Outcome> signUpOnce(
      CurrentUser user, EligibilityProfile profile, long sessionId, SignUp req, boolean fresh) {
    return signUpFacts
        .of(sessionId, fresh)
        .chain(read -> decide(user, profile, sessionId, req, read, fresh));
  }

  private Uni<Outcome> decide(
      CurrentUser user,
      EligibilityProfile profile,
      long sessionId,
      SignUp req,
      SignUpFacts.Versioned read,
      boolean fresh) {
    return Uni.createFrom()
        .item(read.facts())
        .call(facts -> checkOpen(facts))
        .call(
            facts ->
                registrations
                    .findActive(sessionId, profile.memberId())
                    .invoke(
                        existing -> {
                          if (existing != null) {
                            throw DomainException.conflict("registration.already");
                          }
                        }))
        .chain(
            facts -> {
              List<ChildRef> children = children(profile, req.dependantIds());
              Map<String, Object> answers = Answers.validate(facts.questions(), req.answers());
              return checkEligibility(user, facts, profile, children)
                  .chain(() -> insert(user, read, fresh, profile, children, answers));
            })
        .map(view -> new Outcome(view, true));
  }

  private Uni<RegistrationView> insert(
      CurrentUser user,
      SignUpFacts.Versioned read,
      boolean fresh,
      EligibilityProfile profile,
      List<ChildRef> children,
      Map<String, Object> answers) {
    SessionFacts facts = read.facts();
    String pool = facts.genderPools() ? profile.gender().name() : SeatLedger.ANY;
    Registration r = new Registration();
    r.sessionId = facts.sessionId();
    r.memberId = profile.memberId();
    r.pool = pool;
    r.seats = (short) (1 + children.size());
    r.status =
        switch (facts.mode()) {
          // Written as confirmed: the seat claim in this transaction decides, and only a sign-up
          // that finds no seat is changed (to the waitlist) before anyone can see the row.
          case FIRST_COME -> RegistrationStatus.CONFIRMED;
          case APPROVAL -> RegistrationStatus.PENDING;
          case LOTTERY -> RegistrationStatus.APPLIED;
        };
    r.answers = answers.isEmpty() ? null : answers;
    r.createdAt = OffsetDateTime.now();
    r.updatedAt = r.createdAt;
    Uni<Void> weigh =
        facts.mode() == SignUpMode.LOTTERY
            ? registrations
                .attendedKindBefore(profile.memberId(), facts.kind().name())
                .chain(
                    attended ->
                        noShows
                            .standing(profile.memberId(), facts.kind().name())
                            .invoke(
                                standing ->
                                    r.lotteryWeight =
                                        LotteryWeights.weight(
                                            LotteryWeights.DEFAULT, !attended, standing.recent())))
                .replaceWithVoid()
            : Uni.createFrom().voidItem();
    return weigh
        .chain(() -> signUpFacts.holdOpen(r.sessionId, read.version()))
        .invoke(
            hold -> {
              if (hold == SignUpFacts.Hold.CLOSED) {
                throw DomainException.rule("registration.closed");
              }
              // Facts read in this very transaction are as current as any read can be.
              if (hold == SignUpFacts.Hold.STALE && !fresh) {
                throw new StaleFacts();
              }
            })
        .chain(() -> registrations.persistAndFlush(r))
        .call(
            saved ->
                registrations.linkDependants(
                    saved.id, children.stream().map(ChildRef::dependantId).toList()))
        .call(
            saved ->
                facts.mode() == SignUpMode.FIRST_COME
                    ? seats
                        .claim(saved.sessionId, saved.pool, saved.id, saved.seats)
                        .chain(claimed -> claimed ? Uni.createFrom().voidItem() : waitlist(saved))
                    : Uni.createFrom().voidItem())
        .call(registrations::flush)
        // Its history and the news for the member: one statement.
        .call(
            saved ->
                registrations.recordChange(
                    saved.id,
                    null,
                    saved.status,
                    user.subject(),
                    null,
                    registrationService.announcement(
                        saved, facts, "REGISTRATION_" + saved.status.name())))
        .chain(
            saved ->
                registrationService.view(
                    saved, facts, children.stream().map(ChildRef::dependantId).toList()));
  }

  /**
   * A first-come sign-up that found no seat: to the end of the waitlist. (One that got its seat
   * stays as written; sign-ups inside the reconfirmation window are never asked: created_at.)
   */
  private Uni<Void> waitlist(Registration r) {
    return registrations
        .nextWaitlistSeq()
        .invoke(
            seq -> {
              r.status = RegistrationStatus.WAITLISTED;
              r.waitlistSeq = seq;
            })
        .replaceWithVoid();
  }

  private Uni<Void> checkOpen(SessionFacts facts) {
    OffsetDateTime now = OffsetDateTime.now();
    if (facts.eventStatus() != EventStatus.PUBLISHED || facts.cancelled()) {
      if (!facts.eventStatus().visibleToResidents()) {
        throw DomainException.notFound("session", facts.sessionId());
      }
      throw DomainException.rule("registration.closed");
    }
    if (facts.registrationOpensAt() != null && now.isBefore(facts.registrationOpensAt())) {
      throw DomainException.rule("registration.not-open-yet", facts.registrationOpensAt());
    }
    if (now.isAfter(facts.effectiveRegistrationClose())) {
      throw DomainException.rule("registration.closed");
    }
    return Uni.createFrom().voidItem();
  }

  private Uni<Void> checkEligibility(
      CurrentUser user, SessionFacts facts, EligibilityProfile profile, List<ChildRef> children) {
    var rules = facts.eligibility();
    if (facts.genderPools() && profile.gender() == null) {
      throw notEligible(List.of(new Problem.FieldError("eligibility", "gender-unknown", null)));
    }
    Uni<Boolean> resident =
        rules != null && rules.residency
            ? (profile.homeUnitId() == null
                ? Uni.createFrom().item(false)
                : orgUnits.isWithinAny(profile.homeUnitId(), facts.audienceUnitIds()))
            : Uni.createFrom().item(true);
    Uni<Boolean> cadre =
        rules != null && rules.cadresOnly ? policy.isCadre(user) : Uni.createFrom().item(false);
    Uni<Long> recent =
        rules != null && rules.maxSignups != null
            ? registrations.countRecentOfKind(
                profile.memberId(),
                facts.kind().name(),
                OffsetDateTime.now().minusDays(rules.periodDays))
            : Uni.createFrom().item(0L);
    Uni<Boolean> suspended =
        facts.mode() == SignUpMode.FIRST_COME
            ? noShows
                .standing(profile.memberId(), facts.kind().name())
                .map(NoShowService.Standing::suspended)
            : Uni.createFrom().item(false);
    return suspended
        .invoke(
            isSuspended -> {
              if (isSuspended) {
                throw notEligible(
                    List.of(new Problem.FieldError("eligibility", "no-show-suspension", null)));
              }
            })
        .chain(() -> resident)
        .chain(
            isResident ->
                cadre.chain(
                    isCadre ->
                        recent.invoke(
                            count -> {
                              var failures =
                                  EligibilityCheck.failures(
                                      new EligibilityCheck.Facts(
                                          rules,
                                          profile,
                                          children,
                                          isResident,
                                          isCadre,
                                          count,
                                          Year.now(RegistrationService.SHANGHAI).getValue()));
                              if (!failures.isEmpty()) {
                                throw notEligible(failures);
                              }
                            })))
        .replaceWithVoid();
  }

  private static DomainException notEligible(List<Problem.FieldError> failures) {
    return new DomainException(ProblemCode.NOT_ELIGIBLE, "registration.not-eligible", failures);
  }

  private static List<ChildRef> children(EligibilityProfile profile, List<Long> ids) {
    if (ids == null || ids.isEmpty()) {
      return List.of();
    }
    Set<Long> wanted = new HashSet<>(ids);
    if (wanted.size() != ids.size()) {
      throw DomainException.invalid("dependantIds", "duplicate");
    }
    List<ChildRef> found =
        profile.children().stream().filter(c -> wanted.contains(c.dependantId())).toList();
    if (found.size() != wanted.size()) {
      throw DomainException.invalid("dependantIds", "not-my-child");
    }
    return found;
  }

  private String toJson(Object o) {
    try {
      return json.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private RegistrationView fromJson(String body) {
    try {
      return json.readValue(body, RegistrationView.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
