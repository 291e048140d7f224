package cn.futian.jufu.events;

import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.events.EventDtos.CreateEvent;
import cn.futian.jufu.events.EventDtos.EventView;
import cn.futian.jufu.events.EventDtos.QuestionInput;
import cn.futian.jufu.events.EventDtos.SessionInput;
import cn.futian.jufu.events.EventDtos.Venue;
import cn.futian.jufu.orgunits.OrgUnitService;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Publishing events: create, edit, sessions, the lifecycle. Each command answers with the event as
 * its manager sees it ({@link EventQueries}); who may do what is {@link EventAccess}.
 */
@ApplicationScoped
public class EventService {

  private final EventRepository events;
  private final EventSessionRepository sessions;
  private final EventQuestionRepository questions;
  private final EventQueries queries;
  private final EventAccess access;
  private final OrgUnitService orgUnits;
  private final SessionRegistrations registrations;
  private final EventConfig config;

  EventService(
      EventRepository events,
      EventSessionRepository sessions,
      EventQuestionRepository questions,
      EventQueries queries,
      EventAccess access,
      OrgUnitService orgUnits,
      SessionRegistrations registrations,
      EventConfig config) {
    this.events = events;
    this.sessions = sessions;
    this.questions = questions;
    this.queries = queries;
    this.access = access;
    this.orgUnits = orgUnits;
    this.registrations = registrations;
    this.config = config;
  }

  // ---------------------------------------------------------------- writing

  @WithTransaction
  public Uni<EventView> create(CurrentUser user, CreateEvent cmd) {
    validate(cmd);
    return access
        .requireManage(user, cmd.ownerUnitId())
        .chain(() -> orgUnits.requireActive(cmd.ownerUnitId()))
        .call(owner -> checkAudience(cmd.ownerUnitId(), cmd.audienceUnitIds()))
        .chain(
            owner -> {
              Event e = new Event();
              e.ownerUnitId = cmd.ownerUnitId();
              e.kind = cmd.kind();
              e.courseCategory = cmd.courseCategory();
              e.title = cmd.title().strip();
              e.description = cmd.description().strip();
              applyVenue(e, cmd.venue());
              e.coverImageUrl = cmd.coverImageUrl();
              e.status = EventStatus.DRAFT;
              e.eligibility = cmd.eligibility() == null ? new Eligibility() : cmd.eligibility();
              if (cmd.reminderOffsetsMinutes() != null) {
                e.reminderOffsetsMinutes =
                    cmd.reminderOffsetsMinutes().stream().distinct().toArray(Integer[]::new);
              }
              e.createdBy = user.subject();
              e.createdAt = OffsetDateTime.now();
              e.updatedAt = e.createdAt;
              return events.persistAndFlush(e);
            })
        .call(e -> events.replaceAudience(e.id, new LinkedHashSet<>(cmd.audienceUnitIds())))
        .call(e -> events.recordStatusChange(e.id, null, EventStatus.DRAFT, user.subject(), null))
        .call(e -> insertQuestions(e.id, cmd.questions()))
        .call(e -> insertSessions(e.id, cmd.sessions()))
        .chain(e -> queries.view(user, e, true));
  }

  @WithTransaction
  public Uni<EventView> update(CurrentUser user, long id, EventDtos.UpdateEvent patch) {
    return requireOwned(user, id)
        .call(
            e -> {
              if (e.status == EventStatus.COMPLETED || e.status == EventStatus.CANCELLED) {
                throw DomainException.conflict("event.not-editable", e.status);
              }
              boolean venueChanged = false;
              if (patch.title != null) {
                e.title = patch.title.orElseThrow(() -> missing("title")).strip();
              }
              if (patch.description != null) {
                e.description = patch.description.orElseThrow(() -> missing("description")).strip();
              }
              if (patch.venue != null) {
                Venue before = EventQueries.venueOf(e);
                applyVenue(e, patch.venue.orElse(null));
                venueChanged = !Objects.equals(before, EventQueries.venueOf(e));
              }
              if (patch.coverImageUrl != null) {
                e.coverImageUrl = patch.coverImageUrl.orElse(null);
              }
              e.updatedAt = OffsetDateTime.now();
              if (venueChanged && e.status != EventStatus.DRAFT) {
                return registrations.notifyRegistrants(
                    e.id,
                    null,
                    "EVENT_VENUE_CHANGED",
                    // The venue may have been removed: a map that holds a null.
                    java.util.Collections.singletonMap("venue", EventQueries.venueOf(e)));
              }
              return Uni.createFrom().voidItem();
            })
        .call(events::flush)
        .call(events::bumpFeedVersion)
        .chain(e -> queries.view(user, e, true));
  }

  @WithTransaction
  public Uni<EventView> addSession(CurrentUser user, long eventId, SessionInput input) {
    validateSession(input);
    return requireOwned(user, eventId)
        .call(
            e -> {
              if (e.status == EventStatus.COMPLETED || e.status == EventStatus.CANCELLED) {
                throw DomainException.conflict("event.not-editable", e.status);
              }
              return insertSessions(e.id, List.of(input));
            })
        .call(events::bumpFeedVersion)
        .chain(e -> queries.view(user, e, true));
  }

  /**
   * Changes a session. New times are announced to everyone signed up; a capacity increase promotes
   * from the waitlist at once; a decrease is refused when the seats are taken.
   */
  @WithTransaction
  public Uni<EventView> updateSession(
      CurrentUser user, long sessionId, EventDtos.UpdateSession cmd) {
    return queries
        .requireSession(sessionId)
        .chain(
            s ->
                requireOwned(user, s.eventId)
                    .call(
                        e -> {
                          if (e.status == EventStatus.COMPLETED
                              || e.status == EventStatus.CANCELLED
                              || s.cancelledAt != null) {
                            throw DomainException.conflict("event.not-editable", e.status);
                          }
                          return changeSession(e, s, cmd);
                        }))
        .call(events::bumpFeedVersion)
        .chain(e -> queries.view(user, e, true));
  }

  private Uni<Void> changeSession(Event e, EventSession s, EventDtos.UpdateSession cmd) {
    OffsetDateTime starts = cmd.startsAt() != null ? cmd.startsAt() : s.startsAt;
    OffsetDateTime ends = cmd.endsAt() != null ? cmd.endsAt() : s.endsAt;
    if (!ends.isAfter(starts)) {
      throw DomainException.invalid("endsAt", "after-start");
    }
    boolean timeChanged = !starts.isEqual(s.startsAt) || !ends.isEqual(s.endsAt);
    s.startsAt = starts;
    s.endsAt = ends;
    if (cmd.registrationClosesAt() != null) {
      s.registrationClosesAt = cmd.registrationClosesAt();
    }
    if (cmd.cancelDeadline() != null) {
      s.cancelDeadline = cmd.cancelDeadline();
    }
    Map<String, Integer> newCapacity = new HashMap<>();
    if (s.hasGenderPools()) {
      if (cmd.capacity() != null && cmd.capacityFemale() == null) {
        throw DomainException.invalid("capacityFemale", "pools-required");
      }
      if (cmd.capacityFemale() != null || cmd.capacityMale() != null) {
        newCapacity.put(
            "FEMALE", cmd.capacityFemale() != null ? cmd.capacityFemale() : s.capacityFemale);
        newCapacity.put("MALE", cmd.capacityMale() != null ? cmd.capacityMale() : s.capacityMale);
      }
    } else if (cmd.capacityFemale() != null || cmd.capacityMale() != null) {
      throw DomainException.invalid("capacityFemale", "no-pools");
    } else if (cmd.capacity() != null) {
      newCapacity.put(SessionRegistrations.ANY_POOL, cmd.capacity());
    }
    Map<String, Integer> oldCapacity =
        s.hasGenderPools()
            ? Map.of("FEMALE", s.capacityFemale, "MALE", s.capacityMale)
            : Map.of(SessionRegistrations.ANY_POOL, s.capacity);
    Uni<Void> resizing = Uni.createFrom().voidItem();
    for (var entry : newCapacity.entrySet()) {
      String pool = entry.getKey();
      int delta = entry.getValue() - oldCapacity.get(pool);
      resizing = resizing.chain(() -> registrations.resizePool(s.id, pool, delta, e.ownerUnitId));
    }
    Uni<Void> resize = resizing;
    if (!newCapacity.isEmpty()) {
      if (s.hasGenderPools()) {
        s.capacityFemale = newCapacity.get("FEMALE");
        s.capacityMale = newCapacity.get("MALE");
        s.capacity = s.capacityFemale + s.capacityMale;
      } else {
        s.capacity = newCapacity.get(SessionRegistrations.ANY_POOL);
      }
    }
    Uni<Void> announce =
        timeChanged && e.status != EventStatus.DRAFT
            ? registrations.notifyRegistrants(
                e.id,
                List.of(s.id),
                "SESSION_TIME_CHANGED",
                Map.of("sessionId", s.id, "startsAt", starts.toString(), "endsAt", ends.toString()))
            : Uni.createFrom().voidItem();
    return sessions.flush().chain(() -> resize).chain(() -> announce);
  }

  /** Moves an event through its lifecycle (EventLifecycle is the table of allowed moves). */
  @WithTransaction
  public Uni<EventView> transition(CurrentUser user, long id, EventDtos.Transition cmd) {
    EventLifecycle.Move move = EventLifecycle.move(cmd.action());
    return queries
        .requireEvent(id)
        .call(e -> access.requireActor(user, e, move.actor()))
        .call(
            e -> {
              EventStatus target =
                  EventLifecycle.target(
                      cmd.action(), e.status, config.approvalRequiredKinds().contains(e.kind));
              if (target == null) {
                throw DomainException.conflict("event.transition", cmd.action(), e.status);
              }
              if (cmd.action() == EventLifecycle.Action.REJECT
                  && (cmd.reason() == null || cmd.reason().isBlank())) {
                throw DomainException.invalid("reason", "notBlank");
              }
              EventStatus from = e.status;
              e.status = target;
              e.updatedAt = OffsetDateTime.now();
              if (target == EventStatus.PUBLISHED && e.publishedAt == null) {
                e.publishedAt = e.updatedAt;
              }
              Uni<Void> effects = Uni.createFrom().voidItem();
              if (target == EventStatus.CANCELLED) {
                // Sessions locked first: sign-ups in flight finish before the registrations are
                // listed, later ones find the event cancelled (function sign_up, V16).
                effects =
                    sessions
                        .lockOfEvent(e.id)
                        .chain(() -> sessions.ofEvent(e.id))
                        .invoke(list -> list.forEach(s -> s.cancelledAt = e.updatedAt))
                        .chain(
                            () ->
                                registrations.cancelAllOfEvent(e.id, user.subject(), cmd.reason()));
              }
              return effects
                  .call(
                      () ->
                          events.recordStatusChange(
                              e.id, from, target, user.subject(), cmd.reason()))
                  .call(events::flush);
            })
        .call(events::bumpFeedVersion)
        .chain(e -> queries.view(user, e, true));
  }

  /** Records that a session's lottery was drawn (the seed becomes public). */
  @WithTransaction
  public Uni<Void> markDrawn(long sessionId, OffsetDateTime at) {
    return queries
        .requireSession(sessionId)
        .invoke(s -> s.lotteryDrawnAt = at)
        .call(sessions::flush)
        .call(events::bumpFeedVersion)
        .replaceWithVoid();
  }

  // ---------------------------------------------------------------- helpers

  private Uni<Void> insertQuestions(long eventId, List<QuestionInput> inputs) {
    if (inputs == null || inputs.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    List<EventQuestion> list = new ArrayList<>();
    short position = 1;
    for (QuestionInput in : inputs) {
      boolean choice =
          in.type() == EventQuestion.Type.SINGLE || in.type() == EventQuestion.Type.MULTIPLE;
      if (choice && (in.options() == null || in.options().size() < 2)) {
        throw DomainException.invalid("questions[" + (position - 1) + "].options", "options");
      }
      EventQuestion q = new EventQuestion();
      q.eventId = eventId;
      q.position = position++;
      q.type = in.type();
      q.label = in.label().strip();
      q.required = in.required();
      q.options = choice ? in.options().toArray(new String[0]) : null;
      q.minValue = in.minValue();
      q.maxValue = in.maxValue();
      q.maxLength = in.maxLength();
      list.add(q);
    }
    return questions.persist(list).replaceWithVoid();
  }

  private Uni<Void> insertSessions(long eventId, List<SessionInput> inputs) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (SessionInput in : inputs) {
      validateSession(in);
      chain =
          chain.chain(
              () -> {
                EventSession s = new EventSession();
                s.eventId = eventId;
                s.startsAt = in.startsAt();
                s.endsAt = in.endsAt();
                s.mode = in.mode();
                s.capacityFemale = in.capacityFemale();
                s.capacityMale = in.capacityMale();
                s.capacity =
                    in.capacityFemale() != null
                        ? in.capacityFemale() + in.capacityMale()
                        : in.capacity();
                s.registrationOpensAt = in.registrationOpensAt();
                s.registrationClosesAt = in.registrationClosesAt();
                s.cancelDeadline = in.cancelDeadline();
                s.offerWindowMinutes = in.offerWindowMinutes();
                s.reconfirm = Boolean.TRUE.equals(in.reconfirm());
                if (in.mode() == SignUpMode.LOTTERY) {
                  // The seed stays secret until the draw; its commitment is public from now on.
                  s.lotterySeed = LotterySeed.newSeed();
                }
                return sessions
                    .persistAndFlush(s)
                    .call(
                        saved ->
                            saved.hasGenderPools()
                                ? registrations
                                    .addSeats(saved.id, "FEMALE", saved.capacityFemale)
                                    .chain(
                                        () ->
                                            registrations.addSeats(
                                                saved.id, "MALE", saved.capacityMale))
                                : registrations.addSeats(
                                    saved.id, SessionRegistrations.ANY_POOL, saved.capacity))
                    .replaceWithVoid();
              });
    }
    return chain;
  }

  private static void validate(CreateEvent cmd) {
    if ((cmd.kind() == EventKind.FAMILY_HAPPINESS_COURSE) != (cmd.courseCategory() != null)) {
      throw DomainException.invalid("courseCategory", "course-category");
    }
    Eligibility el = cmd.eligibility();
    if (el != null) {
      if (el.maritalStatus != null && cmd.kind() != EventKind.MATCHMAKING) {
        throw DomainException.invalid("eligibility.maritalStatus", "matchmaking-only");
      }
      if (el.minAge != null && el.maxAge != null && el.minAge > el.maxAge) {
        throw DomainException.invalid("eligibility.maxAge", "range");
      }
      if (el.childMinAge != null && el.childMaxAge != null && el.childMinAge > el.childMaxAge) {
        throw DomainException.invalid("eligibility.childMaxAge", "range");
      }
      if ((el.maxSignups == null) != (el.periodDays == null)) {
        throw DomainException.invalid("eligibility.periodDays", "together");
      }
    }
  }

  private static void validateSession(SessionInput in) {
    if (!in.endsAt().isAfter(in.startsAt())) {
      throw DomainException.invalid("sessions.endsAt", "after-start");
    }
    if ((in.capacityFemale() == null) != (in.capacityMale() == null)) {
      throw DomainException.invalid("sessions.capacityMale", "together");
    }
    if (in.capacityFemale() != null && in.capacityFemale() + in.capacityMale() != in.capacity()) {
      throw DomainException.invalid("sessions.capacity", "pools-sum");
    }
    if (in.registrationOpensAt() != null
        && in.registrationClosesAt() != null
        && !in.registrationClosesAt().isAfter(in.registrationOpensAt())) {
      throw DomainException.invalid("sessions.registrationClosesAt", "after-open");
    }
    if (in.mode() == SignUpMode.LOTTERY && in.registrationClosesAt() == null) {
      throw DomainException.invalid("sessions.registrationClosesAt", "lottery-window");
    }
    if (in.registrationClosesAt() != null && in.registrationClosesAt().isAfter(in.startsAt())) {
      throw DomainException.invalid("sessions.registrationClosesAt", "before-start");
    }
  }

  private Uni<Void> checkAudience(long ownerUnitId, List<Long> audience) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (Long unit : new LinkedHashSet<>(audience)) {
      chain =
          chain.chain(
              () ->
                  orgUnits
                      .isWithinAny(unit, List.of(ownerUnitId))
                      .invoke(
                          inside -> {
                            if (!inside) {
                              throw DomainException.invalid("audienceUnitIds", "audience-subtree");
                            }
                          })
                      .replaceWithVoid());
    }
    return chain;
  }

  private Uni<Event> requireOwned(CurrentUser user, long id) {
    return queries.requireEvent(id).call(e -> access.requireManage(user, e.ownerUnitId));
  }

  private static DomainException missing(String field) {
    return DomainException.invalid(field, "notBlank");
  }

  private static void applyVenue(Event e, Venue v) {
    e.venueAddress = v == null ? null : v.address();
    e.venueLat = v == null ? null : v.lat();
    e.venueLng = v == null ? null : v.lng();
  }
}
