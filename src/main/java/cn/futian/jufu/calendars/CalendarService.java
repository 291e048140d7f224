package cn.futian.jufu.calendars;

import cn.futian.jufu.calendars.CalendarDtos.FeedCreated;
import cn.futian.jufu.calendars.CalendarDtos.FeedView;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.links.PublicLinks;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.events.EventQueries;
import cn.futian.jufu.members.MemberService;
import cn.futian.jufu.registrations.MemberSessions;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * Calendars (RFC 5545): one event's sessions for anyone who may see the event, and a private feed
 * per member. The feed is read without login, by the secret token in its URL: phone calendars
 * subscribe to a URL and cannot send a Keycloak token. Creating the feed again rotates the token
 * (the old URL stops working); deleting it revokes it.
 */
@ApplicationScoped
public class CalendarService {

  static final String FEED_PATH = "/calendar-feeds/";
  static final String FEED_SUFFIX = ".ics";
  static final String MY_CALENDAR_NAME = "聚FU家园·我的活动";

  /** last_used_at is written at most this often, so that polling phones cause few writes. */
  private static final Duration LAST_USED_RESOLUTION = Duration.ofHours(1);

  private final CalendarFeedRepository feeds;
  private final MemberService members;
  private final EventQueries events;
  private final MemberSessions sessions;
  private final CalendarRenderer renderer;
  private final CalendarConfig config;
  private final PublicLinks links;

  CalendarService(
      CalendarFeedRepository feeds,
      MemberService members,
      EventQueries events,
      MemberSessions sessions,
      CalendarRenderer renderer,
      CalendarConfig config,
      PublicLinks links) {
    this.links = links;
    this.feeds = feeds;
    this.members = members;
    this.events = events;
    this.sessions = sessions;
    this.renderer = renderer;
    this.config = config;
  }

  /**
   * All sessions of one event, cancelled ones marked. Visibility is the event's own rule ({@link
   * EventQueries#get}): drafts and events waiting for approval are "not found" unless the caller
   * manages or approves them.
   */
  @WithSession
  public Uni<String> eventCalendar(CurrentUser user, long eventId) {
    return events
        .get(user, eventId)
        .chain(
            event ->
                sessions
                    .ofEvent(event.id())
                    .map(list -> renderer.render(event.title(), list, config.refreshInterval())));
  }

  /** Creates the caller's feed, or replaces its token (the old URL stops working at once). */
  @WithTransaction
  public Uni<FeedCreated> createFeed(CurrentUser user) {
    String token = FeedTokens.newToken();
    OffsetDateTime now = OffsetDateTime.now();
    return members
        .eligibilityProfile(user)
        .chain(profile -> feeds.replace(profile.memberId(), FeedTokens.hash(token), now))
        .map(
            ignored -> {
              String path = FEED_PATH + token + FEED_SUFFIX;
              return new FeedCreated(links.url(path), links.webcal(path), now);
            });
  }

  /** The caller's feed (without its URL: only the token's hash is kept). */
  @WithSession
  public Uni<FeedView> feed(CurrentUser user) {
    return members
        .idOf(user.subject())
        .chain(memberId -> memberId == null ? noFeed() : feeds.findById(memberId))
        .onItem()
        .ifNull()
        .failWith(() -> DomainException.notFound("calendar-feed", ""))
        .map(FeedView::of);
  }

  /** Revokes the caller's feed; revoking when there is none changes nothing (idempotent). */
  @WithTransaction
  public Uni<Void> revokeFeed(CurrentUser user) {
    return members
        .idOf(user.subject())
        .chain(
            memberId ->
                memberId == null ? Uni.createFrom().item(false) : feeds.deleteById(memberId))
        .replaceWithVoid();
  }

  /**
   * A member's feed by its secret token: sessions not yet ended where they hold a seat, and
   * sessions cancelled within {@code cancelledKeptFor} that they held a seat at, marked cancelled.
   * A malformed, unknown or revoked token is "not found", all alike.
   */
  @WithTransaction
  public Uni<String> memberCalendar(String token) {
    if (!FeedTokens.wellFormed(token)) {
      return Uni.createFrom().failure(DomainException.notFound("calendar-feed", ""));
    }
    OffsetDateTime now = OffsetDateTime.now();
    return feeds
        .findByTokenHash(FeedTokens.hash(token))
        .onItem()
        .ifNull()
        .failWith(() -> DomainException.notFound("calendar-feed", ""))
        .invoke(
            feed -> {
              if (feed.lastUsedAt == null
                  || feed.lastUsedAt.isBefore(now.minus(LAST_USED_RESOLUTION))) {
                feed.lastUsedAt = now;
              }
            })
        .chain(feed -> sessions.ofMember(feed.memberId, now, now.minus(config.cancelledKeptFor())))
        .map(list -> renderer.render(MY_CALENDAR_NAME, list, config.refreshInterval()));
  }

  private static Uni<CalendarFeed> noFeed() {
    return Uni.createFrom().nullItem();
  }
}
