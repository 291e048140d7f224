package cn.futian.jufu.ops;

import static cn.futian.jufu.testing.OrgUnits.idOf;
import static cn.futian.jufu.testing.Tokens.ADMIN;
import static cn.futian.jufu.testing.Tokens.COMMUNITY_CADRE;
import static cn.futian.jufu.testing.Tokens.RESIDENT_A;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.Events;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Request bodies cannot set what the server owns (OWASP API3, mass assignment): a valid body with
 * one server-owned field added (status, owner, role, counters, ids, timestamps) is refused with a
 * 400 problem naming the field, and nothing is written.
 */
@QuarkusTest
class MassAssignmentTest {

  record Case(
      String what,
      String method,
      String path,
      Map<String, Object> body,
      String field,
      String countSql) {}

  private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
    Map<String, Object> out = new HashMap<>(body);
    out.put(field, value);
    return out;
  }

  @Test
  void serverOwnedFieldsAreRefusedAndNothingIsWritten() {
    long unit = idOf("FT-01-01");
    var published =
        Events.publish(
            Tokens.of(COMMUNITY_CADRE), unit, "JOB_FAIR", Events.session("FIRST_COME", 5));
    Map<String, Object> event =
        Events.event(unit, "JOB_FAIR", List.of(unit), List.of(Events.session("FIRST_COME", 5)));
    Map<String, Object> news = Map.of("category", "NOTICE", "title", "批量赋值测试", "body", "正文");
    Map<String, Object> point = Map.of("kind", "PARENT_SCHOOL", "nameZh", "批量赋值测试家长学校");
    Map<String, Object> campaign =
        Map.of(
            "ownerUnitId",
            unit,
            "titleZh",
            "批量赋值测试",
            "bodyZh",
            "正文",
            "audience",
            Map.of("unitId", unit));
    List<Case> cases =
        List.of(
            new Case(
                "event created as published",
                "POST",
                "/events",
                with(event, "status", "PUBLISHED"),
                "status",
                "select count(*) from event"),
            new Case(
                "event with its own id",
                "POST",
                "/events",
                with(event, "id", 1),
                "id",
                "select count(*) from event"),
            new Case(
                "event created by someone else",
                "POST",
                "/events",
                with(event, "createdBy", Tokens.SUBJECTS.get(ADMIN)),
                "createdBy",
                "select count(*) from event"),
            new Case(
                "sign-up that confirms itself",
                "POST",
                "/sessions/" + published.sessionId() + "/registrations",
                Map.of("status", "CONFIRMED"),
                "status",
                "select count(*) from registration where session_id = " + published.sessionId()),
            new Case(
                "sign-up for another member",
                "POST",
                "/sessions/" + published.sessionId() + "/registrations",
                Map.of("memberId", 1),
                "memberId",
                "select count(*) from registration where session_id = " + published.sessionId()),
            new Case(
                "news with a read count",
                "POST",
                "/org-units/" + unit + "/news",
                with(news, "readCount", 10000),
                "readCount",
                "select count(*) from news_article"),
            new Case(
                "news published at creation",
                "POST",
                "/org-units/" + unit + "/news",
                with(news, "status", "PUBLISHED"),
                "status",
                "select count(*) from news_article"),
            new Case(
                "service point in another unit",
                "POST",
                "/org-units/" + unit + "/service-points",
                with(point, "unitId", idOf("FT-01-02")),
                "unitId",
                "select count(*) from service_point"),
            new Case(
                "campaign already running",
                "POST",
                "/campaigns",
                with(campaign, "status", "RUNNING"),
                "status",
                "select count(*) from campaign"),
            new Case(
                "campaign with its counters",
                "POST",
                "/campaigns",
                with(campaign, "sent", 100000),
                "sent",
                "select count(*) from campaign"));

    for (Case c : cases) {
      String token =
          c.path().startsWith("/sessions") ? Tokens.of(RESIDENT_A) : Tokens.of(COMMUNITY_CADRE);
      long before = Db.count(c.countSql());
      given()
          .auth()
          .oauth2(token)
          .contentType(ContentType.JSON)
          .body(c.body())
          .request(c.method(), c.path())
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("errors[0].field", equalTo(c.field()));
      assertThat(Db.count(c.countSql())).as(c.what()).isEqualTo(before);
    }
  }

  @Test
  void aMemberCannotGiveThemselvesARoleOrAnotherIdentity() {
    Supplier<Map<String, Object>> me =
        () ->
            given()
                .auth()
                .oauth2(Tokens.of(RESIDENT_A))
                .get("/me")
                .then()
                .extract()
                .jsonPath()
                .getMap("$");
    Map<String, Object> before = me.get();
    for (Map<String, Object> patch :
        List.of(
            Map.<String, Object>of("roles", List.of("admin")),
            Map.<String, Object>of("id", 1),
            Map.<String, Object>of("managedUnits", List.of(Map.of("id", idOf("FT")))),
            Map.<String, Object>of("consents", List.of("PROFILE")))) {
      given()
          .auth()
          .oauth2(Tokens.of(RESIDENT_A))
          .contentType("application/merge-patch+json")
          .body(patch)
          .patch("/me")
          .then()
          .statusCode(400)
          .contentType("application/problem+json");
    }
    assertThat(me.get()).isEqualTo(before);
  }
}
