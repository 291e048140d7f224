package cn.futian.jufu.news;

import static cn.futian.jufu.news.NewsApi.as;
import static cn.futian.jufu.testing.OrgUnits.idOf;
import static cn.futian.jufu.testing.Tokens.ADMIN;
import static cn.futian.jufu.testing.Tokens.COMMUNITY_CADRE;
import static cn.futian.jufu.testing.Tokens.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.futian.jufu.news.NewsDtos.NewsSummary;
import cn.futian.jufu.seeds.SeedLoader;
import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo articles of seeds/news.csv: loaded once, visible where they belong. */
@QuarkusTest
class NewsSeedTest {

  private static final String DISTRICT_POLICY = "政策解读｜新修订的《妇女权益保障法》这些新规定与您息息相关";
  private static final String YUANLING_NOTICE = "园岭街道“家庭教育大讲堂”冬季系列讲座开课通知";
  private static final String YITIAN_REVIEW = "活动回顾｜益田社区“示范婚调室”举办婚姻家庭纠纷调解开放日";
  private static final String COMMUNITY_DRAFT = "社区妇女儿童之家寒假“四点半课堂”报名通知";

  @Inject SeedLoader loader;
  @Inject NewsService news;

  @Test
  void theSeedLoadedItsArticlesOnce() throws Throwable {
    assertThat(Db.count("select count(*) from news_article where created_by = 'seed'"))
        .isEqualTo(8);
    assertThat(
            Db.count(
                "select count(*) from news_article where created_by = 'seed'"
                    + " and status = 'PUBLISHED'"))
        .isEqualTo(7);
    long before = Db.count("select count(*) from news_article");
    loader.load();
    assertThat(Db.count("select count(*) from news_article")).isEqualTo(before);
  }

  @Test
  void seededArticlesReachTheRightMembers() throws Throwable {
    String member = "Bearer " + TestUsers.token("news-seed-reader");
    NewsApi.setHome(member, idOf("FT-01-01"));
    List<String> titles =
        as(member)
            .queryParam("size", 100)
            .get("/me/news")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("items.title", String.class);
    assertThat(titles).contains(DISTRICT_POLICY, YUANLING_NOTICE).doesNotContain(YITIAN_REVIEW);
    assertThat(titles).doesNotContain(COMMUNITY_DRAFT);

    // The draft is in the community cadre's list; the district's articles in the admin's.
    assertThat(
            as(bearer(COMMUNITY_CADRE))
                .queryParam("status", "DRAFT")
                .queryParam("size", 100)
                .get("/org-units/{id}/news", idOf("FT-01-01"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.title", String.class))
        .contains(COMMUNITY_DRAFT);
    assertThat(
            as(bearer(ADMIN))
                .get("/org-units/{id}/news", idOf("FT"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.title", String.class))
        .contains(DISTRICT_POLICY);

    // The home page's service method: newest first, limited, my read flags.
    long memberId = NewsApi.memberId(member);
    List<NewsSummary> latest =
        VertxContextSupport.subscribeAndAwait(() -> news.latestForMember(memberId, 3));
    assertThat(latest).hasSize(3);
    assertThat(latest)
        .extracting(NewsSummary::publishedAt)
        .isSortedAccordingTo((a, b) -> b.compareTo(a));
    assertThat(latest).allMatch(n -> n.status() == NewsStatus.PUBLISHED);
    OffsetDateTime newest = latest.get(0).publishedAt();
    assertThat(
            VertxContextSupport.subscribeAndAwait(() -> news.latestForMember(memberId, 100))
                .stream()
                .map(NewsSummary::title))
        .contains(DISTRICT_POLICY, YUANLING_NOTICE)
        .doesNotContain(YITIAN_REVIEW, COMMUNITY_DRAFT);
    assertThat(newest).isNotNull();
    assertThat(VertxContextSupport.subscribeAndAwait(() -> news.latestForMember(memberId, 0)))
        .isEmpty();
  }

  @Test
  void aMalformedFileStopsWithTheReason() {
    String header = "unit_code,category,status,published_at,title,summary,cover_image_url,body\n";
    assertThatThrownBy(
            () ->
                NewsSeeds.parse(
                    "news.csv", header + "FT,GOSSIP,PUBLISHED,2026-01-01T00:00:00+08:00,t,,,b\n"))
        .hasMessageContaining("record 1");
    assertThatThrownBy(() -> NewsSeeds.parse("news.csv", header + "FT,NOTICE,PUBLISHED,,t,,,b\n"))
        .hasMessageContaining("published_at");
    assertThatThrownBy(
            () -> NewsSeeds.parse("news.csv", header + "FT,NOTICE,DRAFT,,t,,http://x.cn/a.jpg,b\n"))
        .hasMessageContaining("https");
    assertThat(NewsSeeds.parse("news.csv", header + "FT,NOTICE,DRAFT,,t,,,\"b\nc\"\n"))
        .singleElement()
        .satisfies(r -> assertThat(r.body()).isEqualTo("b\nc"));
  }
}
