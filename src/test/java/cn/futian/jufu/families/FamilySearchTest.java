package cn.futian.jufu.families;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.Families;
import cn.futian.jufu.testing.OrgUnits;
import cn.futian.jufu.testing.TestUsers;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The 最美家庭 search: phases from dates, nominations with consent, the review up the tree. */
@QuarkusTest
class FamilySearchTest {

  static long createSearch(Map<String, Object> body) {
    return call(Tokens.of(Tokens.ADMIN), "POST", "/family-searches", body)
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  static ValidatableResponse call(String token, String method, String path, Object body) {
    var spec = given().auth().oauth2(token);
    if (body != null) {
      spec = spec.contentType(ContentType.JSON).body(body);
    }
    return spec.request(method, path).then();
  }

  static JsonPath nominate(String token, long search, Map<String, Object> body) {
    return call(token, "POST", "/family-searches/" + search + "/nominations", body)
        .statusCode(201)
        .extract()
        .jsonPath();
  }

  static void consentAll(String token, long nomination) {
    JsonPath n =
        call(token, "GET", "/family-nominations/" + nomination, null)
            .statusCode(200)
            .extract()
            .jsonPath();
    List<Map<String, Object>> members = n.getList("members");
    for (Map<String, Object> m : members) {
      Map<String, Object> body = new HashMap<>();
      body.put("memberId", m.get("id"));
      if (Boolean.TRUE.equals(m.get("minor"))) {
        body.put("guardianName", "监护人");
      }
      call(token, "POST", "/family-nominations/" + nomination + "/consents", body).statusCode(200);
    }
  }

  static ValidatableResponse review(String user, long nomination, String decision) {
    return call(
        Tokens.of(user),
        "POST",
        "/family-nominations/" + nomination + "/review",
        Map.of("decision", decision, "reason", "事迹突出，群众认可度高"));
  }

  @Test
  void aSearchKeepsItsPhasesInOrderAndOneYearOnce() {
    int year = Families.freeYear();
    Map<String, Object> bad = Families.searchBody(year, 2);
    bad.put("reviewCloseAt", OffsetDateTime.now().minusDays(3).toString());
    call(Tokens.of(Tokens.ADMIN), "POST", "/family-searches", bad)
        .statusCode(400)
        .body("errors.field", hasItem("reviewCloseAt"));
    call(
            Tokens.of(Tokens.COMMUNITY_CADRE),
            "POST",
            "/family-searches",
            Families.searchBody(year, 2))
        .statusCode(403);
    long id = createSearch(Families.searchBody(year, 2));
    call(Tokens.of(Tokens.ADMIN), "POST", "/family-searches", Families.searchBody(year, 2))
        .statusCode(409);
    call(Tokens.of(Tokens.RESIDENT_A), "GET", "/family-searches/" + id, null)
        .statusCode(200)
        .body("phase", equalTo("NOMINATION"))
        .body("juryWeight", equalTo(60));
    // Candidates are published from the notice on, not before.
    call(Tokens.of(Tokens.RESIDENT_A), "GET", "/family-searches/" + id + "/candidates", null)
        .statusCode(422);
  }

  @Test
  void aFamilyClimbsFromCommunityToFinalistWithConsentAndReasons() {
    long search = createSearch(Families.searchBody(Families.freeYear(), 2));
    String resident = TestUsers.token("family-" + UUID.randomUUID().toString().substring(0, 6));
    long n =
        nominate(
                resident,
                search,
                Families.nominationBody(
                    "SELF",
                    null,
                    List.of(
                        Families.member("王芳", "母亲", false), Families.member("王小明", "儿子", true))))
            .getLong("id");
    // Organisations name themselves; units nominate only in their cadres' name.
    call(
            resident,
            "POST",
            "/family-searches/" + search + "/nominations",
            Families.nominationBody(
                "ORGANISATION", null, List.of(Families.member("李华", "父亲", false))))
        .statusCode(400)
        .body("errors.field", hasItem("nominatorOrg"));
    call(
            resident,
            "POST",
            "/family-searches/" + search + "/nominations",
            Families.nominationBody(
                "UNIT", OrgUnits.idOf("FT-01-01"), List.of(Families.member("李华", "父亲", false))))
        .statusCode(403);
    nominate(
        Tokens.of(Tokens.COMMUNITY_CADRE),
        search,
        Families.nominationBody(
            "UNIT", OrgUnits.idOf("FT-01-01"), List.of(Families.member("李华", "父亲", false))));

    // Another resident and the neighbouring community's cadre do not see it.
    call(Tokens.of(Tokens.RESIDENT_B), "GET", "/family-nominations/" + n, null).statusCode(404);
    call(Tokens.of(Tokens.NEIGHBOUR_CADRE), "GET", "/family-nominations/" + n, null)
        .statusCode(404);

    // No review during nominations.
    review(Tokens.COMMUNITY_CADRE, n, "FORWARD").statusCode(422);
    Families.movePhase(search, "REVIEW");
    call(
            resident,
            "POST",
            "/family-searches/" + search + "/nominations",
            Families.nominationBody("SELF", null, List.of(Families.member("赵敏", "母亲", false))))
        .statusCode(422);

    // Nothing goes forward before every member has consented; a minor through her guardian.
    review(Tokens.COMMUNITY_CADRE, n, "FORWARD").statusCode(422);
    List<Map<String, Object>> members =
        call(resident, "GET", "/family-nominations/" + n, null)
            .extract()
            .jsonPath()
            .getList("members");
    Object minor =
        members.stream()
            .filter(m -> Boolean.TRUE.equals(m.get("minor")))
            .findFirst()
            .get()
            .get("id");
    call(resident, "POST", "/family-nominations/" + n + "/consents", Map.of("memberId", minor))
        .statusCode(400)
        .body("errors.field", hasItem("guardianName"));
    consentAll(resident, n);
    call(resident, "POST", "/family-nominations/" + n + "/consents", Map.of("memberId", minor))
        .statusCode(409);

    // Community → street → district: each level by its own cadres, with its reason.
    call(
            resident,
            "POST",
            "/family-nominations/" + n + "/review",
            Map.of("decision", "FORWARD", "reason", "我自己推荐自己"))
        .statusCode(403);
    review(Tokens.NEIGHBOUR_CADRE, n, "FORWARD").statusCode(403);
    review(Tokens.COMMUNITY_CADRE, n, "FORWARD").statusCode(200).body("level", equalTo("STREET"));
    review(Tokens.COMMUNITY_CADRE, n, "FORWARD").statusCode(403);
    review(Tokens.STREET_CADRE, n, "FORWARD").statusCode(200).body("level", equalTo("DISTRICT"));
    review(Tokens.ADMIN, n, "FORWARD")
        .statusCode(200)
        .body("status", equalTo("FINALIST"))
        .body("reviews", hasSize(3))
        .body("reviews.level", equalTo(List.of("COMMUNITY", "STREET", "DISTRICT")));
    review(Tokens.ADMIN, n, "FORWARD").statusCode(409);

    // In the public notice everyone sees the finalist, her members named with their consent.
    Families.movePhase(search, "NOTICE");
    call(Tokens.of(Tokens.RESIDENT_B), "GET", "/family-searches/" + search + "/candidates", null)
        .statusCode(200)
        .body("id", hasItem((int) n))
        .body("find { it.id == " + n + " }.members", hasItem("王小明（儿子）"));
  }

  @Test
  void aCommunitysQuotaHoldsWhenItsCadresForwardAtOnce() throws Exception {
    long search = createSearch(Families.searchBody(Families.freeYear(), 2));
    String cadre = Tokens.of(Tokens.COMMUNITY_CADRE);
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      long id =
          nominate(
                  cadre,
                  search,
                  Families.nominationBody(
                      "UNIT",
                      OrgUnits.idOf("FT-01-01"),
                      List.of(Families.member("成员" + i, "母亲", false))))
              .getLong("id");
      consentAll(cadre, id);
      ids.add(id);
    }
    Families.movePhase(search, "REVIEW");
    ExecutorService pool = Executors.newFixedThreadPool(ids.size());
    try {
      List<Callable<Integer>> calls = new ArrayList<>();
      for (long id : ids) {
        calls.add(() -> review(Tokens.COMMUNITY_CADRE, id, "FORWARD").extract().statusCode());
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : pool.invokeAll(calls)) {
        statuses.add(f.get());
      }
      assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(2);
      assertThat(statuses.stream().filter(s -> s == 422).count()).isEqualTo(3);
    } finally {
      pool.shutdownNow();
    }
    assertThat(
            Db.count(
                "select count(*) from family_nomination where search_id = ? and level = 'STREET'",
                search))
        .isEqualTo(2);
    assertThat(
            Db.count(
                "select used from family_quota_use where search_id = ? and unit_id = ?",
                search,
                OrgUnits.idOf("FT-01-01")))
        .isEqualTo(2);
  }
}
