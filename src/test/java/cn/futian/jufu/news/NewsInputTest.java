package cn.futian.jufu.news;

import static cn.futian.jufu.news.NewsApi.as;
import static cn.futian.jufu.testing.OrgUnits.idOf;
import static cn.futian.jufu.testing.Tokens.ADMIN;
import static cn.futian.jufu.testing.Tokens.COMMUNITY_CADRE;
import static cn.futian.jufu.testing.Tokens.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.futian.jufu.testing.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input gives a problem document (400, 404, 409) and writes nothing. */
@QuarkusTest
class NewsInputTest {

  private static String cadre() {
    return bearer(COMMUNITY_CADRE);
  }

  private static long articles() {
    return Db.count("select count(*) from news_article");
  }

  private static ValidatableResponse problem(ValidatableResponse r, int status, String code) {
    return r.statusCode(status)
        .contentType("application/problem+json")
        .body("status", equalTo(status))
        .body("code", equalTo(code));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "title too long | title | size",
        "blank title | title | notBlank",
        "no body | body | notBlank",
        "body too long | body | size",
        "summary too long | summary | size",
        "unknown category | category | enum",
        "no category | category | notNull",
        "http cover | coverImageUrl | pattern",
        "cover too long | coverImageUrl | size",
        "server-owned field | status | unknown-field",
      })
  void badArticlesAreRefusedAndNothingIsWritten(String caseName, String field, String code) {
    Map<String, Object> body = NewsApi.article("输入校验");
    switch (caseName) {
      case "title too long" -> body.put("title", "标".repeat(101));
      case "blank title" -> body.put("title", "   ");
      case "no body" -> body.remove("body");
      case "body too long" -> body.put("body", "a".repeat(20001));
      case "summary too long" -> body.put("summary", "摘".repeat(301));
      case "unknown category" -> body.put("category", "GOSSIP");
      case "no category" -> body.remove("category");
      case "http cover" -> body.put("coverImageUrl", "http://img.example.cn/a.jpg");
      case "cover too long" ->
          body.put("coverImageUrl", "https://img.example.cn/" + "a".repeat(480));
      case "server-owned field" -> body.put("status", "PUBLISHED");
      default -> throw new IllegalArgumentException(caseName);
    }
    long before = articles();
    problem(NewsApi.create(cadre(), idOf("FT-01-01"), body), 400, "validation-failed")
        .body("errors[0].field", equalTo(field))
        .body("errors[0].code", equalTo(code));
    assertThat(articles()).isEqualTo(before);
  }

  @Test
  void limitsAreInclusive() {
    Map<String, Object> body = NewsApi.article("标".repeat(100));
    body.put("body", "文".repeat(20000));
    body.put("summary", "摘".repeat(300));
    body.put("coverImageUrl", "https://img.example.cn/cover.jpg");
    NewsApi.create(cadre(), idOf("FT-01-01"), body)
        .statusCode(201)
        .body("title.length()", equalTo(100))
        .body("body.length()", equalTo(20000));
  }

  @Test
  void badOrUnknownIds() {
    long before = articles();
    problem(NewsApi.create(bearer(ADMIN), 99_999_999L, NewsApi.article("无此单位")), 404, "not-found");
    problem(
        as(cadre())
            .contentType(ContentType.JSON)
            .body(NewsApi.article("坏编号"))
            .post("/org-units/abc/news")
            .then(),
        400,
        "malformed-request");
    problem(NewsApi.create(cadre(), 0, NewsApi.article("零编号")), 400, "validation-failed");
    assertThat(articles()).isEqualTo(before);

    problem(NewsApi.get(cadre(), 99_999_999L), 404, "not-found");
    problem(NewsApi.get(cadre(), 0), 400, "validation-failed");
    problem(as(cadre()).get("/news/abc").then(), 400, "malformed-request");
    problem(NewsApi.patch(cadre(), 99_999_999L, "{\"title\": \"x\"}"), 404, "not-found");
    problem(NewsApi.publish(cadre(), 99_999_999L), 404, "not-found");
    problem(NewsApi.withdraw(cadre(), 99_999_999L), 404, "not-found");
    problem(as(bearer(ADMIN)).get("/org-units/99999999/news").then(), 404, "not-found");
  }

  @Test
  void badQueryParameters() {
    long unit = idOf("FT-01-01");
    problem(
        as(cadre()).queryParam("category", "GOSSIP").get("/me/news").then(),
        400,
        "malformed-request");
    problem(as(cadre()).queryParam("size", 0).get("/me/news").then(), 400, "validation-failed");
    problem(as(cadre()).queryParam("size", 101).get("/me/news").then(), 400, "validation-failed");
    problem(as(cadre()).queryParam("page", -1).get("/me/news").then(), 400, "validation-failed");
    problem(
        as(cadre()).queryParam("status", "LOST").get("/org-units/{id}/news", unit).then(),
        400,
        "malformed-request");
  }

  @Test
  void badEditsChangeNothing() {
    long id = NewsApi.draft(cadre(), idOf("FT-01-01"), "待修改的草稿");
    problem(NewsApi.patch(cadre(), id, "{\"title\": null}"), 400, "validation-failed")
        .body("errors[0].field", equalTo("title"));
    problem(NewsApi.patch(cadre(), id, "{\"body\": null}"), 400, "validation-failed")
        .body("errors[0].field", equalTo("body"));
    problem(NewsApi.patch(cadre(), id, "{\"category\": null}"), 400, "validation-failed")
        .body("errors[0].field", equalTo("category"));
    problem(
            NewsApi.patch(cadre(), id, "{\"title\": \"" + "标".repeat(101) + "\"}"),
            400,
            "validation-failed")
        .body("errors[0].field", equalTo("title"));
    problem(
            NewsApi.patch(cadre(), id, "{\"coverImageUrl\": \"http://img.example.cn/a.jpg\"}"),
            400,
            "validation-failed")
        .body("errors[0].field", equalTo("coverImageUrl"));
    // A valid change together with an invalid one: neither is applied.
    problem(
        NewsApi.patch(cadre(), id, "{\"summary\": \"新摘要\", \"category\": \"RUMOUR\"}"),
        400,
        "validation-failed");
    problem(NewsApi.patch(cadre(), id, "{\"readCount\": 99}"), 400, "validation-failed")
        .body("errors[0].code", equalTo("unknown-field"));
    NewsApi.get(cadre(), id)
        .statusCode(200)
        .body("title", equalTo("待修改的草稿"))
        .body("summary", equalTo("摘要：待修改的草稿"))
        .body("category", equalTo("NOTICE"))
        .body("readCount", equalTo(0));
  }

  @Test
  void illegalMovesAreConflicts() {
    long id = NewsApi.draft(cadre(), idOf("FT-01-01"), "状态机测试");
    problem(NewsApi.withdraw(cadre(), id), 409, "conflict");
    NewsApi.publish(cadre(), id).statusCode(200);
    problem(NewsApi.publish(cadre(), id), 409, "conflict");
    NewsApi.withdraw(cadre(), id).statusCode(200);
    problem(NewsApi.withdraw(cadre(), id), 409, "conflict");
    problem(NewsApi.publish(cadre(), id), 409, "conflict");
    problem(NewsApi.patch(cadre(), id, "{\"title\": \"撤回后再改\"}"), 409, "conflict")
        .body("detail", equalTo("文章已撤回，不能再修改；如需更正，请另写一篇新文章。"));
    as(cadre())
        .header("Accept-Language", "en")
        .post("/news/{id}/publish", id)
        .then()
        .statusCode(409)
        .body("detail", equalTo("The article is WITHDRAWN; PUBLISH is not possible now."));
    NewsApi.get(cadre(), id)
        .statusCode(200)
        .body("status", equalTo("WITHDRAWN"))
        .body("title", equalTo("状态机测试"));
  }
}
