package cn.futian.jufu.events;

import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.db.Sql;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.links.PublicLinks;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.events.EventDtos.EventSummary;
import cn.futian.jufu.events.EventDtos.EventView;
import cn.futian.jufu.events.EventDtos.SessionView;
import cn.futian.jufu.events.EventDtos.Venue;
import cn.futian.jufu.members.MemberDtos.UnitRef;
import cn.futian.jufu.members.MemberService;
import cn.futian.jufu.orgunits.OrgUnitService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reading events: one event as its reader may see it, a unit's events, the residents' feed, and the
 * facts other features need (a session's rules, an event's owner). Commands are in {@link
 * EventService}; who may do what in {@link EventAccess}.
 */
@ApplicationScoped
public class EventQueries {

  private final EventRepository events;
  private final EventSessionRepository sessions;
  private final EventQuestionRepository questions;
  private final EventAccess access;
  private final OrgUnitService orgUnits;
  private final SessionRegistrations registrations;
  private final EventConfig config;
  private final EventFeedCache feedCache;
  private final FeedStatements feedStatements;
  private final PublicLinks links;

  EventQueries(
      EventRepository events,
      EventSessionRepository sessions,
      EventQuestionRepository questions,
      EventAccess access,
      OrgUnitService orgUnits,
      SessionRegistrations registrations,
      EventConfig config,
      EventFeedCache feedCache,
      FeedStatements feedStatements,
      PublicLinks links) {
    this.events = events;
    this.sessions = sessions;
    this.questions = questions;
    this.access = access;
    this.orgUnits = orgUnits;
    this.registrations = registrations;
    this.config = config;
    this.feedCache = feedCache;
    this.feedStatements = feedStatements;
    this.links = links;
  }

  /**
   * One event. Drafts and events waiting for approval are seen only by those who manage (or
   * approve) them; published events by every signed-in member.
   */
  @WithSession
  public Uni<EventView> get(CurrentUser user, long id) {
    return requireEvent(id)
        .chain(
            e ->
                access
                    .canManage(user, e)
                    .chain(
                        manages -> {
                          if (!manages && !e.status.visibleToResidents()) {
                            if (e.status == EventStatus.PENDING_APPROVAL) {
                              return access
                                  .canApprove(user, e)
                                  .chain(ok -> ok ? view(user, e, true) : hidden(id));
                            }
                            return hidden(id);
                          }
                          return view(user, e, manages);
                        }));
  }

  /**
   * One event for those who run it: the cadres who manage its unit, or approve it. Anyone else,
   * residents included, is told there is no such event (404), as for a hidden draft.
   */
  @WithSession
  public Uni<EventView> managed(CurrentUser user, long id) {
    return requireEvent(id)
        .chain(
            e ->
                access
                    .canManage(user, e)
                    .chain(
                        manages ->
                            manages ? Uni.createFrom().item(true) : access.canApprove(user, e))
                    .chain(ok -> ok ? view(user, e, true) : hidden(id)));
  }

  /** A session on a cadre's agenda. */
  public record AgendaItem(
      long eventId,
      String title,
      EventStatus status,
      long sessionId,
      OffsetDateTime startsAt,
      SignUpMode mode,
      int capacity,
      String unitName) {}

  private static final String AGENDA =
      """
      select e.id, e.title, e.status, s.id, s.starts_at, s.mode, s.capacity, u.name_zh
      from session s join event e on e.id = s.event_id join org_unit u on u.id = e.owner_unit_id
      where s.starts_at >= :from and s.starts_at < :to and s.cancelled_at is null
        and e.status in ('PUBLISHED', 'REGISTRATION_CLOSED', 'PENDING_APPROVAL')
        and (:all or e.owner_unit_id in (:units))
      order by s.starts_at, s.id
      limit :limit
      """;

  /**
   * The sessions starting in [from, to) of the events run by units the caller manages (all of them
   * for district staff), not cancelled, earliest first.
   */
  @WithSession
  public Uni<List<AgendaItem>> agenda(
      CurrentUser user, OffsetDateTime from, OffsetDateTime to, int limit) {
    return access
        .managedUnitIds(user)
        .chain(
            units -> {
              if (units != null && units.isEmpty()) {
                return Uni.createFrom().item(List.<AgendaItem>of());
              }
              return Sql.records(
                  AGENDA,
                  r ->
                      new AgendaItem(
                          ((Number) r[0]).longValue(),
                          (String) r[1],
                          EventStatus.valueOf((String) r[2]),
                          ((Number) r[3]).longValue(),
                          (OffsetDateTime) r[4],
                          SignUpMode.valueOf((String) r[5]),
                          ((Number) r[6]).intValue(),
                          (String) r[7]),
                  "from",
                  from,
                  "to",
                  to,
                  "all",
                  units == null,
                  "units",
                  units == null ? List.of(0L) : units,
                  "limit",
                  limit);
            });
  }

  /** The unit that owns the event (404 when there is no such event); in the caller's session. */
  public Uni<Long> ownerUnitOf(long eventId) {
    return requireEvent(eventId).map(e -> e.ownerUnitId);
  }

  /** The events a unit owns, any status: for cadres who manage the unit. */
  @WithSession
  public Uni<Page<EventSummary>> ofUnit(
      CurrentUser user, long unitId, EventStatus status, int page, int size) {
    return access
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

  // ---------------------------------------------------------------- helpers

  /** An event as a reader sees it; {@code manager}: she manages or approves it. */
  Uni<EventView> view(CurrentUser user, Event e, boolean manager) {
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

  /** The event, or 404. */
  Uni<Event> requireEvent(long id) {
    return events
        .findById(id)
        .onItem()
        .ifNull()
        .failWith(() -> DomainException.notFound("event", id));
  }

  /** The session, or 404. */
  Uni<EventSession> requireSession(long id) {
    return sessions
        .findById(id)
        .onItem()
        .ifNull()
        .failWith(() -> DomainException.notFound("session", id));
  }

  private static <T> Uni<T> hidden(long id) {
    return Uni.createFrom().failure(DomainException.notFound("event", id));
  }

  static Venue venueOf(Event e) {
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
