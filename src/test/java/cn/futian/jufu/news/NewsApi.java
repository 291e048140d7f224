package cn.futian.jufu.news;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Calls of the news API for the tests; {@code auth} is a full Authorization header value. */
final class NewsApi {

  private NewsApi() {}

  static RequestSpecification as(String auth) {
    RequestSpecification spec = given();
    return auth == null ? spec : spec.header("Authorization", auth);
  }

  static Map<String, Object> article(String title) {
    Map<String, Object> body = new HashMap<>();
    body.put("category", "NOTICE");
    body.put("title", title);
    body.put("summary", "摘要：" + title);
    body.put("body", "正文：" + title + "\n\n欢迎居民参加。");
    return body;
  }

  static ValidatableResponse create(String auth, long unitId, Map<String, Object> body) {
    return as(auth)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/org-units/{id}/news", unitId)
        .then();
  }

  /** A new draft of {@code unitId}; returns its id. */
  static long draft(String auth, long unitId, String title) {
    return create(auth, unitId, article(title)).statusCode(201).extract().jsonPath().getLong("id");
  }

  /** A new published article of {@code unitId}; returns its id. */
  static long published(String auth, long unitId, String title) {
    long id = draft(auth, unitId, title);
    publish(auth, id).statusCode(200);
    return id;
  }

  static ValidatableResponse publish(String auth, long id) {
    return as(auth).post("/news/{id}/publish", id).then();
  }

  static ValidatableResponse withdraw(String auth, long id) {
    return as(auth).post("/news/{id}/withdraw", id).then();
  }

  static ValidatableResponse get(String auth, long id) {
    return as(auth).get("/news/{id}", id).then();
  }

  static ValidatableResponse patch(String auth, long id, String json) {
    return as(auth)
        .contentType("application/merge-patch+json")
        // Bytes: RestAssured would encode a String of an unknown media type as ISO-8859-1.
        .body(json.getBytes(StandardCharsets.UTF_8))
        .patch("/news/{id}", id)
        .then();
  }

  /** The ids on the first page (size 100) of the caller's feed. */
  static List<Long> feedIds(String auth) {
    return as(auth)
        .queryParam("size", 100)
        .get("/me/news")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("items.id", Long.class);
  }

  /** Sets the member's home unit, as the app does. */
  static void setHome(String auth, long unitId) {
    as(auth)
        .contentType("application/merge-patch+json")
        .body("{\"homeUnitId\": " + unitId + "}")
        .patch("/me")
        .then()
        .statusCode(200);
  }

  static void follow(String auth, long unitId) {
    as(auth).put("/me/follows/{id}", unitId).then().statusCode(200);
  }

  static long memberId(String auth) {
    return as(auth).get("/me").then().statusCode(200).extract().jsonPath().getLong("id");
  }

  static long readCount(String auth, long id) {
    return get(auth, id).statusCode(200).extract().jsonPath().getLong("readCount");
  }
}
