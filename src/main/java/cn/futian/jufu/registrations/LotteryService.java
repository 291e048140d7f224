package cn.futian.jufu.registrations;

import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.events.EventQueries;
import cn.futian.jufu.events.EventService;
import cn.futian.jufu.events.EventStatus;
import cn.futian.jufu.events.LotterySeed;
import cn.futian.jufu.events.SessionFacts;
import cn.futian.jufu.events.SignUpMode;
import cn.futian.jufu.registrations.lottery.LotteryDraw;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A lottery session's draw and its public audit (docs/adr/0007-fair-reproducible-lottery.md): the
 * applications drawn in the order {@link LotteryDraw} gives, winners seated, the rest waitlisted in
 * drawn order, the seed revealed.
 */
@ApplicationScoped
public class LotteryService {

  private final RegistrationRepository registrations;
  private final RegistrationService registrationService;
  private final SeatLedger seats;
  private final EventQueries events;
  private final EventService eventCommands;
  private final RegistrationAccess access;

  LotteryService(
      RegistrationRepository registrations,
      RegistrationService registrationService,
      SeatLedger seats,
      EventQueries events,
      EventService eventCommands,
      RegistrationAccess access) {
    this.registrations = registrations;
    this.registrationService = registrationService;
    this.seats = seats;
    this.events = events;
    this.eventCommands = eventCommands;
    this.access = access;
  }

  /**
   * Draws a lottery session after its application window: winners get their seats, the rest go to
   * the waitlist in drawn order; the seed is revealed (docs/adr/0007-fair-reproducible-lottery.md).
   */
  @WithTransaction
  public Uni<RegistrationDtos.LotteryAudit> draw(CurrentUser user, long sessionId) {
    OffsetDateTime now = OffsetDateTime.now();
    return access
        .requireManagedSession(user, sessionId)
        .chain(
            facts -> {
              if (facts.mode() != SignUpMode.LOTTERY) {
                throw DomainException.rule("lottery.not-a-lottery");
              }
              if (facts.lotteryDrawnAt() != null) {
                throw DomainException.conflict("lottery.already-drawn");
              }
              // The window closes at its time, or earlier when the cadre closes registration.
              if (now.isBefore(facts.effectiveRegistrationClose())
                  && facts.eventStatus() != EventStatus.REGISTRATION_CLOSED) {
                throw DomainException.rule(
                    "lottery.window-open", facts.effectiveRegistrationClose());
              }
              if (facts.cancelled() || facts.eventStatus() == EventStatus.CANCELLED) {
                throw DomainException.rule("registration.closed");
              }
              return registrations
                  .list(
                      "sessionId = ?1 and status = ?2",
                      Sort.by("id"),
                      sessionId,
                      RegistrationStatus.APPLIED)
                  .chain(
                      applied ->
                          registrationService
                              .freeSeats(List.of(sessionId))
                              .map(free -> free.getOrDefault(sessionId, Map.of()))
                              .chain(free -> allocate(user, facts, applied, free)));
            })
        .call(() -> eventCommands.markDrawn(sessionId, now))
        .chain(() -> lotteryAudit(sessionId));
  }

  private Uni<Void> allocate(
      CurrentUser user, SessionFacts facts, List<Registration> applied, Map<String, Integer> free) {
    List<LotteryDraw.Entry> entries =
        applied.stream()
            .map(r -> new LotteryDraw.Entry(r.id, r.pool, r.seats, r.lotteryWeight))
            .toList();
    LotteryDraw.Result result = LotteryDraw.draw(facts.lotterySeed(), entries, free);
    Map<Long, Registration> byId = new HashMap<>();
    applied.forEach(r -> byId.put(r.id, r));
    Map<Long, Integer> rank = new HashMap<>();
    result.ranking().forEach(x -> rank.put(x.registrationId(), x.rank()));
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (Long id : result.winners()) {
      Registration r = byId.get(id);
      chain =
          chain.chain(
              () ->
                  seats
                      .claim(r.sessionId, r.pool, r.id, r.seats)
                      .chain(
                          claimed ->
                              claimed
                                  ? settle(
                                      user,
                                      facts,
                                      r,
                                      RegistrationStatus.CONFIRMED,
                                      rank.get(id),
                                      null)
                                  : waitlist(user, facts, r, rank.get(id))));
    }
    for (Long id : result.waitlist()) {
      Registration r = byId.get(id);
      chain = chain.chain(() -> waitlist(user, facts, r, rank.get(id)));
    }
    return chain.call(registrations::flush);
  }

  /** An entry the draw did not seat (or whose seats were gone): to the waitlist, in drawn order. */
  private Uni<Void> waitlist(CurrentUser user, SessionFacts facts, Registration r, Integer rank) {
    return registrations
        .nextWaitlistSeq()
        .chain(seq -> settle(user, facts, r, RegistrationStatus.WAITLISTED, rank, seq));
  }

  private Uni<Void> settle(
      CurrentUser user,
      SessionFacts facts,
      Registration r,
      RegistrationStatus to,
      Integer rank,
      Long waitlistSeq) {
    r.lotteryRank = rank;
    r.waitlistSeq = waitlistSeq;
    r.updatedAt = OffsetDateTime.now();
    if (to == RegistrationStatus.CONFIRMED) {
      RegistrationService.confirmed(r, facts, r.updatedAt);
    } else {
      r.status = to;
    }
    return registrations
        .recordChange(r.id, RegistrationStatus.APPLIED, to, user.subject(), "lottery draw")
        .call(
            () ->
                registrationService.announce(
                    r,
                    facts,
                    to == RegistrationStatus.CONFIRMED ? "LOTTERY_WON" : "LOTTERY_WAITLISTED",
                    Map.<String, Object>of("rank", rank)));
  }

  /** A session's facts and its lottery audit, for those who run it (the console's page). */
  @WithSession
  public Uni<java.util.Map.Entry<SessionFacts, RegistrationDtos.LotteryAudit>> auditForManager(
      CurrentUser user, long sessionId) {
    return access
        .requireManagedSession(user, sessionId)
        .chain(facts -> lotteryAudit(sessionId).map(audit -> java.util.Map.entry(facts, audit)));
  }

  /** What anyone needs to re-run a draw: commitment, seed (after the draw), entries, weights. */
  @WithSession
  public Uni<RegistrationDtos.LotteryAudit> lotteryAudit(long sessionId) {
    return events
        .sessionFacts(sessionId)
        .chain(
            facts -> {
              if (facts.mode() != SignUpMode.LOTTERY || !facts.eventStatus().visibleToResidents()) {
                throw DomainException.notFound("session", sessionId);
              }
              return registrations
                  .list("sessionId = ?1 and lotteryWeight is not null", Sort.by("id"), sessionId)
                  .chain(
                      list ->
                          seats
                              .counts(List.of(sessionId))
                              .map(
                                  pools -> {
                                    Map<String, Integer> capacity = new HashMap<>();
                                    for (SeatLedger.PoolSeats pool : pools) {
                                      capacity.put(pool.pool(), pool.total());
                                    }
                                    boolean drawn = facts.lotteryDrawnAt() != null;
                                    return new RegistrationDtos.LotteryAudit(
                                        sessionId,
                                        LotterySeed.commitment(facts.lotterySeed()),
                                        drawn ? facts.lotterySeed() : null,
                                        facts.lotteryDrawnAt(),
                                        capacity,
                                        list.stream()
                                            .map(
                                                r ->
                                                    new RegistrationDtos.LotteryEntry(
                                                        r.id,
                                                        r.pool,
                                                        r.seats,
                                                        r.lotteryWeight,
                                                        r.lotteryRank,
                                                        drawn ? r.status.name() : null))
                                            .toList());
                                  }));
            });
  }
}
