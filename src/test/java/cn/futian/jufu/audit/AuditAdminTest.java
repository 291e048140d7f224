package cn.futian.jufu.audit;

import static cn.futian.jufu.testing.OrgUnits.idOf;
import static cn.futian.jufu.testing.Tokens.ADMIN;
import static cn.futian.jufu.testing.Tokens.COMMUNITY_CADRE;
import static cn.futian.jufu.testing.Tokens.RESIDENT_A;
import static cn.futian.jufu.testing.Tokens.STREET_CADRE;
import static cn.futian.jufu.testing.Tokens.SUBJECTS;
import static cn.futian.jufu.testing.Tokens.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.futian.jufu.testing.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Admin writes and refusals are recorded; only admins search the log; nobody edits it. */
@QuarkusTest
class AuditAdminTest {

  @Test
  void adminWritesAreRecorded() {
    // An admin appoints a throwaway user (the demo users and the seeded tree stay as they are).
    long unit = idOf("FT-10");
    // Appointing a cadre, then a duplicate (409): both are admin actions.
    String assignId = Audits.requestId();
    // A throwaway user: the shared demo users must keep their roles for the other tests.
    String throwaway =
        cn.futian.jufu.testing.Tokens.subjectOf(
            cn.futian.jufu.testing.TestUsers.token(
                "audit-cadre-" + UUID.randomUUID().toString().substring(0, 8)));
    Map<String, Object> assign = Map.of("subject", throwaway, "orgUnitId", unit);
    given()
        .header("Authorization", bearer(ADMIN))
        .header("X-Request-Id", assignId)
        .contentType(ContentType.JSON)
        .body(assign)
        .post("/cadre-assignments")
        .then()
        .statusCode(201);
    JsonPath created = Audits.newest(ADMIN, "admin.write");
    assertThat(created.getString("requestId")).isEqualTo(assignId);
    assertThat(created.getString("outcome")).isEqualTo("ALLOWED");
    assertThat(created.getString("actorRoles")).contains("admin");
    assertThat(created.getString("targetType")).isEqualTo("cadre-assignments");
    assertThat(created.getString("detail.method")).isEqualTo("POST");
    assertThat(created.getString("detail.template")).isEqualTo("/cadre-assignments");
    assertThat(created.getInt("detail.status")).isEqualTo(201);
    String againId = Audits.requestId();
    given()
        .header("Authorization", bearer(ADMIN))
        .header("X-Request-Id", againId)
        .contentType(ContentType.JSON)
        .body(assign)
        .post("/cadre-assignments")
        .then()
        .statusCode(409);
    assertThat(
            Db.count(
                "select count(*) from audit_log where request_id = ? and action = 'admin.write'"
                    + " and target_type = 'cadre-assignments' and detail ->> 'status' = '201'",
                assignId))
        .isEqualTo(1);
    assertThat(
            Db.count(
                "select count(*) from audit_log where request_id = ? and action = 'admin.write'"
                    + " and detail ->> 'status' = '409'",
                againId))
        .isEqualTo(1);
    // Revoke it again (a DELETE with a path id) and retire the unit: the seeded tree stays as it
    // is.
    long assignment =
        given()
            .header("Authorization", bearer(ADMIN))
            .queryParam("orgUnitId", unit)
            .get("/cadre-assignments")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getLong("items[0].id");
    given()
        .header("Authorization", bearer(ADMIN))
        .delete("/cadre-assignments/{id}", assignment)
        .then()
        .statusCode(200);
    JsonPath revoked = Audits.newest(ADMIN, "admin.write");
    assertThat(revoked.getString("detail.method")).isEqualTo("DELETE");
    assertThat(revoked.getString("targetType")).isEqualTo("cadre-assignments");
    assertThat(revoked.getString("targetId")).isEqualTo(String.valueOf(assignment));

    // A cadre's write is not an admin action and, allowed, leaves no row; a GET by admin neither.
    String adminGet = Audits.requestId();
    given()
        .header("Authorization", bearer(ADMIN))
        .header("X-Request-Id", adminGet)
        .get("/org-units/{id}", unit)
        .then()
        .statusCode(200);
    assertThat(Audits.rowsWithRequestId(adminGet)).isZero();
  }

  @Test
  void refusedRequestsAreRecordedOncePerRequest() {
    // A resident calling an admin endpoint.
    String residentId = Audits.requestId();
    given()
        .header("Authorization", bearer(RESIDENT_A))
        .header("X-Request-Id", residentId)
        .contentType(ContentType.JSON)
        .body(Map.of("subject", SUBJECTS.get(RESIDENT_A), "orgUnitId", idOf("FT-01")))
        .post("/cadre-assignments")
        .then()
        .statusCode(403);
    assertThat(Audits.rowsWithRequestId(residentId)).isEqualTo(1);
    JsonPath row = Audits.newest(RESIDENT_A, "request.refused");
    assertThat(row.getString("requestId")).isEqualTo(residentId);
    assertThat(row.getString("outcome")).isEqualTo("REFUSED");
    assertThat(row.getString("actorRoles")).isEqualTo("resident");
    assertThat(row.getString("detail.method")).isEqualTo("POST");
    assertThat(row.getString("detail.path")).isEqualTo("/cadre-assignments");
    assertThat(row.getInt("detail.status")).isEqualTo(403);

    // A bad token: refused, actor unknown. No token at all: not an attempt worth a row.
    String badToken = Audits.requestId();
    String token = bearer(RESIDENT_A);
    given()
        .header("Authorization", token.substring(0, token.length() - 4) + "AAAA")
        .header("X-Request-Id", badToken)
        .get("/admin/audit")
        .then()
        .statusCode(401);
    assertThat(
            Db.count(
                "select count(*) from audit_log where request_id = ? and actor_subject is null"
                    + " and action = 'request.refused' and outcome = 'REFUSED'"
                    + " and detail ->> 'status' = '401'",
                badToken))
        .isEqualTo(1);
    String noToken = Audits.requestId();
    given().header("X-Request-Id", noToken).get("/admin/audit").then().statusCode(401);
    assertThat(Audits.rowsWithRequestId(noToken)).isZero();
  }

  @Test
  void onlyAdminsSearchAndRefusedSearchesAreRecorded() {
    given().get("/admin/audit").then().statusCode(401).contentType("application/problem+json");
    for (String user : List.of(RESIDENT_A, COMMUNITY_CADRE, STREET_CADRE)) {
      String requestId = Audits.requestId();
      given()
          .header("Authorization", bearer(user))
          .header("X-Request-Id", requestId)
          .get("/admin/audit")
          .then()
          .statusCode(403)
          .contentType("application/problem+json")
          .body("code", equalTo("forbidden"));
      assertThat(
              Db.count(
                  "select count(*) from audit_log where request_id = ? and actor_subject = ?"
                      + " and action = 'request.refused' and outcome = 'REFUSED'"
                      + " and detail ->> 'path' = '/admin/audit'",
                  requestId,
                  SUBJECTS.get(user)))
          .as(user)
          .isEqualTo(1);
    }
    // No endpoint changes or deletes audit rows.
    long id = Db.count("select max(id) from audit_log");
    given()
        .header("Authorization", bearer(ADMIN))
        .delete("/admin/audit/{id}", id)
        .then()
        .statusCode(404);
    given()
        .header("Authorization", bearer(ADMIN))
        .contentType(ContentType.JSON)
        .body(Map.of("outcome", "ALLOWED"))
        .put("/admin/audit")
        .then()
        .statusCode(405);
  }

  @Test
  void searchFiltersNewestFirstAndIsItselfAudited() {
    // Two refusals of resident-a, to search for.
    for (int i = 0; i < 2; i++) {
      given()
          .header("Authorization", bearer(RESIDENT_A))
          .get("/admin/audit")
          .then()
          .statusCode(403);
    }
    String searchId = Audits.requestId();
    JsonPath page =
        given()
            .header("Authorization", bearer(ADMIN))
            .header("X-Request-Id", searchId)
            .queryParam("actor", SUBJECTS.get(RESIDENT_A))
            .queryParam("action", "request.refused")
            .queryParam("outcome", "REFUSED")
            .queryParam("size", 1)
            .get("/admin/audit")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(page.getList("items")).hasSize(1);
    assertThat(page.getLong("total")).isGreaterThanOrEqualTo(2);
    assertThat(page.getInt("size")).isEqualTo(1);
    long newest = page.getLong("items[0].id");
    JsonPath second =
        Audits.search(
            Map.of(
                "actor",
                SUBJECTS.get(RESIDENT_A),
                "action",
                "request.refused",
                "size",
                1,
                "page",
                1));
    assertThat(second.getLong("items[0].id")).isLessThan(newest);
    assertThat(second.getString("items[0].actorSubject")).isEqualTo(SUBJECTS.get(RESIDENT_A));

    // Every filter narrows: an action nobody did, ALLOWED refusals, a window in the past.
    assertThat(Audits.search(Map.of("action", "nothing.done")).getLong("total")).isZero();
    JsonPath allowed =
        Audits.search(Map.of("actor", SUBJECTS.get(RESIDENT_A), "outcome", "ALLOWED"));
    assertThat(allowed.getList("items.outcome", String.class)).doesNotContain("REFUSED");
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    assertThat(
            Audits.search(
                    Map.of(
                        "actor",
                        SUBJECTS.get(RESIDENT_A),
                        "from",
                        now.minusYears(3).toString(),
                        "to",
                        now.minusYears(2).toString()))
                .getLong("total"))
        .isZero();
    assertThat(
            Audits.search(
                    Map.of(
                        "actor",
                        SUBJECTS.get(RESIDENT_A),
                        "from",
                        now.minusHours(1).toString(),
                        "to",
                        now.plusHours(1).toString()))
                .getLong("total"))
        .isGreaterThanOrEqualTo(2);
    JsonPath all = Audits.search(Map.of("size", 50));
    List<Long> ids = all.getList("items.id", Long.class);
    assertThat(ids).isSortedAccordingTo((a, b) -> Long.compare(b, a));

    // The search above was recorded, with its filters.
    assertThat(
            Db.count(
                "select count(*) from audit_log where request_id = ? and action = 'audit.read'"
                    + " and actor_subject = ? and detail ->> 'action' = 'request.refused'"
                    + " and (detail ->> 'rows')::int = 1",
                searchId,
                SUBJECTS.get(ADMIN)))
        .isEqualTo(1);
  }

  @Test
  void badSearchesAre400s() {
    String before =
        String.valueOf(Db.count("select count(*) from audit_log where action = 'audit.read'"));
    for (Map<String, Object> query :
        List.<Map<String, Object>>of(
            Map.of("outcome", "MAYBE"),
            Map.of("from", "yesterday"),
            Map.of("memberId", 0),
            Map.of("memberId", "abc"),
            Map.of("actor", "not-a-subject"),
            Map.of("action", "DROP TABLE"),
            Map.of("size", 0),
            Map.of("size", 201),
            Map.of("page", -1))) {
      given()
          .header("Authorization", bearer(ADMIN))
          .queryParams(query)
          .get("/admin/audit")
          .then()
          .statusCode(400)
          .contentType("application/problem+json");
    }
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    given()
        .header("Authorization", bearer(ADMIN))
        .queryParam("from", now.toString())
        .queryParam("to", now.minusDays(1).toString())
        .get("/admin/audit")
        .then()
        .statusCode(400)
        .body("code", equalTo("validation-failed"))
        .body("errors[0].field", equalTo("to"));
    // Refused searches returned nothing, so they are not recorded as reads.
    assertThat(
            String.valueOf(Db.count("select count(*) from audit_log where action = 'audit.read'")))
        .isEqualTo(before);
  }
}
