package cn.futian.jufu.events;

import cn.futian.jufu.cadres.AccessPolicy;
import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.links.PublicLinks;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.events.EventDtos.CreateEvent;
import cn.futian.jufu.events.EventDtos.EventSummary;
import cn.futian.jufu.events.EventDtos.EventView;
import cn.futian.jufu.events.EventDtos.QuestionInput;
import cn.futian.jufu.events.EventDtos.SessionInput;
import cn.futian.jufu.events.EventDtos.SessionView;
import cn.futian.jufu.events.EventDtos.Venue;
import cn.futian.jufu.members.MemberDtos.UnitRef;
import cn.futian.jufu.members.MemberService;
import cn.futian.jufu.orgunits.OrgUnitService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Publishing events: create, edit, the lifecycle, and reading them. */
@ApplicationScoped
public class EventService {

  private final EventRepository events;
  private final EventSessionRepository sessions;
  private final EventQuestionRepository questions;
  private final AccessPolicy policy;
  private final OrgUnitService orgUnits;
  private final MemberService members;
  private final SessionRegistrations registrations;
  private final EventConfig config;
  private final EventFeedCache feedCache;
  private final FeedStatements feedStatements;
  private final PublicLinks links;

  EventService(
      EventRepository events,
      EventSessionRepository sessions,
      EventQuestionRepository questions,
      AccessPolicy policy,
      OrgUnitService orgUnits,
      MemberService members,
      SessionRegistrations registrations,
      EventConfig config,
      EventFeedCache feedCache,
      FeedStatements feedStatements,
      PublicLinks links) {
    this.links = links;
    this.events = events;
    this.sessions = sessions;
    this.questions = questions;
    this.policy = policy;
    this.orgUnits = orgUnits;
    this.members = members;
    this.registrations = registrations;
    this.config = config;
    this.feedCache = feedCache;
    this.feedStatements = feedStatements;
  }

  // ---------------------------------------------------------------- writing

  @WithTransaction
  public Uni<EventView> create(CurrentUser user, CreateEvent cmd) {
    validate(cmd);
    return policy
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
        .chain(e -> view(user, e, true));
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
                Venue before = venueOf(e);
                applyVenue(e, patch.venue.orElse(null));
                venueChanged = !Objects.equals(before, venueOf(e));
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
                    java.util.Collections.singletonMap("venue", venueOf(e)));
              }
              return Uni.createFrom().voidItem();
            })
        .call(events::flush)
        .call(events::bumpFeedVersion)
        .chain(e -> view(user, e, true));
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
        .chain(e -> view(user, e, true));
  }

  /**
   * Changes a session. New times are announced to everyone signed up; a capacity increase promotes
   * from the waitlist at once; a decrease is refused when the seats are taken.
   */
  @WithTransaction
  public Uni<EventView> updateSession(
      CurrentUser user, long sessionId, EventDtos.UpdateSession cmd) {
    return requireSession(sessionId)
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
        .chain(e -> view(user, e, true));
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
    return requireEvent(id)
        .call(e -> requireActor(user, e, move.actor()))
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
        .chain(e -> view(user, e, true));
  }

  // ---------------------------------------------------------------- reading

  /**
   * One event. Drafts and events waiting for approval are seen only by those who manage (or
   * approve) them; published events by every signed-in member.
   */
  @WithSession
  public Uni<EventView> get(CurrentUser user, long id) {
    return requireEvent(id)
        .chain(
            e ->
                policy
                    .canManage(user, e.ownerUnitId)
                    .chain(
                        manages -> {
                          if (!manages && !e.status.visibleToResidents()) {
                            if (e.status == EventStatus.PENDING_APPROVAL) {
                              return approverCheck(user, e)
                                  .chain(ok -> ok ? view(user, e, true) : hidden(id));
                            }
                            return hidden(id);
                          }
                          return view(user, e, manages);
                        }));
  }

  /** The unit that owns the event (404 when there is no such event); in the caller's session. */
  public Uni<Long> ownerUnitOf(long eventId) {
    return requireEvent(eventId).map(e -> e.ownerUnitId);
  }

  /** The events a unit owns, any status: for cadres who manage the unit. */
  @WithSession
  public Uni<Page<EventSummary>> ofUnit(
      CurrentUser user, long unitId, EventStatus status, int page, int size) {
    return policy
        .requireManage(user, unitId)
        .chain(
            () -> {
              var query =
                  status == null
                      ? events.find("ownerUnitId", Sort.by("id").descending(), unitId)
                      : events.find(
                          "ownerUnitId = ?1 and status = ?2",
                          Sort.by("id").descending(),
                          unitId,
                          status);
              var paged = query.page(page, size);
              return paged
                  .list()
                  .chain(list -> summaries(list, null, null))
                  .chain(items -> paged.count().map(n -> new Page<>(items, page, size, n)));
            });
  }

  /** Filters of the residents' feed. */
  public record FeedFilter(
      EventKind kind,
      OffsetDateTime from,
      OffsetDateTime to,
      Long ownerUnitId,
      Double nearLat,
      Double nearLng,
      Integer radiusMetres,
      int page,
      int size) {}

  /**
   * The residents' feed: published events with an upcoming session whose audience covers the
   * member's home unit (district-wide events for members without one). Served from Redis when
   * fresh; every change to an event moves the cache to a new version when it commits.
   */
  public Uni<Page<EventSummary>> feed(CurrentUser user, FeedFilter f) {
    // One statement: the member (made on first use), her units and the version, which is read
    // before the events: a page of a state older than a commit can only be cached under a
    // version that commit has already left behind.
    return feedStatements
        .context(
            user.subject(),
            MemberService.tombstoneSubject(user.subject()),
            MemberService.initialName(user.name()))
        .chain(
            context -> {
              if (context.deleted()) {
                throw DomainException.forbidden("member.deleted");
              }
              String cacheKey = EventFeedCache.key(context.unitIds(), f);
              return feedCache
                  .get(context.version(), cacheKey)
                  .chain(
                      cached ->
                          cached != null
                              ? Uni.createFrom().item(cached)
                              : Panache.withSession(
                                  () ->
                                      feedPage(context.version(), cacheKey, context.unitIds(), f)));
            });
  }

  /** A feed page read from PostgreSQL, then cached under the version read before it. */
  private Uni<Page<EventSummary>> feedPage(
      long version, String cacheKey, List<Long> units, FeedFilter f) {
    OffsetDateTime from = f.from() != null ? f.from() : OffsetDateTime.now();
    boolean near = f.nearLat() != null && f.nearLng() != null;
    // Distance filtering happens after the query; fetch a bounded window then.
    int offset = near ? 0 : f.page() * f.size();
    int limit = near ? 500 : f.size() + 1;
    return events
        .feed(units, f.kind(), from, f.to(), f.ownerUnitId(), offset, limit)
        .chain(ids -> events.list("id in ?1", ids).map(list -> order(list, ids)))
        .chain(list -> summaries(list, near ? f.nearLat() : null, near ? f.nearLng() : null))
        .map(items -> page(items, f, near))
        .call(p -> feedCache.put(version, cacheKey, p, config.feedCacheTtl()));
  }

  private static Page<EventSummary> page(List<EventSummary> items, FeedFilter f, boolean near) {
    if (near) {
      int radius = f.radiusMetres() != null ? f.radiusMetres() : 3000;
      List<EventSummary> within =
          items.stream()
              .filter(i -> i.distanceMetres() != null && i.distanceMetres() <= radius)
              .sorted(java.util.Comparator.comparing(EventSummary::distanceMetres))
              .toList();
      int from = Math.min(f.page() * f.size(), within.size());
      int to = Math.min(from + f.size(), within.size());
      return new Page<>(within.subList(from, to), f.page(), f.size(), within.size());
    }
    boolean more = items.size() > f.size();
    List<EventSummary> shown = more ? items.subList(0, f.size()) : items;
    // The total is a lower bound when more pages exist: the feed does not count every match.
    long total = (long) f.page() * f.size() + items.size();
    return new Page<>(shown, f.page(), f.size(), total);
  }

  /** The eligibility rules of these events, by event id (for recommendations). */
  @WithSession
  public Uni<Map<Long, Eligibility>> rulesOf(java.util.Collection<Long> eventIds) {
    if (eventIds.isEmpty()) {
      return Uni.createFrom().item(Map.of());
    }
    return events
        .list("id in ?1", eventIds)
        .map(
            list -> {
              Map<Long, Eligibility> out = new java.util.HashMap<>();
              list.forEach(e -> out.put(e.id, e.eligibility));
              return out;
            });
  }

  /** Facts about a session for the sign-up feature (404 when it does not exist). */
  @WithSession
  public Uni<SessionFacts> sessionFacts(long sessionId) {
    return requireSession(sessionId)
        .chain(
            s ->
                requireEvent(s.eventId)
                    .chain(
                        e ->
                            events
                                .audience(e.id)
                                .chain(
                                    audience ->
                                        questions
                                            .ofEvent(e.id)
                                            .map(
                                                qs ->
                                                    new SessionFacts(
                                                        s.id,
                                                        e.id,
                                                        e.ownerUnitId,
                                                        e.kind,
                                                        e.status,
                                                        e.title,
                                                        s.mode,
                                                        s.startsAt,
                                                        s.endsAt,
                                                        s.registrationOpensAt,
                                                        s.registrationClosesAt,
                                                        s.cancelDeadline,
                                                        s.offerWindowMinutes,
                                                        s.reconfirm,
                                                        s.hasGenderPools(),
                                                        s.cancelledAt != null,
                                                        s.lotterySeed,
                                                        s.lotteryDrawnAt,
                                                        e.eligibility,
                                                        audience,
                                                        qs)))));
  }

  /** Records that a session's lottery was drawn (the seed becomes public). */
  @WithTransaction
  public Uni<Void> markDrawn(long sessionId, OffsetDateTime at) {
    return requireSession(sessionId)
        .invoke(s -> s.lotteryDrawnAt = at)
        .call(sessions::flush)
        .call(events::bumpFeedVersion)
        .replaceWithVoid();
  }

  // ---------------------------------------------------------------- helpers

  private Uni<EventView> view(CurrentUser user, Event e, boolean manager) {
    return sessions
        .ofEvent(e.id)
        .chain(
            list ->
                events
                    .audience(e.id)
                    .chain(
                        audience ->
                            questions
                                .ofEvent(e.id)
                                .chain(
                                    qs ->
                                        sessionViews(user, list)
                                            .chain(
                                                views ->
                                                    unitRefs(
                                                            concat(
                                                                List.of(e.ownerUnitId), audience))
                                                        .map(
                                                            refs ->
                                                                new EventView(
                                                                    e.id,
                                                                    refs.get(e.ownerUnitId),
                                                                    e.kind,
                                                                    e.courseCategory,
                                                                    e.title,
                                                                    e.description,
                                                                    venueOf(e),
                                                                    e.coverImageUrl,
                                                                    e.status,
                                                                    audience.stream()
                                                                        .map(refs::get)
                                                                        .filter(Objects::nonNull)
                                                                        .toList(),
                                                                    e.eligibility,
                                                                    qs.stream()
                                                                        .map(
                                                                            EventDtos.QuestionView
                                                                                ::of)
                                                                        .toList(),
                                                                    views,
                                                                    List.of(
                                                                        e.reminderOffsetsMinutes),
                                                                    e.publishedAt,
                                                                    links.app(
                                                                        "/events/" + e.id)))))));
  }

  private Uni<List<SessionView>> sessionViews(CurrentUser user, List<EventSession> list) {
    List<Long> ids = list.stream().map(s -> s.id).toList();
    return registrations
        .freeSeats(ids)
        .chain(
            free ->
                registrations
                    .mine(user, ids)
                    .map(
                        mine -> {
                          List<SessionView> views = new ArrayList<>();
                          for (EventSession s : list) {
                            Map<String, Integer> f = free.getOrDefault(s.id, Map.of());
                            int left = f.values().stream().mapToInt(Integer::intValue).sum();
                            views.add(
                                new SessionView(
                                    s.id,
                                    s.startsAt,
                                    s.endsAt,
                                    s.mode,
                                    s.capacity,
                                    s.capacityFemale,
                                    s.capacityMale,
                                    left,
                                    s.hasGenderPools() ? f.getOrDefault("FEMALE", 0) : null,
                                    s.hasGenderPools() ? f.getOrDefault("MALE", 0) : null,
                                    s.registrationOpensAt,
                                    s.registrationClosesAt,
                                    s.cancelDeadline,
                                    s.offerWindowMinutes,
                                    s.reconfirm,
                                    s.mode == SignUpMode.LOTTERY
                                        ? LotterySeed.commitment(s.lotterySeed)
                                        : null,
                                    s.lotteryDrawnAt != null ? s.lotterySeed : null,
                                    s.lotteryDrawnAt,
                                    s.cancelledAt,
                                    mine.get(s.id)));
                          }
                          return views;
                        }));
  }

  private Uni<List<EventSummary>> summaries(List<Event> list, Double lat, Double lng) {
    if (list.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    List<Long> eventIds = list.stream().map(e -> e.id).toList();
    OffsetDateTime now = OffsetDateTime.now();
    return sessions
        .ofEvents(eventIds)
        .chain(
            all -> {
              List<Long> sessionIds = all.stream().map(s -> s.id).toList();
              return registrations
                  .freeSeats(sessionIds)
                  .chain(
                      free ->
                          unitRefs(list.stream().map(e -> e.ownerUnitId).distinct().toList())
                              .map(
                                  refs -> {
                                    Map<Long, Integer> freeBySession = new HashMap<>();
                                    free.forEach(
                                        (session, pools) ->
                                            freeBySession.put(
                                                session,
                                                pools.values().stream()
                                                    .mapToInt(Integer::intValue)
                                                    .sum()));
                                    List<EventSummary> out = new ArrayList<>();
                                    for (Event e : list) {
                                      List<EventSession> upcoming =
                                          all.stream()
                                              .filter(s -> s.eventId.equals(e.id))
                                              .filter(s -> s.cancelledAt == null)
                                              .filter(s -> s.endsAt.isAfter(now))
                                              .toList();
                                      OffsetDateTime next =
                                          upcoming.stream()
                                              .map(s -> s.startsAt)
                                              .min(OffsetDateTime::compareTo)
                                              .orElse(null);
                                      int left =
                                          upcoming.stream()
                                              .mapToInt(s -> freeBySession.getOrDefault(s.id, 0))
                                              .sum();
                                      Integer distance =
                                          lat != null && e.venueLat != null && e.venueLng != null
                                              ? (int)
                                                  Math.round(
                                                      Geo.metres(lat, lng, e.venueLat, e.venueLng))
                                              : null;
                                      out.add(
                                          new EventSummary(
                                              e.id,
                                              e.kind,
                                              e.courseCategory,
                                              e.title,
                                              e.status,
                                              refs.get(e.ownerUnitId),
                                              venueOf(e),
                                              e.coverImageUrl,
                                              next,
                                              left,
                                              distance));
                                    }
                                    return out;
                                  }));
            });
  }

  private Uni<Map<Long, UnitRef>> unitRefs(List<Long> ids) {
    return orgUnits
        .byIds(ids)
        .map(
            units -> {
              Map<Long, UnitRef> refs = new HashMap<>();
              units.forEach(
                  u -> refs.put(u.id(), new UnitRef(u.id(), u.code(), u.nameZh(), u.nameEn())));
              return refs;
            });
  }

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

  private Uni<Void> requireActor(CurrentUser user, Event e, EventLifecycle.Actor actor) {
    if (actor == EventLifecycle.Actor.OWNER) {
      return policy.requireManage(user, e.ownerUnitId);
    }
    return approverCheck(user, e)
        .invoke(
            ok -> {
              if (!ok) {
                throw DomainException.forbidden("event.approver-only");
              }
            })
        .replaceWithVoid();
  }

  /** The approver of an event manages the parent of its owning unit (admins for the district). */
  private Uni<Boolean> approverCheck(CurrentUser user, Event e) {
    return orgUnits
        .get(e.ownerUnitId)
        .chain(
            owner ->
                owner.parentId() == null
                    ? Uni.createFrom().item(user.isAdmin())
                    : policy.canManage(user, owner.parentId()));
  }

  private Uni<Event> requireOwned(CurrentUser user, long id) {
    return requireEvent(id).call(e -> policy.requireManage(user, e.ownerUnitId));
  }

  private Uni<Event> requireEvent(long id) {
    return events
        .findById(id)
        .onItem()
        .ifNull()
        .failWith(() -> DomainException.notFound("event", id));
  }

  private Uni<EventSession> requireSession(long id) {
    return sessions
        .findById(id)
        .onItem()
        .ifNull()
        .failWith(() -> DomainException.notFound("session", id));
  }

  private static <T> Uni<T> hidden(long id) {
    return Uni.createFrom().failure(DomainException.notFound("event", id));
  }

  private static DomainException missing(String field) {
    return DomainException.invalid(field, "notBlank");
  }

  private static void applyVenue(Event e, Venue v) {
    e.venueAddress = v == null ? null : v.address();
    e.venueLat = v == null ? null : v.lat();
    e.venueLng = v == null ? null : v.lng();
  }

  private static Venue venueOf(Event e) {
    return e.venueAddress == null && e.venueLat == null
        ? null
        : new Venue(e.venueAddress, e.venueLat, e.venueLng);
  }

  private static List<Event> order(List<Event> list, List<Long> ids) {
    Map<Long, Event> byId = new HashMap<>();
    list.forEach(e -> byId.put(e.id, e));
    return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
