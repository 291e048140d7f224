package cn.futian.jufu.news;

import cn.futian.jufu.cadres.AccessPolicy;
import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.links.PublicLinks;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.text.Texts;
import cn.futian.jufu.members.MemberDtos.UnitRef;
import cn.futian.jufu.members.MemberService;
import cn.futian.jufu.news.NewsDtos.CreateNews;
import cn.futian.jufu.news.NewsDtos.NewsSummary;
import cn.futian.jufu.news.NewsDtos.NewsView;
import cn.futian.jufu.news.NewsDtos.UpdateNews;
import cn.futian.jufu.orgunits.OrgUnitService;
import cn.futian.jufu.orgunits.OrgUnitView;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * News from the federation: cadres write articles for the units they manage; members read the
 * published articles of the units they belong to (home unit and the units above it) or follow.
 * Members without a home unit see the district's articles and those of the units they follow.
 */
@ApplicationScoped
public class NewsService {

  /** The most articles {@link #latestForMember} returns. */
  static final int LATEST_MAX = 50;

  private final NewsArticleRepository articles;
  private final AccessPolicy policy;
  private final OrgUnitService orgUnits;
  private final MemberService members;
  private final PublicLinks links;

  NewsService(
      NewsArticleRepository articles,
      AccessPolicy policy,
      OrgUnitService orgUnits,
      MemberService members,
      PublicLinks links) {
    this.links = links;
    this.articles = articles;
    this.policy = policy;
    this.orgUnits = orgUnits;
    this.members = members;
  }

  // ---------------------------------------------------------------- cadres

  /** A new draft for a unit the caller manages. */
  @WithTransaction
  public Uni<NewsView> create(CurrentUser user, long unitId, CreateNews cmd) {
    return policy
        .requireManage(user, unitId)
        .chain(() -> orgUnits.requireActive(unitId))
        .chain(
            unit -> {
              NewsArticle a = new NewsArticle();
              a.unitId = unitId;
              a.category = cmd.category();
              a.title = cmd.title().strip();
              a.summary = Texts.blankToNull(cmd.summary());
              a.body = cmd.body().strip();
              a.coverImageUrl = cmd.coverImageUrl();
              a.status = NewsStatus.DRAFT;
              a.createdBy = user.subject();
              a.createdAt = OffsetDateTime.now();
              a.updatedAt = a.createdAt;
              return articles.persistAndFlush(a);
            })
        .chain(this::managerView);
  }

  /** Changes a draft or a published article (merge patch); withdrawn articles are final. */
  @WithTransaction
  public Uni<NewsView> update(CurrentUser user, long id, UpdateNews patch) {
    return requireManaged(user, id)
        .invoke(
            a -> {
              if (!a.status.editable()) {
                throw DomainException.conflict("news.not-editable", a.status);
              }
              if (patch.category != null) {
                a.category = patch.category.orElseThrow(() -> missing("category", "notNull"));
              }
              if (patch.title != null) {
                a.title = patch.title.orElseThrow(() -> missing("title", "notBlank")).strip();
              }
              if (patch.summary != null) {
                a.summary = Texts.blankToNull(patch.summary.orElse(null));
              }
              if (patch.body != null) {
                a.body = patch.body.orElseThrow(() -> missing("body", "notBlank")).strip();
              }
              if (patch.coverImageUrl != null) {
                a.coverImageUrl = patch.coverImageUrl.orElse(null);
              }
              a.updatedAt = OffsetDateTime.now();
            })
        .call(articles::flush)
        .chain(this::managerView);
  }

  /** Publishes a draft or withdraws a published article; any other move is a 409 problem. */
  @WithTransaction
  public Uni<NewsView> transition(CurrentUser user, long id, NewsStatus.Action action) {
    return requireManaged(user, id)
        .invoke(
            a -> {
              NewsStatus target = a.status.after(action);
              if (target == null) {
                throw DomainException.conflict("news.transition", action, a.status);
              }
              a.status = target;
              a.updatedAt = OffsetDateTime.now();
              if (target == NewsStatus.PUBLISHED) {
                a.publishedAt = a.updatedAt;
              } else if (target == NewsStatus.WITHDRAWN) {
                a.withdrawnAt = a.updatedAt;
              }
            })
        .call(articles::flush)
        .chain(this::managerView);
  }

  /** One article for the cadres of its unit, with its read count; 404 for anyone else. */
  @WithSession
  public Uni<NewsView> managed(CurrentUser user, long id) {
    return requireManaged(user, id).chain(this::managerView);
  }

  /** A unit's articles in every status (or one), newest first, with their read counts. */
  @WithSession
  public Uni<Page<NewsSummary>> ofUnit(
      CurrentUser user, long unitId, NewsStatus status, int page, int size) {
    return policy
        .requireManage(user, unitId)
        .chain(() -> articles.ofUnit(unitId, status, page, size))
        .chain(
            list ->
                articles
                    .countOfUnit(unitId, status)
                    .chain(
                        total ->
                            summaries(list, a -> a.readCount, a -> null)
                                .map(items -> new Page<>(items, page, size, total))));
  }

  // ---------------------------------------------------------------- members

  /**
   * One article. The unit's cadres (and admins) read it in any status, without counting. A member
   * reads a published article of a unit they belong to or follow; their first read is counted.
   * Everyone else gets a 404, so drafts stay unknown.
   */
  @WithTransaction
  public Uni<NewsView> read(CurrentUser user, long id) {
    return requireArticle(id)
        .chain(
            a ->
                policy
                    .canManage(user, a.unitId)
                    .chain(
                        manages -> {
                          if (manages) {
                            return managerView(a);
                          }
                          if (a.status != NewsStatus.PUBLISHED) {
                            return Uni.createFrom().failure(notFound(id));
                          }
                          return members
                              .ensureId(user)
                              .chain(memberId -> readAsMember(a, memberId));
                        }));
  }

  private Uni<NewsView> readAsMember(NewsArticle a, long memberId) {
    return articles
        .isVisibleTo(memberId, a.unitId)
        .invoke(
            visible -> {
              if (!visible) {
                throw notFound(a.id);
              }
            })
        .chain(() -> articles.recordRead(a.id, memberId))
        .chain(first -> unitRefs(List.of(a.unitId)))
        .map(refs -> view(a, refs.get(a.unitId), null, true));
  }

  /** The caller's feed: published articles of their units, newest published first. */
  @WithTransaction
  public Uni<Page<NewsSummary>> feed(CurrentUser user, NewsCategory category, int page, int size) {
    return members
        .ensureId(user)
        .chain(
            memberId ->
                feedItems(memberId, category, page * size, size)
                    .chain(
                        items ->
                            articles
                                .countFeed(memberId, category)
                                .map(total -> new Page<>(items, page, size, total))));
  }

  /**
   * The newest published articles that member {@code memberId} sees (for the home page), at most
   * {@code limit} (capped at 50). Runs in the caller's session.
   */
  @WithSession
  public Uni<List<NewsSummary>> latestForMember(long memberId, int limit) {
    if (limit <= 0) {
      return Uni.createFrom().item(List.of());
    }
    return feedItems(memberId, null, 0, Math.min(limit, LATEST_MAX));
  }

  private Uni<List<NewsSummary>> feedItems(
      long memberId, NewsCategory category, int offset, int limit) {
    return articles
        .feed(memberId, category, offset, limit)
        .chain(
            entries -> {
              if (entries.isEmpty()) {
                return Uni.createFrom().item(List.<NewsSummary>of());
              }
              Map<Long, Boolean> read = new HashMap<>();
              entries.forEach(e -> read.put(e.articleId(), e.read()));
              List<Long> ids =
                  entries.stream().map(NewsArticleRepository.FeedEntry::articleId).toList();
              return articles
                  .list("id in ?1", ids)
                  .map(
                      list -> {
                        Map<Long, NewsArticle> byId =
                            list.stream().collect(Collectors.toMap(x -> x.id, x -> x));
                        return ids.stream().map(byId::get).filter(x -> x != null).toList();
                      })
                  .chain(list -> summaries(list, a -> null, a -> read.get(a.id)));
            });
  }

  // ---------------------------------------------------------------- helpers

  private Uni<NewsArticle> requireArticle(long id) {
    return articles.findById(id).onItem().ifNull().failWith(() -> notFound(id));
  }

  private Uni<NewsArticle> requireManaged(CurrentUser user, long id) {
    return requireArticle(id).call(a -> policy.requireManage(user, a.unitId));
  }

  private Uni<NewsView> managerView(NewsArticle a) {
    return unitRefs(List.of(a.unitId)).map(refs -> view(a, refs.get(a.unitId), a.readCount, null));
  }

  private NewsView view(NewsArticle a, UnitRef unit, Long readCount, Boolean read) {
    return new NewsView(
        a.id,
        unit,
        a.category,
        a.title,
        a.summary,
        a.body,
        a.coverImageUrl,
        a.status,
        a.createdAt,
        a.updatedAt,
        a.publishedAt,
        a.withdrawnAt,
        readCount,
        read,
        links.app("/news/" + a.id));
  }

  private Uni<List<NewsSummary>> summaries(
      List<NewsArticle> list,
      Function<NewsArticle, Long> readCount,
      Function<NewsArticle, Boolean> read) {
    return unitRefs(
            list.stream().map(a -> a.unitId).collect(Collectors.toCollection(LinkedHashSet::new)))
        .map(
            refs ->
                list.stream()
                    .map(
                        a ->
                            new NewsSummary(
                                a.id,
                                refs.get(a.unitId),
                                a.category,
                                a.title,
                                a.summary,
                                a.coverImageUrl,
                                a.status,
                                a.publishedAt,
                                readCount.apply(a),
                                read.apply(a)))
                    .toList());
  }

  private Uni<Map<Long, UnitRef>> unitRefs(Collection<Long> unitIds) {
    return orgUnits
        .byIds(unitIds)
        .map(
            units ->
                units.stream()
                    .collect(Collectors.toMap(OrgUnitView::id, NewsService::ref, (x, y) -> x)));
  }

  private static UnitRef ref(OrgUnitView u) {
    return new UnitRef(u.id(), u.code(), u.nameZh(), u.nameEn());
  }

  private static DomainException notFound(long id) {
    return DomainException.notFound("news", id);
  }

  private static DomainException missing(String field, String code) {
    return DomainException.invalid(field, code);
  }
}
