package cn.futian.jufu.checkin;

import cn.futian.jufu.cadres.AccessPolicy;
import cn.futian.jufu.checkin.CheckinDtos.AttendanceView;
import cn.futian.jufu.checkin.CheckinDtos.BatchResult;
import cn.futian.jufu.checkin.CheckinDtos.CodeView;
import cn.futian.jufu.checkin.CheckinDtos.Outcome;
import cn.futian.jufu.checkin.CheckinDtos.ScanResult;
import cn.futian.jufu.checkin.CheckinDtos.ScannedItem;
import cn.futian.jufu.checkin.CheckinDtos.VenueCodeView;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.error.Problem;
import cn.futian.jufu.common.error.ProblemCode;
import cn.futian.jufu.common.links.PublicLinks;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.time.Times;
import cn.futian.jufu.events.EventQueries;
import cn.futian.jufu.registrations.RegistrationService;
import cn.futian.jufu.registrations.RegistrationService.CheckinFacts;
import cn.futian.jufu.registrations.RegistrationStatus;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.jose4j.jwk.JsonWebKeySet;

/**
 * Check-in: signed codes for confirmed registrations, scans (one by one online, or batches scanned
 * offline), venue codes for self check-in, and the attendance record (who, when, how, by whom).
 */
@ApplicationScoped
public class CheckinService {

  private static final String VENUE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final CheckinRepository checkins;
  private final CheckinKeys keys;
  private final RegistrationService registrations;
  private final EventQueries events;
  private final AccessPolicy policy;
  private final CheckinConfig config;
  private final PublicLinks links;

  CheckinService(
      CheckinKeys keys,
      CheckinRepository checkins,
      RegistrationService registrations,
      EventQueries events,
      AccessPolicy policy,
      CheckinConfig config,
      PublicLinks links) {
    this.checkins = checkins;
    this.links = links;
    this.keys = keys;
    this.registrations = registrations;
    this.events = events;
    this.policy = policy;
    this.config = config;
  }

  /** The caller's check-in code for a confirmed registration. */
  @WithTransaction
  public Uni<CodeView> code(CurrentUser user, long registrationId) {
    return registrations
        .myCheckinFacts(user, registrationId)
        .chain(
            f -> {
              if (f.status() != RegistrationStatus.CONFIRMED || f.cancelled()) {
                throw DomainException.conflict("checkin.not-confirmed");
              }
              Instant from = f.startsAt().toInstant().minus(config.opensBefore());
              Instant to = f.endsAt().toInstant().plus(config.closesAfter());
              return keys.active()
                  .map(
                      list -> {
                        CheckinKeys.Key key = list.get(0);
                        String code =
                            CheckinCodes.sign(
                                key,
                                new CheckinCodes.Claims(
                                    f.registrationId(), f.sessionId(), f.seats(), from, to));
                        return new CodeView(
                            f.registrationId(),
                            f.sessionId(),
                            f.seats(),
                            code,
                            key.kid(),
                            from.atZone(Times.ZONE).toOffsetDateTime(),
                            to.atZone(Times.ZONE).toOffsetDateTime());
                      });
            });
  }

  /** The public keys as a JWK set, for phones that verify codes offline. */
  @WithTransaction
  public Uni<String> publicKeys() {
    return keys.active()
        .map(
            list -> {
              try {
                JsonWebKeySet set = new JsonWebKeySet();
                for (CheckinKeys.Key k : list) {
                  set.addJsonWebKey(k.jwk(false));
                }
                return set.toJson(org.jose4j.jwk.JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
              } catch (RuntimeException e) {
                throw new IllegalStateException(e);
              }
            });
  }

  @WithTransaction
  public Uni<String> rotate() {
    return keys.rotate().map(CheckinKeys.Key::kid);
  }

  @WithTransaction
  public Uni<Void> retire(String kid) {
    return keys.retire(kid)
        .invoke(
            ok -> {
              if (!ok) {
                throw DomainException.notFound("checkin-key", kid);
              }
            })
        .replaceWithVoid();
  }

  /** A cadre scans one code online; a refused code is a 422 problem naming the reason. */
  @WithTransaction
  public Uni<ScanResult> scan(CurrentUser user, long sessionId, String code) {
    return requireManagedSession(user, sessionId)
        .chain(() -> checkIn(user, sessionId, 0, code, Instant.now(), "SCAN"))
        .invoke(
            result -> {
              if (result.outcome() != Outcome.CHECKED_IN
                  && result.outcome() != Outcome.ALREADY_CHECKED_IN) {
                throw new DomainException(
                    ProblemCode.RULE_VIOLATION,
                    "checkin.refused",
                    List.of(new Problem.FieldError("code", result.outcome().name(), null)));
              }
            });
  }

  /**
   * Codes scanned offline and uploaded later: every item gets its own outcome; duplicates, codes of
   * another session and bad codes never fail the batch. Scan times in the future are taken as now.
   */
  @WithTransaction
  public Uni<BatchResult> batch(CurrentUser user, long sessionId, List<ScannedItem> items) {
    return requireManagedSession(user, sessionId)
        .chain(
            () -> {
              Uni<List<ScanResult>> chain = Uni.createFrom().item(new ArrayList<>());
              for (int i = 0; i < items.size(); i++) {
                int index = i;
                ScannedItem item = items.get(i);
                Instant now = Instant.now();
                Instant at =
                    item.scannedAt() == null || item.scannedAt().toInstant().isAfter(now)
                        ? now
                        : item.scannedAt().toInstant();
                chain =
                    chain.chain(
                        list ->
                            checkIn(user, sessionId, index, item.code(), at, "BATCH")
                                .map(
                                    r -> {
                                      list.add(r);
                                      return list;
                                    }));
              }
              return chain;
            })
        .map(
            list ->
                new BatchResult(
                    (int) list.stream().filter(r -> r.outcome() == Outcome.CHECKED_IN).count(),
                    (int)
                        list.stream()
                            .filter(r -> r.outcome() == Outcome.ALREADY_CHECKED_IN)
                            .count(),
                    (int)
                        list.stream()
                            .filter(
                                r ->
                                    r.outcome() != Outcome.CHECKED_IN
                                        && r.outcome() != Outcome.ALREADY_CHECKED_IN)
                            .count(),
                    list));
  }

  private Uni<ScanResult> checkIn(
      CurrentUser user, long sessionId, int index, String code, Instant at, String method) {
    return verify(code, at)
        .chain(
            v -> {
              if (!v.ok()) {
                Outcome outcome =
                    switch (v.refusal()) {
                      case UNKNOWN_KEY -> Outcome.UNKNOWN_KEY;
                      case NOT_YET_VALID -> Outcome.NOT_YET_VALID;
                      case EXPIRED -> Outcome.EXPIRED;
                      default -> Outcome.INVALID;
                    };
                return refused(index, outcome, v.claims());
              }
              if (v.claims().sessionId() != sessionId) {
                return refused(index, Outcome.WRONG_SESSION, v.claims());
              }
              return registrations
                  .checkinFacts(v.claims().registrationId())
                  .chain(
                      f ->
                          f == null
                                  || f.sessionId() != sessionId
                                  || f.status() != RegistrationStatus.CONFIRMED
                                  || f.cancelled()
                              ? refused(index, Outcome.NOT_CONFIRMED, v.claims())
                              : record(f, method, user.subject(), at, index));
            });
  }

  /** Verifies with the cached keys; an unknown key id triggers one reload (a rotation). */
  private Uni<CheckinCodes.Verified> verify(String code, Instant at) {
    long skew = config.clockSkew().toSeconds();
    return keys.active()
        .chain(
            list -> {
              CheckinCodes.Verified v = CheckinCodes.verify(code, list, at, skew);
              if (v.refusal() == CheckinCodes.Refusal.UNKNOWN_KEY) {
                return keys.reload().map(fresh -> CheckinCodes.verify(code, fresh, at, skew));
              }
              return Uni.createFrom().item(v);
            });
  }

  private static Uni<ScanResult> refused(int index, Outcome outcome, CheckinCodes.Claims claims) {
    return Uni.createFrom()
        .item(
            new ScanResult(
                index,
                outcome,
                claims == null ? null : claims.registrationId(),
                claims == null ? null : claims.persons(),
                null));
  }

  /** Records attendance once per registration; a second check-in reports the first. */
  private Uni<ScanResult> record(CheckinFacts f, String method, String by, Instant at, int index) {
    OffsetDateTime when = at.atZone(Times.ZONE).toOffsetDateTime();
    return checkins
        .record(
            new CheckinRepository.Arrival(
                f.registrationId(), f.sessionId(), f.memberId(), f.seats(), method, by, when))
        .map(
            recorded ->
                new ScanResult(
                    index,
                    recorded.now() ? Outcome.CHECKED_IN : Outcome.ALREADY_CHECKED_IN,
                    f.registrationId(),
                    f.seats(),
                    recorded.at()));
  }

  /** A cadre opens self check-in for a while: residents enter or scan the code at the venue. */
  @WithTransaction
  public Uni<VenueCodeView> openVenueCode(CurrentUser user, long sessionId, int minutes) {
    String code = randomCode(8);
    OffsetDateTime from = OffsetDateTime.now(Times.ZONE);
    OffsetDateTime to = from.plusMinutes(minutes);
    return requireManagedSession(user, sessionId)
        .chain(() -> checkins.insertVenueCode(sessionId, code, from, to, user.subject()))
        .map(
            n ->
                new VenueCodeView(
                    sessionId,
                    code,
                    from,
                    to,
                    links.app("/checkin?session=" + sessionId + "&code=" + code)));
  }

  /** A resident checks in with a venue code: only during its window, only if confirmed. */
  @WithTransaction
  public Uni<ScanResult> selfCheckin(CurrentUser user, String venueCode) {
    return checkins
        .sessionOfValidCode(venueCode.toUpperCase(java.util.Locale.ROOT))
        .chain(
            sessionId -> {
              if (sessionId == null) {
                throw DomainException.rule("checkin.venue-code-invalid");
              }
              return registrations
                  .mySessionCheckinFacts(user, sessionId)
                  .chain(
                      f -> {
                        if (f == null
                            || f.status() != RegistrationStatus.CONFIRMED
                            || f.cancelled()) {
                          throw DomainException.rule("checkin.not-confirmed");
                        }
                        return record(f, "SELF", user.subject(), Instant.now(), 0);
                      });
            });
  }

  /** Who came to a session: for cadres who manage the event's unit. */
  @WithSession
  public Uni<List<AttendanceView>> attendance(CurrentUser user, long sessionId) {
    return requireManagedSession(user, sessionId).chain(() -> checkins.attendance(sessionId));
  }

  private Uni<Void> requireManagedSession(CurrentUser user, long sessionId) {
    return events
        .sessionFacts(sessionId)
        .call(f -> policy.requireManage(user, f.ownerUnitId()))
        .replaceWithVoid();
  }

  private static String randomCode(int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(VENUE_ALPHABET.charAt(RANDOM.nextInt(VENUE_ALPHABET.length())));
    }
    return sb.toString();
  }
}
