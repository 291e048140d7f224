package cn.futian.jufu.news;

import static cn.futian.jufu.news.NewsApi.as;
import static cn.futian.jufu.testing.OrgUnits.idOf;
import static cn.futian.jufu.testing.Tokens.ADMIN;
import static cn.futian.jufu.testing.Tokens.COMMUNITY_CADRE;
import static cn.futian.jufu.testing.Tokens.NEIGHBOUR_CADRE;
import static cn.futian.jufu.testing.Tokens.RESIDENT_A;
import static cn.futian.jufu.testing.Tokens.STREET_CADRE;
import static cn.futian.jufu.testing.Tokens.bearer;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Who may do what, endpoint by endpoint, for an article of community FT-01-01: its cadre, the
 * street cadre above it and admins manage it; the neighbouring community's cadre and residents do
 * not; nobody gets in without a token.
 */
@QuarkusTest
class NewsAccessTest {

  private static final String ANONYMOUS = "anonymous";

  private static String auth(String who) {
    return ANONYMOUS.equals(who) ? null : bearer(who);
  }

  private static void problem(ValidatableResponse r, int status) {
    r.statusCode(status).contentType("application/problem+json").body("status", equalTo(status));
  }

  @ParameterizedTest(name = "{0} creates → {1}")
  @CsvSource({
    "anonymous, 401",
    "resident-a, 403",
    "community-cadre, 201",
    "neighbour-cadre, 403",
    "street-cadre, 201",
    "admin, 201",
  })
  void create(String who, int status) {
    long unit = idOf("FT-01-01");
    var r = NewsApi.create(auth(who), unit, NewsApi.article("权限测试：新建 " + who));
    if (status == 201) {
      r.statusCode(201)
          .header("Location", notNullValue())
          .body("status", equalTo("DRAFT"))
          .body("readCount", equalTo(0));
    } else {
      problem(r, status);
    }
  }

  @Test
  void aCommunityCadreDoesNotWriteForTheStreetAbove() {
    problem(
        NewsApi.create(bearer(COMMUNITY_CADRE), idOf("FT-01"), NewsApi.article("越权：街道文章")), 403);
  }

  @ParameterizedTest(name = "{0} lists the unit's articles → {1}")
  @CsvSource({
    "anonymous, 401",
    "resident-a, 403",
    "community-cadre, 200",
    "neighbour-cadre, 403",
    "street-cadre, 200",
    "admin, 200",
  })
  void listUnitArticles(String who, int status) {
    long unit = idOf("FT-01-01");
    long draft = NewsApi.draft(bearer(COMMUNITY_CADRE), unit, "权限测试：列表 " + who);
    var r = as(auth(who)).get("/org-units/{id}/news", unit).then();
    if (status == 200) {
      r.statusCode(200).body("items.id", hasItem((int) draft));
      as(auth(who))
          .queryParam("status", "PUBLISHED")
          .get("/org-units/{id}/news", unit)
          .then()
          .statusCode(200)
          .body("items.id", not(hasItem((int) draft)));
    } else {
      problem(r, status);
    }
  }

  @ParameterizedTest(name = "{0} edits → {1}")
  @CsvSource({
    "anonymous, 401",
    "resident-a, 403",
    "community-cadre, 200",
    "neighbour-cadre, 403",
    "street-cadre, 200",
    "admin, 200",
  })
  void edit(String who, int status) {
    String owner = bearer(COMMUNITY_CADRE);
    long id = NewsApi.draft(owner, idOf("FT-01-01"), "权限测试：修改 " + who);
    var r = NewsApi.patch(auth(who), id, "{\"category\": \"POLICY\"}");
    if (status == 200) {
      r.statusCode(200).body("category", equalTo("POLICY"));
    } else {
      problem(r, status);
      NewsApi.get(owner, id).statusCode(200).body("category", equalTo("NOTICE"));
    }
  }

  @ParameterizedTest(name = "{0} publishes → {1}")
  @CsvSource({
    "anonymous, 401",
    "resident-a, 403",
    "community-cadre, 200",
    "neighbour-cadre, 403",
    "street-cadre, 200",
    "admin, 200",
  })
  void publish(String who, int status) {
    String owner = bearer(COMMUNITY_CADRE);
    long id = NewsApi.draft(owner, idOf("FT-01-01"), "权限测试：发布 " + who);
    var r = NewsApi.publish(auth(who), id);
    if (status == 200) {
      r.statusCode(200).body("status", equalTo("PUBLISHED"));
    } else {
      problem(r, status);
      NewsApi.get(owner, id).statusCode(200).body("status", equalTo("DRAFT"));
    }
  }

  @ParameterizedTest(name = "{0} withdraws → {1}")
  @CsvSource({
    "anonymous, 401",
    "resident-a, 403",
    "community-cadre, 200",
    "neighbour-cadre, 403",
    "street-cadre, 200",
    "admin, 200",
  })
  void withdraw(String who, int status) {
    String owner = bearer(COMMUNITY_CADRE);
    long id = NewsApi.published(owner, idOf("FT-01-01"), "权限测试：撤回 " + who);
    var r = NewsApi.withdraw(auth(who), id);
    if (status == 200) {
      r.statusCode(200).body("status", equalTo("WITHDRAWN"));
    } else {
      problem(r, status);
      NewsApi.get(owner, id).statusCode(200).body("status", equalTo("PUBLISHED"));
    }
  }

  /**
   * Reading a draft: those who manage the unit see it; everyone else gets 404, not 403, so that a
   * draft's existence is not revealed (the neighbouring cadre included).
   */
  @ParameterizedTest(name = "{0} reads a draft → {1}")
  @CsvSource({
    "anonymous, 401",
    "resident-a, 404",
    "community-cadre, 200",
    "neighbour-cadre, 404",
    "street-cadre, 200",
    "admin, 200",
  })
  void readDraft(String who, int status) {
    long id = NewsApi.draft(bearer(COMMUNITY_CADRE), idOf("FT-01-01"), "权限测试：阅读草稿 " + who);
    var r = NewsApi.get(auth(who), id);
    if (status == 200) {
      r.statusCode(200).body("status", equalTo("DRAFT")).body("readCount", equalTo(0));
    } else {
      problem(r, status);
    }
  }

  /** A published article of FT-01-01 for members who neither live there nor follow it: 404. */
  @Test
  void aPublishedArticleIsHiddenFromMembersOutsideTheUnit() {
    long id = NewsApi.published(bearer(COMMUNITY_CADRE), idOf("FT-01-01"), "权限测试：他人阅读");
    NewsApi.setHome(bearer(RESIDENT_A), idOf("FT-02-01"));
    as(bearer(RESIDENT_A)).delete("/me/follows/{id}", idOf("FT-01-01")).then().statusCode(204);
    problem(NewsApi.get(bearer(RESIDENT_A), id), 404);
    // The neighbouring cadre is a member like any other here (no home unit: district news only).
    problem(NewsApi.get(bearer(NEIGHBOUR_CADRE), id), 404);
    problem(NewsApi.get(null, id), 401);
    NewsApi.get(bearer(STREET_CADRE), id).statusCode(200).body("readCount", equalTo(0));
  }

  @ParameterizedTest(name = "{0} reads their feed → {1}")
  @CsvSource({
    "anonymous, 401",
    "resident-a, 200",
    "community-cadre, 200",
    "neighbour-cadre, 200",
    "street-cadre, 200",
    "admin, 200",
  })
  void feed(String who, int status) {
    var r = as(auth(who)).get("/me/news").then();
    if (status == 200) {
      r.statusCode(200).body("page", equalTo(0)).body("size", equalTo(20));
    } else {
      problem(r, status);
    }
  }

  @Test
  void theFeedIsPersonalNotTheCadresUnitList() {
    // A draft of the cadre's own unit is never in anyone's feed, the cadre's included.
    long draft = NewsApi.draft(bearer(COMMUNITY_CADRE), idOf("FT-01-01"), "权限测试：草稿不进动态");
    for (String who : new String[] {COMMUNITY_CADRE, STREET_CADRE, ADMIN}) {
      as(bearer(who))
          .queryParam("size", 100)
          .get("/me/news")
          .then()
          .statusCode(200)
          .body("items.id", not(hasItem((int) draft)));
    }
  }
}
