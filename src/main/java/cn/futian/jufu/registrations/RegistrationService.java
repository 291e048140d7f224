package cn.futian.jufu.registrations;

import cn.futian.jufu.audit.AuditEvent;
import cn.futian.jufu.audit.AuditLog;
import cn.futian.jufu.audit.AuditOutcome;
import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.db.Sql;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.outbox.Outbox;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.time.Times;
import cn.futian.jufu.events.EventDtos.MyRegistration;
import cn.futian.jufu.events.EventQueries;
import cn.futian.jufu.events.EventStatus;
import cn.futian.jufu.events.SessionFacts;
import cn.futian.jufu.events.SessionRegistrations;
import cn.futian.jufu.events.SignUpMode;
import cn.futian.jufu.members.MemberDtos.EligibilityProfile;
import cn.futian.jufu.members.MemberService;
import cn.futian.jufu.registrations.RegistrationDtos.RegistrationView;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.Year;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Signing up: first come (seats + waitlist), approval, lottery applications; cancelling, promoting
 * from the waitlist. Seats are guarded by {@link SeatLedger} in PostgreSQL.
 */
@ApplicationScoped
public class RegistrationService implements SessionRegistrations {

  private final RegistrationRepository registrations;
  private final SeatLedger seats;
  private final EventQueries events;
  private final MemberService members;
  private final RegistrationAccess access;
  private final Outbox outbox;
  private final AuditLog audit;

  RegistrationService(
      RegistrationRepository registrations,
      SeatLedger seats,
      EventQueries events,
      MemberService members,
      RegistrationAccess access,
      Outbox outbox,
      AuditLog audit) {
    this.registrations = registrations;
    this.seats = seats;
    this.events = events;
    this.members = members;
    this.access = access;
    this.outbox = outbox;
    this.audit = audit;
  }

  /**
   * Gives the registration its seat. Once reconfirmation is open (48 h before), a confirmation is
   * the member's answer: it counts as reconfirmed, so the sweep at the deadline does not take back
   * a seat she was just given (a promotion, an offer taken, an approval, a lottery win).
   */
  static void confirmed(Registration r, SessionFacts facts, OffsetDateTime at) {
    r.status = RegistrationStatus.CONFIRMED;
    if (facts.reconfirm() && !at.isBefore(facts.reconfirmOpensAt())) {
      r.reconfirmedAt = at;
    }
  }

  // ---------------------------------------------------------------- cancelling, promoting

  /** The member cancels their own sign-up, until the session's cancellation deadline. */
  @WithTransaction
  public Uni<RegistrationView> cancelMine(CurrentUser user, long id) {
    return access
        .requireMineWithFacts(user, id)
        .chain(
            mine -> {
              if (OffsetDateTime.now().isAfter(mine.facts().effectiveCancelDeadline())) {
                throw DomainException.rule("registration.cancel-deadline");
              }
              return cancel(
                  mine.registration(),
                  mine.facts(),
                  user.subject(),
                  null,
                  "REGISTRATION_CANCELLED");
            });
  }

  /** A cadre who manages the event's unit cancels a registration, with a reason. */
  @WithTransaction
  public Uni<RegistrationView> cancelAsCadre(CurrentUser user, long id, String reason) {
    return access
        .requireManaged(user, id)
        .chain(
            pair ->
                cancel(
                    pair.registration(),
                    pair.facts(),
                    user.subject(),
                    reason,
                    "REGISTRATION_CANCELLED_BY_CADRE"));
  }

  private Uni<RegistrationView> cancel(
      Registration r, SessionFacts facts, String actor, String reason, String outboxType) {
    if (!r.status.isActive()) {
      throw DomainException.conflict("registration.not-active", r.status);
    }
    boolean hadSeats = r.status.holdsSeats();
    RegistrationStatus from = r.status;
    r.status = RegistrationStatus.CANCELLED;
    r.waitlistSeq = null;
    r.offerExpiresAt = null;
    r.updatedAt = OffsetDateTime.now();
    return registrations
        .flush()
        .chain(() -> hadSeats ? seats.release(r.id) : Uni.createFrom().item(0))
        .call(() -> registrations.recordChange(r.id, from, r.status, actor, reason))
        .call(() -> announce(r, facts, outboxType))
        .call(released -> released > 0 ? promote(facts, r.pool) : Uni.createFrom().voidItem())
        .chain(() -> view(r, facts));
  }

  /**
   * Gives free seats of a pool to the waitlist, earliest first; an entry that needs more seats than
   * are free is passed over for later, smaller ones (all or nothing per entry). Runs in the
   * caller's transaction; concurrent promoters skip each other's locked entries.
   */
  Uni<Void> promote(SessionFacts facts, String pool) {
    if (facts.mode() == SignUpMode.APPROVAL || facts.cancelled()) {
      return Uni.createFrom().voidItem();
    }
    if (facts.mode() == SignUpMode.LOTTERY && facts.lotteryDrawnAt() == null) {
      return Uni.createFrom().voidItem();
    }
    return seats
        .free(facts.sessionId(), pool)
        .chain(
            free ->
                free <= 0
                    ? Uni.createFrom().voidItem()
                    : registrations
                        .nextFitting(facts.sessionId(), pool, free)
                        .chain(
                            next ->
                                next == null
                                    ? Uni.createFrom().voidItem()
                                    : promoteOne(facts, next)
                                        .chain(
                                            promoted ->
                                                promoted
                                                    ? promote(facts, pool)
                                                    : Uni.createFrom().voidItem())));
  }

  private Uni<Boolean> promoteOne(SessionFacts facts, long registrationId) {
    return registrations
        .findById(registrationId)
        .chain(
            r ->
                seats
                    .claim(r.sessionId, r.pool, r.id, r.seats)
                    .chain(
                        claimed -> {
                          if (!claimed) {
                            return Uni.createFrom().item(false);
                          }
                          RegistrationStatus from = r.status;
                          r.waitlistSeq = null;
                          r.updatedAt = OffsetDateTime.now();
                          if (facts.offerWindowMinutes() != null) {
                            r.status = RegistrationStatus.OFFERED;
                            r.offerExpiresAt = r.updatedAt.plusMinutes(facts.offerWindowMinutes());
                          } else {
                            confirmed(r, facts, r.updatedAt);
                          }
                          return registrations
                              .flush()
                              .call(
                                  () ->
                                      registrations.recordChange(
                                          r.id, from, r.status, "system", "promoted"))
                              .call(() -> announce(r, facts, "REGISTRATION_PROMOTED"))
                              .replaceWith(true);
                        }));
  }

  /** The member takes the seat they were offered (promotion with a confirmation window). */
  @WithTransaction
  public Uni<RegistrationView> confirmOffer(CurrentUser user, long id) {
    return access
        .requireMine(user, id)
        .chain(
            r -> {
              if (r.status != RegistrationStatus.OFFERED) {
                throw DomainException.conflict("registration.no-offer");
              }
              if (r.offerExpiresAt.isBefore(OffsetDateTime.now())) {
                throw DomainException.rule("registration.offer-expired");
              }
              r.offerExpiresAt = null;
              r.updatedAt = OffsetDateTime.now();
              return events
                  .sessionFacts(r.sessionId)
                  .invoke(facts -> confirmed(r, facts, r.updatedAt))
                  .call(registrations::flush)
                  .call(
                      () ->
                          registrations.recordChange(
                              r.id, RegistrationStatus.OFFERED, r.status, user.subject(), null))
                  .chain(facts -> view(r, facts));
            });
  }

  /** The member reconfirms a seat (sessions that ask for it), 48 h to 24 h before the start. */
  @WithTransaction
  public Uni<RegistrationView> reconfirm(CurrentUser user, long id) {
    return access
        .requireMineWithFacts(user, id)
        .chain(
            mine -> {
              Registration r = mine.registration();
              SessionFacts facts = mine.facts();
              if (!facts.reconfirm() || r.status != RegistrationStatus.CONFIRMED) {
                throw DomainException.conflict("registration.no-reconfirmation");
              }
              OffsetDateTime now = OffsetDateTime.now();
              if (now.isBefore(facts.reconfirmOpensAt())) {
                throw DomainException.rule(
                    "registration.reconfirm-not-open", facts.reconfirmOpensAt());
              }
              if (now.isAfter(facts.reconfirmDeadline())) {
                throw DomainException.rule("registration.reconfirm-closed");
              }
              if (r.reconfirmedAt != null) {
                return view(r, facts);
              }
              r.reconfirmedAt = now;
              r.updatedAt = now;
              return registrations
                  .flush()
                  .call(
                      () ->
                          registrations.recordChange(
                              r.id, r.status, r.status, user.subject(), "reconfirmed"))
                  .chain(() -> view(r, facts));
            });
  }

  /**
   * Seats not reconfirmed by the deadline go to the waitlist (cancelled, next in line promoted).
   * Safe with several instances: rows are locked with SKIP LOCKED.
   */
  @WithTransaction
  public Uni<Integer> releaseUnreconfirmed() {
    return registrations
        .unreconfirmed(100)
        .chain(ids -> cancelAsSystem(ids, "not reconfirmed", "REGISTRATION_NOT_RECONFIRMED"));
  }

  /**
   * A member deleted their account: their sign-ups for sessions not yet over are cancelled and the
   * seats go to the next in line. Runs in the caller's transaction; tells nobody (the member is
   * gone). Returns how many were cancelled.
   */
  public Uni<Integer> cancelForDeletedAccount(long memberId) {
    return registrations
        .activeUpcomingOf(memberId)
        .chain(ids -> cancelAsSystem(ids, "account deleted", null));
  }

  /** Cancels locked registrations on the system's behalf (the next in line is promoted). */
  private Uni<Integer> cancelAsSystem(List<Long> ids, String reason, String outboxType) {
    Uni<Integer> chain = Uni.createFrom().item(0);
    for (Long id : ids) {
      chain =
          chain.chain(
              n ->
                  registrations
                      .findById(id)
                      .chain(
                          r ->
                              events
                                  .sessionFacts(r.sessionId)
                                  .chain(facts -> cancel(r, facts, "system", reason, outboxType)))
                      .replaceWith(n + 1));
    }
    return chain;
  }

  /** Offers not confirmed in time go to the next in line. Safe with several instances. */
  @WithTransaction
  public Uni<Integer> expireOffers() {
    return registrations
        .expiredOffers(100)
        .chain(ids -> cancelAsSystem(ids, "offer expired", "REGISTRATION_OFFER_EXPIRED"));
  }

  /**
   * Repairs the rare case of free seats while entries wait (a transaction that took a seat rolled
   * back after another sign-up had skipped that locked seat).
   */
  @WithTransaction
  public Uni<Integer> promoteWhereSeatsAreFree() {
    return registrations
        .sessionsWithFreeSeatsAndWaitlist()
        .chain(
            pools -> {
              Uni<Integer> chain = Uni.createFrom().item(0);
              for (RegistrationRepository.SessionPool p : pools) {
                long sessionId = p.sessionId();
                String pool = p.pool();
                chain =
                    chain.chain(
                        n ->
                            events
                                .sessionFacts(sessionId)
                                .chain(facts -> promote(facts, pool))
                                .replaceWith(n + 1));
              }
              return chain;
            });
  }

  /**
   * Changes a pool's seats by {@code delta}: more seats promote from the waitlist at once; fewer
   * seats are refused when they are taken. Runs in the caller's transaction.
   */
  @Override
  public Uni<Void> addSeats(long sessionId, String pool, int count) {
    return seats.add(sessionId, pool, count).replaceWithVoid();
  }

  @Override
  public Uni<Void> resizePool(long sessionId, String pool, int delta, long ownerUnitId) {
    if (delta == 0) {
      return Uni.createFrom().voidItem();
    }
    if (delta > 0) {
      return seats
          .add(sessionId, pool, delta)
          .chain(() -> events.sessionFacts(sessionId))
          .chain(facts -> promote(facts, pool));
    }
    return seats
        .removeFree(sessionId, pool, -delta)
        .invoke(
            removed -> {
              if (removed != -delta) {
                throw DomainException.conflict("session.capacity-taken");
              }
            })
        .replaceWithVoid();
  }

  // ---------------------------------------------------------------- cadres

  /** Approval mode: a cadre gives the entry its seats, or refuses when none are left. */
  @WithTransaction
  public Uni<RegistrationView> approve(CurrentUser user, long id) {
    return access
        .requireManaged(user, id)
        .chain(
            pair -> {
              Registration r = pair.registration();
              if (r.status != RegistrationStatus.PENDING) {
                throw DomainException.conflict("registration.not-pending", r.status);
              }
              return seats
                  .claim(r.sessionId, r.pool, r.id, r.seats)
                  .chain(
                      claimed -> {
                        if (!claimed) {
                          throw DomainException.conflict("session.full");
                        }
                        r.updatedAt = OffsetDateTime.now();
                        confirmed(r, pair.facts(), r.updatedAt);
                        return registrations
                            .flush()
                            .call(
                                () ->
                                    registrations.recordChange(
                                        r.id,
                                        RegistrationStatus.PENDING,
                                        r.status,
                                        user.subject(),
                                        null))
                            .call(() -> announce(r, pair.facts(), "REGISTRATION_APPROVED"))
                            .chain(() -> view(r, pair.facts()));
                      });
            });
  }

  @WithTransaction
  public Uni<RegistrationView> reject(CurrentUser user, long id, String reason) {
    return access
        .requireManaged(user, id)
        .chain(
            pair -> {
              Registration r = pair.registration();
              if (r.status != RegistrationStatus.PENDING) {
                throw DomainException.conflict("registration.not-pending", r.status);
              }
              r.status = RegistrationStatus.REJECTED;
              r.updatedAt = OffsetDateTime.now();
              return registrations
                  .flush()
                  .call(
                      () ->
                          registrations.recordChange(
                              r.id, RegistrationStatus.PENDING, r.status, user.subject(), reason))
                  .call(
                      () ->
                          announce(
                              r, pair.facts(), "REGISTRATION_REJECTED", Map.of("reason", reason)))
                  .chain(() -> view(r, pair.facts()));
            });
  }

  /** Registrations of a session, for cadres who manage the event's unit. */
  @WithSession
  public Uni<Page<RegistrationDtos.CadreView>> ofSession(
      CurrentUser user,
      long sessionId,
      RegistrationStatus status,
      boolean includePhone,
      int page,
      int size) {
    return access
        .requireManagedSession(user, sessionId)
        .chain(
            facts -> {
              var query =
                  status == null
                      ? registrations.find("sessionId", Sort.by("createdAt").and("id"), sessionId)
                      : registrations.find(
                          "sessionId = ?1 and status = ?2",
                          Sort.by("createdAt").and("id"),
                          sessionId,
                          status);
              var paged = query.page(page, size);
              return paged
                  .list()
                  .chain(list -> cadreViews(list, includePhone))
                  .chain(items -> paged.count().map(n -> new Page<>(items, page, size, n)))
                  .call(
                      result ->
                          audit.record(
                              attendeesAudited(
                                  user,
                                  AuditEvent.ATTENDEES_READ,
                                  sessionId,
                                  result.items(),
                                  includePhone)));
            });
  }

  /** The audit record of a cadre's look at attendees: how many, whose, whether full phones. */
  static AuditEvent attendeesAudited(
      CurrentUser user,
      String action,
      long sessionId,
      List<RegistrationDtos.CadreView> rows,
      boolean includePhone) {
    return AuditEvent.by(user, action, AuditOutcome.ALLOWED)
        .withTarget("session", sessionId)
        .withDetail(
            Map.of(
                "rows",
                rows.size(),
                "phoneRevealed",
                includePhone,
                "fields",
                includePhone
                    ? List.of("displayName", "phone", "answers")
                    : List.of("displayName", "answers"),
                "memberIds",
                rows.stream().map(RegistrationDtos.CadreView::memberId).distinct().toList()));
  }

  /**
   * How many registrations of each status the sessions hold (statuses with none are left out), for
   * sessions the caller has already been allowed to see (the console's agenda).
   */
  @WithSession
  public Uni<Map<Long, Map<RegistrationStatus, Long>>> statusCounts(List<Long> sessionIds) {
    if (sessionIds.isEmpty()) {
      return Uni.createFrom().item(Map.of());
    }
    return Sql.rows(
            "select session_id, status, count(*) from registration where session_id in (:ids)"
                + " group by session_id, status",
            "ids",
            sessionIds)
        .map(
            rows -> {
              Map<Long, Map<RegistrationStatus, Long>> out = new HashMap<>();
              for (Object[] r : rows) {
                out.computeIfAbsent(
                        ((Number) r[0]).longValue(), k -> new EnumMap<>(RegistrationStatus.class))
                    .put(RegistrationStatus.valueOf((String) r[1]), ((Number) r[2]).longValue());
              }
              return out;
            });
  }

  /** Every registration of a session (for the export), in sign-up order. */
  @WithSession
  public Uni<ExportRows> export(CurrentUser user, long sessionId, boolean includePhone) {
    return access
        .requireManagedSession(user, sessionId)
        .chain(
            facts ->
                registrations
                    .list("sessionId", Sort.by("createdAt").and("id"), sessionId)
                    .chain(list -> cadreViews(list, includePhone))
                    .map(rows -> new ExportRows(facts, rows)));
  }

  /** The rows of an export, with the facts of the session for its title and questions. */
  public record ExportRows(SessionFacts facts, List<RegistrationDtos.CadreView> rows) {}

  private Uni<List<RegistrationDtos.CadreView>> cadreViews(
      List<Registration> list, boolean includePhone) {
    return members
        .contacts(list.stream().map(r -> r.memberId).distinct().toList())
        .chain(
            contacts -> {
              Uni<List<RegistrationDtos.CadreView>> chain =
                  Uni.createFrom().item(new ArrayList<>());
              for (Registration r : list) {
                chain =
                    chain.chain(
                        out ->
                            position(r)
                                .map(
                                    pos -> {
                                      var c = contacts.get(r.memberId);
                                      String phone = c == null ? null : c.phone();
                                      out.add(
                                          new RegistrationDtos.CadreView(
                                              r.id,
                                              r.memberId,
                                              c == null ? null : c.displayName(),
                                              includePhone ? phone : Masking.phone(phone),
                                              r.status,
                                              r.pool,
                                              r.seats,
                                              pos,
                                              r.lotteryRank,
                                              r.answers,
                                              r.createdAt));
                                      return out;
                                    }));
              }
              return chain;
            });
  }

  // ---------------------------------------------------------------- the member's view

  /** Free seats per session and pool (in the caller's session). */
  @Override
  public Uni<Map<Long, Map<String, Integer>>> freeSeats(List<Long> sessionIds) {
    return seats
        .counts(sessionIds)
        .map(
            pools -> {
              Map<Long, Map<String, Integer>> free = new HashMap<>();
              for (SeatLedger.PoolSeats pool : pools) {
                free.computeIfAbsent(pool.sessionId(), k -> new HashMap<>())
                    .put(pool.pool(), pool.free());
              }
              return free;
            });
  }

  /** The caller's active registrations for these sessions (for event pages). */
  @WithSession
  @Override
  public Uni<Map<Long, MyRegistration>> mine(CurrentUser user, List<Long> sessionIds) {
    if (sessionIds.isEmpty()) {
      return Uni.createFrom().item(Map.of());
    }
    return members
        .idOf(user.subject())
        .chain(
            memberId ->
                memberId == null
                    ? Uni.createFrom().item(Map.<Long, MyRegistration>of())
                    : registrations
                        .activeOfMember(memberId, sessionIds)
                        .chain(
                            list -> {
                              Uni<Map<Long, MyRegistration>> chain =
                                  Uni.createFrom().item(new HashMap<>());
                              for (Registration r : list) {
                                chain =
                                    chain.chain(
                                        map ->
                                            position(r)
                                                .map(
                                                    pos -> {
                                                      map.put(
                                                          r.sessionId,
                                                          new MyRegistration(
                                                              r.id, r.status.name(), pos));
                                                      return map;
                                                    }));
                              }
                              return chain;
                            }));
  }

  /**
   * Whether a member meets an event's rules on what they have consented to share (gender, age,
   * marital status, children) and, for events only cadres may join, on whether they are a cadre.
   * Audience and recent-sign-up limits are left to the sign-up itself: this only keeps
   * recommendations from suggesting what would surely be refused.
   */
  public static boolean meetsRules(
      cn.futian.jufu.events.Eligibility rules, EligibilityProfile profile, boolean cadre) {
    return EligibilityCheck.failures(
            new EligibilityCheck.Facts(
                rules,
                profile,
                profile.children(),
                true,
                cadre,
                0,
                Year.now(Times.ZONE).getValue()))
        .isEmpty();
  }

  /** The caller's registrations: upcoming (sessions not yet ended) or past. */
  @WithSession
  public Uni<Page<RegistrationView>> myRegistrations(
      CurrentUser user, boolean upcoming, int page, int size) {
    return members
        .idOf(user.subject())
        .chain(
            memberId -> {
              if (memberId == null) {
                return Uni.createFrom().item(new Page<RegistrationView>(List.of(), page, size, 0));
              }
              String hql =
                  "memberId = ?1 and sessionId in (select s.id from EventSession s where s.endsAt "
                      + (upcoming ? ">=" : "<")
                      + " ?2)";
              var paged =
                  registrations
                      .find(
                          hql,
                          Sort.by("createdAt").descending().and("id"),
                          memberId,
                          OffsetDateTime.now())
                      .page(page, size);
              return paged
                  .list()
                  .chain(this::views)
                  .chain(items -> paged.count().map(n -> new Page<>(items, page, size, n)));
            });
  }

  @WithSession
  public Uni<RegistrationView> get(CurrentUser user, long id) {
    return access.requireReadable(user, id).chain(x -> view(x.registration(), x.facts()));
  }

  /**
   * Every status change of a registration (who, when, why): for its member, and for cadres of the
   * event's unit, who also see which cadre acted.
   */
  @WithSession
  public Uni<List<RegistrationDtos.Change>> history(CurrentUser user, long id) {
    return access
        .requireReadable(user, id)
        .chain(
            x ->
                members
                    .subjectOf(x.registration().memberId)
                    .chain(
                        registrant ->
                            registrations
                                .history(id)
                                .map(rows -> changes(rows, registrant, !x.own()))));
  }

  private static List<RegistrationDtos.Change> changes(
      List<RegistrationRepository.StatusChange> rows, String memberSubject, boolean showActor) {
    List<RegistrationDtos.Change> out = new ArrayList<>();
    for (RegistrationRepository.StatusChange c : rows) {
      String by =
          "system".equals(c.actor())
              ? "SYSTEM"
              : memberSubject != null && memberSubject.equals(c.actor()) ? "MEMBER" : "CADRE";
      out.add(
          new RegistrationDtos.Change(
              c.from(), c.to(), by, showActor ? c.actor() : null, c.reason(), c.at()));
    }
    return out;
  }

  // ---------------------------------------------------------------- check-in

  /** What check-in needs of a registration and its session. */
  public record CheckinFacts(
      long registrationId,
      long sessionId,
      long memberId,
      RegistrationStatus status,
      int seats,
      long ownerUnitId,
      OffsetDateTime startsAt,
      OffsetDateTime endsAt,
      boolean cancelled) {}

  /** A registration for check-in, or null when there is none. */
  @WithSession
  public Uni<CheckinFacts> checkinFacts(long registrationId) {
    return registrations
        .findById(registrationId)
        .chain(
            r ->
                r == null
                    ? Uni.createFrom().<CheckinFacts>nullItem()
                    : events.sessionFacts(r.sessionId).map(f -> checkinFacts(r, f)));
  }

  /** The caller's own registration for check-in ("not found" for anyone else's). */
  @WithSession
  public Uni<CheckinFacts> myCheckinFacts(CurrentUser user, long registrationId) {
    return access
        .requireMineWithFacts(user, registrationId)
        .map(mine -> checkinFacts(mine.registration(), mine.facts()));
  }

  /** The caller's active registration for a session, or null. */
  @WithSession
  public Uni<CheckinFacts> mySessionCheckinFacts(CurrentUser user, long sessionId) {
    return members
        .idOf(user.subject())
        .chain(
            memberId ->
                memberId == null
                    ? Uni.createFrom().<Registration>nullItem()
                    : registrations.findActive(sessionId, memberId))
        .chain(
            r ->
                r == null
                    ? Uni.createFrom().<CheckinFacts>nullItem()
                    : events.sessionFacts(r.sessionId).map(f -> checkinFacts(r, f)));
  }

  private static CheckinFacts checkinFacts(Registration r, SessionFacts f) {
    return new CheckinFacts(
        r.id,
        r.sessionId,
        r.memberId,
        r.status,
        r.seats,
        f.ownerUnitId(),
        f.startsAt(),
        f.endsAt(),
        f.cancelled() || f.eventStatus() == EventStatus.CANCELLED);
  }

  // ---------------------------------------------------------------- events' side effects

  /** Writes a domain event for every active registrant of an event (or of some sessions). */
  @Override
  public Uni<Void> notifyRegistrants(
      long eventId, Collection<Long> sessionIds, String type, Map<String, ?> payload) {
    return registrations
        .activeOfEvent(eventId, sessionIds)
        .chain(
            list -> {
              Uni<Void> chain = Uni.createFrom().voidItem();
              for (Registration r : list) {
                Map<String, Object> body = new HashMap<>(payload);
                body.put("eventId", eventId);
                body.put("sessionId", r.sessionId);
                body.put("registrationId", r.id);
                chain =
                    chain.chain(() -> outbox.record("registration", r.id, type, r.memberId, body));
              }
              return chain;
            });
  }

  /** An event was cancelled: every active registration ends, seats are freed, people are told. */
  @Override
  public Uni<Void> cancelAllOfEvent(long eventId, String actor, String reason) {
    return registrations
        .activeOfEvent(eventId, null)
        .chain(
            list -> {
              Uni<Void> chain = Uni.createFrom().voidItem();
              for (Registration r : list) {
                chain =
                    chain.chain(
                        () -> {
                          RegistrationStatus from = r.status;
                          r.status = RegistrationStatus.CANCELLED;
                          r.waitlistSeq = null;
                          r.offerExpiresAt = null;
                          r.updatedAt = OffsetDateTime.now();
                          return seats
                              .release(r.id)
                              .call(
                                  () ->
                                      registrations.recordChange(
                                          r.id, from, r.status, actor, "event cancelled"))
                              .call(
                                  () ->
                                      outbox.record(
                                          "registration",
                                          r.id,
                                          "EVENT_CANCELLED",
                                          r.memberId,
                                          reason == null
                                              ? Map.of("eventId", eventId, "sessionId", r.sessionId)
                                              : Map.of(
                                                  "eventId",
                                                  eventId,
                                                  "sessionId",
                                                  r.sessionId,
                                                  "reason",
                                                  reason)))
                              .replaceWithVoid();
                        });
              }
              return chain.call(registrations::flush);
            });
  }

  // ---------------------------------------------------------------- helpers

  private Uni<Integer> position(Registration r) {
    return r.status == RegistrationStatus.WAITLISTED && r.waitlistSeq != null
        ? registrations.waitlistPosition(r)
        : Uni.createFrom().nullItem();
  }

  /** What the member and the API see of a registration. */
  Uni<RegistrationView> view(Registration r, SessionFacts facts) {
    return registrations.dependantsOf(r.id).chain(deps -> view(r, facts, deps));
  }

  /** The same, when the children it names are known (a sign-up has them at hand). */
  Uni<RegistrationView> view(Registration r, SessionFacts facts, List<Long> dependantIds) {
    return position(r)
        .map(
            pos ->
                new RegistrationView(
                    r.id,
                    r.sessionId,
                    facts.eventId(),
                    facts.title(),
                    facts.startsAt(),
                    facts.endsAt(),
                    r.status,
                    r.pool,
                    r.seats,
                    pos,
                    r.offerExpiresAt,
                    r.lotteryRank,
                    dependantIds,
                    r.answers,
                    r.createdAt));
  }

  private Uni<List<RegistrationView>> views(List<Registration> list) {
    Uni<List<RegistrationView>> chain = Uni.createFrom().item(new ArrayList<>());
    for (Registration r : list) {
      chain =
          chain.chain(
              out ->
                  events
                      .sessionFacts(r.sessionId)
                      .chain(facts -> view(r, facts))
                      .map(
                          v -> {
                            out.add(v);
                            return out;
                          }));
    }
    return chain;
  }

  /** Tells the outbox of a registration's news (type null: nothing to tell). */
  Uni<Void> announce(Registration r, SessionFacts facts, String type) {
    if (type == null) {
      return Uni.createFrom().voidItem();
    }
    return announce(r, facts, type, Map.of());
  }

  /** The same, with more to tell (a lottery's rank). */
  Uni<Void> announce(Registration r, SessionFacts facts, String type, Map<String, Object> extra) {
    return outbox.record("registration", r.id, type, r.memberId, news(r, facts, extra));
  }

  private static Map<String, Object> news(
      Registration r, SessionFacts facts, Map<String, Object> extra) {
    Map<String, Object> payload = news(facts, r.sessionId);
    payload.putAll(extra);
    payload.put("status", r.status.name());
    return payload;
  }

  /**
   * What every news of a registration tells, but its status: the sign-up's statement adds the
   * status it ends with.
   */
  static Map<String, Object> news(SessionFacts facts, long sessionId) {
    Map<String, Object> payload = new HashMap<>();
    payload.put("eventId", facts.eventId());
    payload.put("sessionId", sessionId);
    payload.put("title", facts.title());
    payload.put("startsAt", facts.startsAt().toString());
    return payload;
  }
}
