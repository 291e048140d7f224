package cn.futian.jufu.registrations;

import cn.futian.jufu.cadres.AccessPolicy;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.error.Problem;
import cn.futian.jufu.common.error.ProblemCode;
import cn.futian.jufu.common.ratelimit.RateLimiter;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.time.Times;
import cn.futian.jufu.events.Eligibility;
import cn.futian.jufu.events.EventStatus;
import cn.futian.jufu.events.SessionFacts;
import cn.futian.jufu.events.SignUpFacts;
import cn.futian.jufu.events.SignUpMode;
import cn.futian.jufu.members.EncryptedColumns;
import cn.futian.jufu.members.Gender;
import cn.futian.jufu.members.MemberDtos.ChildRef;
import cn.futian.jufu.members.MemberDtos.EligibilityProfile;
import cn.futian.jufu.members.MemberService;
import cn.futian.jufu.noshows.NoShowService;
import cn.futian.jufu.registrations.RegistrationDtos.RegistrationView;
import cn.futian.jufu.registrations.RegistrationDtos.SignUp;
import cn.futian.jufu.registrations.lottery.LotteryWeights;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.Year;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Signing up for a session, the hot path of a rush, top to bottom (ADR 0018): the member's rate
 * limit (Redis); the session's facts (from memory, checked by version: {@link SignUpFacts}); one
 * statement that reads everything about the member the decision needs (and creates her on her first
 * call); the decision, here in Java; one statement that writes it (the hold on the session, the
 * registration, the seat claim, the history and the outbox, atomically). Two round trips to
 * PostgreSQL, no transaction held open across the network. Everything after a sign-up (cancelling,
 * promoting, approving, the lottery) is {@link RegistrationService}'s.
 */
@ApplicationScoped
public class SignUpService {

  /** A decision on stale facts is made again on fresh ones, at most this many times in all. */
  private static final int ATTEMPTS = 3;

  private final SignUpStatements statements;
  private final RegistrationRepository registrations;
  private final RegistrationService registrationService;
  private final SignUpFacts signUpFacts;
  private final AccessPolicy policy;
  private final RateLimiter limiter;
  private final NoShowService noShows;
  private final ObjectMapper json;

  SignUpService(
      SignUpStatements statements,
      RegistrationRepository registrations,
      RegistrationService registrationService,
      SignUpFacts signUpFacts,
      AccessPolicy policy,
      RateLimiter limiter,
      NoShowService noShows,
      ObjectMapper json) {
    this.statements = statements;
    this.registrations = registrations;
    this.registrationService = registrationService;
    this.signUpFacts = signUpFacts;
    this.policy = policy;
    this.limiter = limiter;
    this.noShows = noShows;
    this.json = json;
  }

  /** The result of a sign-up: {@code created} is false when a retry got the first result. */
  public record Outcome(RegistrationView registration, boolean created) {}

  /** A sign-up request with its Idempotency-Key (or none) and the key's request hash. */
  private record Request(long sessionId, SignUp body, String key, String hash) {}

  /**
   * Signs the caller up for a session. A retry with the same Idempotency-Key (or a second tap
   * arriving at the same time, which waits for the first in the database) gets the registration the
   * first one made and changes nothing; a key reused for a different request is refused.
   */
  public Uni<Outcome> signUp(CurrentUser user, long sessionId, SignUp body, String idempotencyKey) {
    SignUp req = body == null ? new SignUp(List.of(), Map.of()) : body;
    Request request =
        new Request(
            sessionId,
            req,
            idempotencyKey,
            idempotencyKey == null ? null : hash("signup", String.valueOf(sessionId), toJson(req)));
    return limiter
        .check("signup-member", user.subject())
        .chain(() -> attempt(user, request, 1))
        // The same key used at the same moment for another request (function sign_up).
        .onFailure(e -> e instanceof PgException pg && "JF409".equals(pg.getSqlState()))
        .transform(e -> DomainException.rule("idempotency.key-reused"));
  }

  private Uni<Outcome> attempt(CurrentUser user, Request request, int attempt) {
    return signUpFacts
        .of(request.sessionId(), attempt > 1)
        .chain(read -> signUpOn(user, request, read))
        .chain(
            outcome -> {
              if (outcome != null) {
                return Uni.createFrom().item(outcome);
              }
              // Decided on facts that an event change made stale: once more, on fresh facts.
              if (attempt >= ATTEMPTS) {
                throw DomainException.conflict("registration.busy");
              }
              return attempt(user, request, attempt + 1);
            });
  }

  /** One decision on the facts read; null when they turned out stale. */
  private Uni<Outcome> signUpOn(CurrentUser user, Request request, SignUpFacts.Versioned read) {
    SessionFacts facts = read.facts();
    checkOpen(facts);
    Map<String, Object> answers = Answers.validate(facts.questions(), request.body().answers());
    var rules = facts.eligibility();
    String kind = facts.kind().name();
    boolean firstCome = facts.mode() == SignUpMode.FIRST_COME;
    boolean lottery = facts.mode() == SignUpMode.LOTTERY;
    OffsetDateTime now = OffsetDateTime.now();
    var query =
        new SignUpStatements.MemberQuery(
            user.subject(),
            MemberService.tombstoneSubject(user.subject()),
            MemberService.initialName(user.name()),
            facts.sessionId(),
            kind,
            firstCome || lottery ? noShows.windowStart(kind) : null,
            rules != null && rules.maxSignups != null ? now.minusDays(rules.periodDays) : null,
            lottery,
            rules != null && rules.residency ? List.copyOf(facts.audienceUnitIds()) : null,
            request.key());
    return statements
        .member(query)
        .chain(
            member -> {
              if (member.deleted()) {
                throw DomainException.forbidden("member.deleted");
              }
              if (member.earlier() != null) {
                return replay(member.memberId(), request, member.earlier(), facts);
              }
              if (member.already()) {
                throw DomainException.conflict("registration.already");
              }
              EligibilityProfile profile = profile(member);
              List<ChildRef> children = children(profile, request.body().dependantIds());
              NoShowService.Standing standing =
                  noShows.standing(kind, member.noShows(), member.lastNoShow());
              return cadre(user, rules)
                  .map(
                      isCadre -> {
                        checkEligibility(
                            facts,
                            profile,
                            children,
                            member,
                            isCadre,
                            firstCome && standing.suspended());
                        return decide(
                            user, request, read, profile, children, answers, member, standing);
                      })
                  .chain(
                      decided ->
                          statements
                              .signUp(decided)
                              .chain(
                                  written -> outcome(written, decided, request, answers, facts)));
            });
  }

  /** What the member decided to ask for, with the seats and the status it is written with. */
  private SignUpStatements.Decided decide(
      CurrentUser user,
      Request request,
      SignUpFacts.Versioned read,
      EligibilityProfile profile,
      List<ChildRef> children,
      Map<String, Object> answers,
      SignUpStatements.MemberFacts member,
      NoShowService.Standing standing) {
    SessionFacts facts = read.facts();
    RegistrationStatus status =
        switch (facts.mode()) {
          // Written as confirmed: the seat claim in the same statement decides, and a sign-up that
          // finds no seat is moved to the waitlist before anyone can see the row.
          case FIRST_COME -> RegistrationStatus.CONFIRMED;
          case APPROVAL -> RegistrationStatus.PENDING;
          case LOTTERY -> RegistrationStatus.APPLIED;
        };
    Double weight =
        facts.mode() == SignUpMode.LOTTERY
            ? LotteryWeights.weight(LotteryWeights.DEFAULT, !member.attended(), standing.recent())
            : null;
    return new SignUpStatements.Decided(
        facts.sessionId(),
        profile.memberId(),
        read.version(),
        facts.genderPools() ? profile.gender().name() : SeatLedger.ANY,
        1 + children.size(),
        status,
        answers.isEmpty() ? null : toJson(answers),
        children.stream().map(ChildRef::dependantId).toList(),
        weight,
        user.subject(),
        toJson(RegistrationService.news(facts, facts.sessionId())),
        request.key(),
        request.hash());
  }

  private Uni<Outcome> outcome(
      SignUpStatements.Written written,
      SignUpStatements.Decided decided,
      Request request,
      Map<String, Object> answers,
      SessionFacts facts) {
    return switch (written.outcome()) {
      case STALE -> Uni.createFrom().nullItem();
      case CLOSED -> throw DomainException.rule("registration.closed");
      case ALREADY ->
          written.earlier() != null
              ? replay(decided.memberId(), request, written.earlier(), facts)
              : Uni.createFrom().failure(DomainException.conflict("registration.already"));
      case OK ->
          Uni.createFrom()
              .item(
                  new Outcome(
                      new RegistrationView(
                          written.registrationId(),
                          facts.sessionId(),
                          facts.eventId(),
                          facts.title(),
                          facts.startsAt(),
                          facts.endsAt(),
                          written.status(),
                          decided.pool(),
                          decided.seats(),
                          written.waitlistPosition(),
                          null,
                          null,
                          decided.dependantIds(),
                          answers.isEmpty() ? null : answers,
                          written.createdAt()),
                      true));
    };
  }

  /**
   * The answer to a retry with the same Idempotency-Key: the registration the first request made,
   * as it stands now. A key used for a different request is refused.
   */
  private Uni<Outcome> replay(
      long memberId, Request request, SignUpStatements.Earlier earlier, SessionFacts facts) {
    if (!earlier.requestHash().equals(request.hash())) {
      throw DomainException.rule("idempotency.key-reused");
    }
    if (earlier.body() == null) {
      // Only a record from before ADR 0018 could lack its result: treat as in progress.
      throw DomainException.conflict("idempotency.in-progress");
    }
    long id = registrationIdOf(earlier.body());
    return Panache.withSession(
        () ->
            registrations
                .findById(id)
                .chain(
                    r -> {
                      if (r == null || r.memberId != memberId) {
                        throw DomainException.conflict("idempotency.in-progress");
                      }
                      return registrationService.view(r, facts);
                    })
                .map(view -> new Outcome(view, false)));
  }

  /** Only events for cadres ask whether the caller is one (her appointments). */
  private Uni<Boolean> cadre(CurrentUser user, Eligibility rules) {
    return rules != null && rules.cadresOnly
        ? Panache.withSession(() -> policy.isCadre(user))
        : Uni.createFrom().item(false);
  }

  private static void checkOpen(SessionFacts facts) {
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
  }

  private static void checkEligibility(
      SessionFacts facts,
      EligibilityProfile profile,
      List<ChildRef> children,
      SignUpStatements.MemberFacts member,
      boolean isCadre,
      boolean suspended) {
    if (facts.genderPools() && profile.gender() == null) {
      throw notEligible(List.of(new Problem.FieldError("eligibility", "gender-unknown", null)));
    }
    if (suspended) {
      throw notEligible(List.of(new Problem.FieldError("eligibility", "no-show-suspension", null)));
    }
    var failures =
        EligibilityCheck.failures(
            new EligibilityCheck.Facts(
                facts.eligibility(),
                profile,
                children,
                member.resident(),
                isCadre,
                member.recent(),
                Year.now(Times.ZONE).getValue()));
    if (!failures.isEmpty()) {
      throw notEligible(failures);
    }
  }

  /** The member's eligibility profile from her facts (marital status decrypted, with consent). */
  private static EligibilityProfile profile(SignUpStatements.MemberFacts m) {
    List<ChildRef> children = new ArrayList<>();
    for (int i = 0; i < m.childIds().size(); i++) {
      children.add(new ChildRef(m.childIds().get(i), m.childBirthYears().get(i)));
    }
    return new EligibilityProfile(
        m.memberId(),
        m.homeUnitId(),
        m.gender() == null ? null : Gender.valueOf(m.gender()),
        m.birthYear(),
        m.encryptedMaritalStatus() == null
            ? null
            : new EncryptedColumns.Marital().convertToEntityAttribute(m.encryptedMaritalStatus()),
        List.copyOf(children));
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

  /** The registration an Idempotency-Key's record names ({@code {"id": …}}). */
  private long registrationIdOf(String body) {
    try {
      return json.readTree(body).path("id").asLong();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private String toJson(Object o) {
    try {
      return json.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The hash of a request that an Idempotency-Key's record keeps. */
  private static String hash(String... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String p : parts) {
        sha.update(String.valueOf(p).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
