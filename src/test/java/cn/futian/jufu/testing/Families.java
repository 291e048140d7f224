package cn.futian.jufu.testing;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Bodies of the 最美家庭 search's API (ADR 0030), for the tests. */
public final class Families {

  private Families() {}

  /** A year no search holds yet (a search's year is unique). */
  public static int freeYear() {
    return (int)
        Db.count(
            "select min(y) from generate_series(2001, 2100) y"
                + " where y not in (select year from family_search)");
  }

  /** A search whose nomination phase is open now; the later phases a day apart. */
  public static Map<String, Object> searchBody(int year, int communityQuota) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8)).withNano(0);
    Map<String, Object> s = new HashMap<>();
    s.put("year", year);
    s.put("title", year + "年度“最美家庭”寻找活动");
    s.put("nominationsOpenAt", now.minusHours(1).toString());
    s.put("nominationsCloseAt", now.plusDays(1).toString());
    s.put("reviewCloseAt", now.plusDays(2).toString());
    s.put("noticeCloseAt", now.plusDays(3).toString());
    s.put("votingOpenAt", now.plusDays(3).toString());
    s.put("votingCloseAt", now.plusDays(4).toString());
    s.put("objectionsCloseAt", now.plusDays(5).toString());
    s.put("communityQuota", communityQuota);
    s.put("streetQuota", 3);
    s.put("finalists", 10);
    s.put("juryWeight", 60);
    s.put("dailyVotes", 5);
    return s;
  }

  /** A family of FT-01-01 put forward by {@code by} (SELF, UNIT with {@code unit}, ...). */
  public static Map<String, Object> nominationBody(
      String by, Long unit, List<Map<String, Object>> members) {
    Map<String, Object> n = new HashMap<>();
    n.put("familyName", "测试家庭" + UUID.randomUUID().toString().substring(0, 4));
    n.put("story", "三代同堂，热心社区志愿服务，家风和睦。");
    n.put("homeUnitId", OrgUnits.idOf("FT-01-01"));
    n.put("nominatedBy", by);
    if (unit != null) {
      n.put("nominatorUnitId", unit);
    }
    n.put("members", members);
    n.put("photoUrls", List.of("https://img.example.invalid/family.jpg"));
    return n;
  }

  public static Map<String, Object> member(String name, String relation, boolean minor) {
    return Map.of("name", name, "relation", relation, "minor", minor);
  }

  /** Moves a search's dates so that it stands in {@code phase} now. */
  public static void movePhase(long search, String phase) {
    String shift =
        switch (phase) {
          case "REVIEW" -> "interval '1 day 1 hour'";
          case "NOTICE" -> "interval '2 days 1 hour'";
          case "VOTING" -> "interval '3 days 1 hour'";
          default -> throw new IllegalArgumentException(phase);
        };
    Db.update(
        "update family_search set nominations_open_at = nominations_open_at - "
            + shift
            + ", nominations_close_at = nominations_close_at - "
            + shift
            + ", review_close_at = review_close_at - "
            + shift
            + ", notice_close_at = notice_close_at - "
            + shift
            + ", voting_open_at = voting_open_at - "
            + shift
            + ", voting_close_at = voting_close_at - "
            + shift
            + ", objections_close_at = objections_close_at - "
            + shift
            + " where id = ?",
        search);
  }

  /**
   * A search with two finalists of FT-01-01 (put forward by its cadre, consented, forwarded by the
   * community, the street and the district), now in its voting phase: the search's id, then theirs.
   */
  public static long[] votingSearch(int dailyVotes) {
    Map<String, Object> body = searchBody(freeYear(), 3);
    body.put("dailyVotes", dailyVotes);
    long search =
        call(Tokens.of(Tokens.ADMIN), "POST", "/family-searches", body, 201).getLong("id");
    String cadre = Tokens.of(Tokens.COMMUNITY_CADRE);
    long[] ids = {search, 0, 0};
    for (int i = 1; i <= 2; i++) {
      var n =
          call(
              cadre,
              "POST",
              "/family-searches/" + search + "/nominations",
              nominationBody(
                  "UNIT", OrgUnits.idOf("FT-01-01"), List.of(member("候选" + i, "母亲", false))),
              201);
      ids[i] = n.getLong("id");
      call(
          cadre,
          "POST",
          "/family-nominations/" + ids[i] + "/consents",
          Map.of("memberId", n.getLong("members[0].id")),
          200);
    }
    movePhase(search, "REVIEW");
    for (int i = 1; i <= 2; i++) {
      for (String who : List.of(Tokens.COMMUNITY_CADRE, Tokens.STREET_CADRE, Tokens.ADMIN)) {
        call(
            Tokens.of(who),
            "POST",
            "/family-nominations/" + ids[i] + "/review",
            Map.of("decision", "FORWARD", "reason", "事迹突出，群众认可度高"),
            200);
      }
    }
    Db.update(
        "update family_search set voting_open_at = now() - interval '1 minute',"
            + " notice_close_at = now() - interval '1 minute',"
            + " review_close_at = now() - interval '2 minutes',"
            + " nominations_close_at = now() - interval '3 minutes',"
            + " nominations_open_at = now() - interval '10 days' where id = ?",
        search);
    return ids;
  }

  private static io.restassured.path.json.JsonPath call(
      String token, String method, String path, Object body, int status) {
    var spec = io.restassured.RestAssured.given().auth().oauth2(token);
    if (body != null) {
      spec = spec.contentType(io.restassured.http.ContentType.JSON).body(body);
    }
    return spec.request(method, path).then().statusCode(status).extract().jsonPath();
  }
}
