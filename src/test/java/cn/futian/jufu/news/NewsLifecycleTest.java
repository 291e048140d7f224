package cn.futian.jufu.news;

import static cn.futian.jufu.news.NewsApi.as;
import static cn.futian.jufu.news.NewsApi.feedIds;
import static cn.futian.jufu.news.NewsApi.get;
import static cn.futian.jufu.news.NewsApi.readCount;
import static cn.futian.jufu.testing.OrgUnits.idOf;
import static cn.futian.jufu.testing.Tokens.ADMIN;
import static cn.futian.jufu.testing.Tokens.COMMUNITY_CADRE;
import static cn.futian.jufu.testing.Tokens.STREET_CADRE;
import static cn.futian.jufu.testing.Tokens.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Draft → published → withdrawn, who sees what in the feed, and read counts. */
@QuarkusTest
class NewsLifecycleTest {

  private static String user(String name) {
    return "Bearer " + TestUsers.token(name);
  }

  @Test
  void draftsArePrivatePublishedReachMembersAndFollowersWithdrawnDisappear() {
    long community = idOf("FT-01-01");
    String belowCommunity = user("news-home");
    String inCommunity = user("news-home-2");
    String follower = user("news-follower");
    String stranger = user("news-stranger");
    NewsApi.setHome(belowCommunity, idOf("FT-01-01-G01"));
    NewsApi.setHome(inCommunity, community);
    NewsApi.setHome(follower, idOf("FT-02-01"));
    NewsApi.follow(follower, community);
    NewsApi.setHome(stranger, idOf("FT-02-01"));

    String cadre = bearer(COMMUNITY_CADRE);
    long id = NewsApi.draft(cadre, community, "社区反家暴宣传周活动通知");

    // A draft: the cadre sees it in the unit's list, members get 404 and no feed entry.
    get(cadre, id)
        .statusCode(200)
        .body("status", equalTo("DRAFT"))
        .body("publishedAt", nullValue())
        .body("unit.code", equalTo("FT-01-01"));
    for (String member : List.of(belowCommunity, inCommunity, follower, stranger)) {
      get(member, id).statusCode(404).body("code", equalTo("not-found"));
      assertThat(feedIds(member)).doesNotContain(id);
    }

    NewsApi.publish(cadre, id)
        .statusCode(200)
        .body("status", equalTo("PUBLISHED"))
        .body("publishedAt", notNullValue())
        .body("readCount", equalTo(0));

    // Published: home unit below the unit, the unit itself, a follower; not a stranger.
    for (String member : List.of(belowCommunity, inCommunity, follower)) {
      assertThat(feedIds(member)).contains(id);
      get(member, id)
          .statusCode(200)
          .body("title", equalTo("社区反家暴宣传周活动通知"))
          .body("read", equalTo(true))
          .body("readCount", nullValue());
    }
    assertThat(feedIds(stranger)).doesNotContain(id);
    get(stranger, id).statusCode(404);
    assertThat(readCount(cadre, id)).isEqualTo(3);

    // The feed says what I have read; category filters.
    as(follower)
        .queryParam("category", "NOTICE")
        .get("/me/news")
        .then()
        .statusCode(200)
        .body("items.find { it.id == " + id + " }.read", equalTo(true));
    assertThat(
            as(follower)
                .queryParam("category", "POLICY")
                .get("/me/news")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.id", Long.class))
        .doesNotContain(id);

    // Edits of a published article reach readers.
    NewsApi.patch(cadre, id, "{\"title\": \"社区反家暴宣传周活动通知（更新）\", \"summary\": null}")
        .statusCode(200)
        .body("title", equalTo("社区反家暴宣传周活动通知（更新）"))
        .body("summary", nullValue())
        .body("status", equalTo("PUBLISHED"));
    get(inCommunity, id).statusCode(200).body("title", equalTo("社区反家暴宣传周活动通知（更新）"));

    // Withdrawn: gone for members, kept for the cadre, final.
    NewsApi.withdraw(cadre, id)
        .statusCode(200)
        .body("status", equalTo("WITHDRAWN"))
        .body("withdrawnAt", notNullValue());
    for (String member : List.of(belowCommunity, inCommunity, follower)) {
      assertThat(feedIds(member)).doesNotContain(id);
      get(member, id).statusCode(404);
    }
    get(cadre, id).statusCode(200).body("readCount", equalTo(3));
    NewsApi.publish(cadre, id).statusCode(409).body("code", equalTo("conflict"));
  }

  @Test
  void aStreetArticleReachesTheCommunitiesBelowButNotOtherStreets() {
    String home = user("news-home");
    String stranger = user("news-stranger");
    NewsApi.setHome(home, idOf("FT-01-01-G01"));
    NewsApi.setHome(stranger, idOf("FT-02-01"));
    long street = NewsApi.published(bearer(STREET_CADRE), idOf("FT-01"), "园岭街道巾帼志愿者招募");
    long district = NewsApi.published(bearer(ADMIN), idOf("FT"), "区妇联冬季关爱行动倡议书");

    assertThat(feedIds(home)).contains(street, district);
    assertThat(feedIds(stranger)).contains(district).doesNotContain(street);
    // Newest published first.
    List<Long> feed = feedIds(home);
    assertThat(feed.indexOf(district)).isLessThan(feed.indexOf(street));
  }

  @Test
  void eachMemberCountsOnceEvenWhenReadingInParallel() throws Exception {
    long community = idOf("FT-01-01");
    String cadre = bearer(COMMUNITY_CADRE);
    long id = NewsApi.published(cadre, community, "家庭教育指导服务站开放时间调整");
    List<String> readers =
        TestUsers.tokens("news-reader", 5).stream().map(t -> "Bearer " + t).toList();
    for (String r : readers) {
      NewsApi.setHome(r, community);
    }

    // One member, eight parallel first reads: one counted read.
    String first = readers.get(0);
    assertThat(inParallel(8, () -> get(first, id).extract().statusCode())).containsOnly(200);
    assertThat(readCount(cadre, id)).isEqualTo(1);

    // Five members at once (the first one again included): five.
    List<Callable<Integer>> reads = new ArrayList<>();
    for (String r : readers) {
      reads.add(() -> get(r, id).extract().statusCode());
      reads.add(() -> get(r, id).extract().statusCode());
    }
    assertThat(run(reads)).containsOnly(200);
    assertThat(readCount(cadre, id)).isEqualTo(5);
    assertThat(Db.count("select count(*) from news_read where article_id = ?", id)).isEqualTo(5);

    // Cadres' reads are not counted, and do not make them readers.
    get(bearer(STREET_CADRE), id).statusCode(200);
    get(bearer(ADMIN), id).statusCode(200);
    assertThat(readCount(cadre, id)).isEqualTo(5);

    // The unit's list shows the count too.
    as(cadre)
        .get("/org-units/{id}/news", community)
        .then()
        .statusCode(200)
        .body("items.find { it.id == " + id + " }.readCount", equalTo(5))
        .body("items.find { it.id == " + id + " }.read", nullValue());
  }

  private static List<Integer> inParallel(int n, Callable<Integer> call) throws Exception {
    List<Callable<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      calls.add(call);
    }
    return run(calls);
  }

  /** Runs the calls at once (released together by a latch); returns their results. */
  private static List<Integer> run(List<Callable<Integer>> calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(calls.size());
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Integer>> futures = new ArrayList<>();
      for (Callable<Integer> c : calls) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return c.call();
                }));
      }
      start.countDown();
      List<Integer> out = new ArrayList<>();
      for (Future<Integer> f : futures) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdown();
    }
  }
}
