package cn.futian.jufu.home;

import cn.futian.jufu.cadres.AccessPolicy;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.events.Eligibility;
import cn.futian.jufu.events.EventDtos.EventSummary;
import cn.futian.jufu.events.EventKind;
import cn.futian.jufu.events.EventQueries;
import cn.futian.jufu.follows.FollowService;
import cn.futian.jufu.members.MemberService;
import cn.futian.jufu.news.NewsService;
import cn.futian.jufu.notifications.InboxService;
import cn.futian.jufu.registrations.RegistrationDtos.RegistrationView;
import cn.futian.jufu.registrations.RegistrationService;
import cn.futian.jufu.registrations.RegistrationStatus;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Puts the member's home page together from the features that own each part. */
@ApplicationScoped
public class HomeService {

  static final int SHOWN = 5;

  /** How much of the feed recommendations look at. */
  static final int FEED_WINDOW = 30;

  private final MemberService members;
  private final RegistrationService registrations;
  private final InboxService inbox;
  private final NewsService news;
  private final EventQueries events;
  private final FollowService follows;
  private final AccessPolicy policy;

  HomeService(
      MemberService members,
      RegistrationService registrations,
      InboxService inbox,
      NewsService news,
      EventQueries events,
      FollowService follows,
      AccessPolicy policy) {
    this.members = members;
    this.registrations = registrations;
    this.inbox = inbox;
    this.news = news;
    this.events = events;
    this.follows = follows;
    this.policy = policy;
  }

  @WithTransaction
  public Uni<HomeView> home(CurrentUser user) {
    return members
        .me(user)
        .chain(
            me ->
                registrations
                    .myRegistrations(user, true, 0, 100)
                    .chain(
                        mine ->
                            inbox
                                .unread(user)
                                .chain(
                                    unread ->
                                        news.latestForMember(me.id(), SHOWN)
                                            .chain(
                                                latest ->
                                                    recommended(user, mine.items())
                                                        .map(
                                                            recs ->
                                                                new HomeView(
                                                                    me,
                                                                    of(
                                                                        mine.items(),
                                                                        RegistrationStatus
                                                                            .CONFIRMED),
                                                                    of(
                                                                        mine.items(),
                                                                        RegistrationStatus.OFFERED),
                                                                    of(
                                                                        mine.items(),
                                                                        RegistrationStatus
                                                                            .WAITLISTED),
                                                                    of(
                                                                        mine.items(),
                                                                        RegistrationStatus.APPLIED),
                                                                    of(
                                                                        mine.items(),
                                                                        RegistrationStatus.PENDING),
                                                                    unread.unread(),
                                                                    latest,
                                                                    recs))))));
  }

  /** My registrations of one status, soonest session first. */
  private static List<RegistrationView> of(List<RegistrationView> mine, RegistrationStatus status) {
    return mine.stream()
        .filter(r -> r.status() == status)
        .sorted(Comparator.comparing(RegistrationView::startsAt))
        .limit(SHOWN)
        .toList();
  }

  /**
   * Events from the member's own feed that they have not joined and whose rules they meet, the
   * kinds they are interested in first, then the soonest.
   */
  private Uni<List<EventSummary>> recommended(CurrentUser user, List<RegistrationView> mine) {
    Set<Long> joined =
        mine.stream()
            .filter(r -> r.status().isActive())
            .map(RegistrationView::eventId)
            .collect(Collectors.toSet());
    return events
        .feed(
            user,
            new EventQueries.FeedFilter(null, null, null, null, null, null, null, 0, FEED_WINDOW))
        .chain(
            feed -> {
              List<EventSummary> open =
                  feed.items().stream()
                      .filter(e -> !joined.contains(e.id()) && e.seatsLeft() > 0)
                      .toList();
              List<Long> ids = open.stream().map(EventSummary::id).toList();
              return events
                  .rulesOf(ids)
                  .chain(
                      rules ->
                          cadreIfAsked(user, rules.values())
                              .chain(
                                  cadre ->
                                      members
                                          .eligibilityProfile(user)
                                          .chain(
                                              profile ->
                                                  follows
                                                      .interests(user)
                                                      .map(
                                                          interests ->
                                                              open.stream()
                                                                  .filter(
                                                                      e ->
                                                                          RegistrationService
                                                                              .meetsRules(
                                                                                  rules.get(e.id()),
                                                                                  profile,
                                                                                  cadre))
                                                                  .sorted(byInterest(interests))
                                                                  .limit(SHOWN)
                                                                  .toList()))));
            });
  }

  /** Whether the user is a cadre, looked up only when an event among these is for cadres only. */
  private Uni<Boolean> cadreIfAsked(CurrentUser user, Collection<Eligibility> rules) {
    return rules.stream().anyMatch(r -> r != null && r.cadresOnly)
        ? policy.isCadre(user)
        : Uni.createFrom().item(false);
  }

  private static Comparator<EventSummary> byInterest(Set<EventKind> interests) {
    Comparator<EventSummary> interestFirst =
        Comparator.comparing(e -> interests.contains(e.kind()) ? 0 : 1);
    return interestFirst.thenComparing(
        EventSummary::nextStartsAt, Comparator.nullsLast(Comparator.naturalOrder()));
  }
}
