package cn.futian.jufu.news;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
class NewsArticleRepository implements PanacheRepository<NewsArticle> {

  /**
   * The units whose published articles member {@code :m} sees: the home unit and every unit above
   * it (from its materialised path), the district when no home unit is set, and the followed units.
   */
  private static final String MY_UNITS =
      "with my_units as ("
          + " select cast(unnest(string_to_array(trim(both '/' from h.path), '/')) as bigint) as id"
          + " from member m join org_unit h on h.id = m.home_unit_id where m.id = :m"
          + " union"
          + " select u.id from org_unit u where u.parent_id is null and not exists"
          + " (select 1 from member m where m.id = :m and m.home_unit_id is not null)"
          + " union"
          + " select f.org_unit_id from member_follow f where f.member_id = :m)";

  /** One entry of a member's feed: the article and whether the member has read it. */
  record FeedEntry(long articleId, boolean read) {}

  /** A unit's articles, newest first, optionally of one status. */
  Uni<List<NewsArticle>> ofUnit(long unitId, NewsStatus status, int page, int size) {
    Sort sort = Sort.by("createdAt").descending().and("id", Sort.Direction.Descending);
    var query =
        status == null
            ? find("unitId", sort, unitId)
            : find("unitId = ?1 and status = ?2", sort, unitId, status);
    return query.page(page, size).list();
  }

  Uni<Long> countOfUnit(long unitId, NewsStatus status) {
    return status == null
        ? count("unitId", unitId)
        : count("unitId = ?1 and status = ?2", unitId, status);
  }

  /** Whether member {@code memberId} belongs to or follows unit {@code unitId}. */
  Uni<Boolean> isVisibleTo(long memberId, long unitId) {
    return getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        MY_UNITS + " select count(*) from my_units where id = :u", Long.class)
                    .setParameter("m", memberId)
                    .setParameter("u", unitId)
                    .getSingleResult())
        .map(n -> n > 0);
  }

  /** A page of the member's feed: published articles of their units, newest published first. */
  Uni<List<FeedEntry>> feed(long memberId, NewsCategory category, int offset, int limit) {
    String sql =
        MY_UNITS
            + " select a.id, exists (select 1 from news_read r where r.article_id = a.id"
            + " and r.member_id = :m) from news_article a"
            + feedWhere(category)
            + " order by a.published_at desc, a.id desc limit :limit offset :offset";
    return getSession()
        .chain(
            s -> {
              var q =
                  s.createNativeQuery(sql, Object[].class)
                      .setParameter("m", memberId)
                      .setParameter("limit", limit)
                      .setParameter("offset", offset);
              if (category != null) {
                q.setParameter("c", category.name());
              }
              return q.getResultList();
            })
        .map(
            rows ->
                rows.stream()
                    .map(r -> new FeedEntry(((Number) r[0]).longValue(), Boolean.TRUE.equals(r[1])))
                    .toList());
  }

  Uni<Long> countFeed(long memberId, NewsCategory category) {
    String sql = MY_UNITS + " select count(*) from news_article a" + feedWhere(category);
    return getSession()
        .chain(
            s -> {
              var q = s.createNativeQuery(sql, Long.class).setParameter("m", memberId);
              if (category != null) {
                q.setParameter("c", category.name());
              }
              return q.getSingleResult();
            });
  }

  private static String feedWhere(NewsCategory category) {
    return " where a.status = 'PUBLISHED' and a.unit_id in (select id from my_units)"
        + (category == null ? "" : " and a.category = :c");
  }

  /**
   * Records that a member read a published article: the first read inserts the row and adds one to
   * the count; later (or concurrent) reads of the same member find the row and change nothing.
   * Returns whether this read was the first.
   */
  Uni<Boolean> recordRead(long articleId, long memberId) {
    return getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "insert into news_read (article_id, member_id) values (:a, :m)"
                            + " on conflict do nothing")
                    .setParameter("a", articleId)
                    .setParameter("m", memberId)
                    .executeUpdate()
                    .chain(
                        inserted ->
                            inserted == 0
                                ? Uni.createFrom().item(false)
                                : s.createNativeQuery(
                                        "update news_article set read_count = read_count + 1"
                                            + " where id = :a")
                                    .setParameter("a", articleId)
                                    .executeUpdate()
                                    .replaceWith(true)));
  }

  /** Whether an article of this unit with this title exists (the seed's key). */
  Uni<Boolean> existsByUnitAndTitle(long unitId, String title) {
    return count("unitId = ?1 and title = ?2", unitId, title).map(n -> n > 0);
  }
}
