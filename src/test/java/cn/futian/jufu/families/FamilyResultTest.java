package cn.futian.jufu.families;

import static cn.futian.jufu.families.FamilySearchTest.call;
import static cn.futian.jufu.families.FamilyVoteTest.votePath;
import static cn.futian.jufu.families.FamilyVoteTest.votingSearch;
import static org.assertj.core.api.Assertions.assertThat;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.TestUsers;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The result: jury scores and the public vote by the published weighting; then the honours. */
@QuarkusTest
class FamilyResultTest {

  static void score(String who, long nomination, String juror, int score, int status) {
    call(
            Tokens.of(who),
            "POST",
            "/family-nominations/" + nomination + "/jury-scores",
            Map.of("juror", juror, "score", score))
        .statusCode(status);
  }

  @Test
  void juryAndPublicAreWeightedAsPublishedAndHonoursFollowTheClose() {
    long[] s = votingSearch(5);
    long search = s[0];
    long a = s[1];
    long b = s[2];
    String run = UUID.randomUUID().toString().substring(0, 6);
    for (String voter : TestUsers.tokens("res-a-" + run, 3)) {
      call(voter, "POST", votePath(search, a), null).statusCode(200);
    }
    call(TestUsers.token("res-b-" + run), "POST", votePath(search, b), null).statusCode(200);

    score(Tokens.COMMUNITY_CADRE, a, "评委甲", 60, 403);
    score(Tokens.ADMIN, a, "评委甲", 50, 204);
    score(Tokens.ADMIN, a, "评委甲", 60, 204); // her new score replaces the old one
    score(Tokens.ADMIN, a, "评委乙", 80, 204);
    score(Tokens.ADMIN, b, "评委甲", 90, 204);
    call(Tokens.of(Tokens.RESIDENT_A), "GET", "/family-searches/" + search + "/result", null)
        .statusCode(422);

    // The vote closes: the result is public during the objection period.
    Db.update(
        "update family_search set voting_close_at = now() - interval '1 second',"
            + " objections_close_at = now() + interval '1 day' where id = ?",
        search);
    JsonPath r =
        call(Tokens.of(Tokens.RESIDENT_A), "GET", "/family-searches/" + search + "/result", null)
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(r.getInt("juryWeight")).isEqualTo(60);
    assertThat(r.getLong("votesCast")).isEqualTo(4);
    assertThat(r.getLong("rows[0].candidateId")).isEqualTo(a);
    assertThat(r.getDouble("rows[0].juryScore")).isEqualTo(70.0);
    assertThat(r.getDouble("rows[0].publicScore")).isEqualTo(100.0);
    assertThat(r.getDouble("rows[0].total")).isEqualTo(82.0); // 0.6 × 70 + 0.4 × 100
    assertThat(r.getLong("rows[1].candidateId")).isEqualTo(b);
    assertThat(r.getDouble("rows[1].total")).isEqualTo(67.33); // 0.6 × 90 + 0.4 × 33.33
    Map<String, Object> award = Map.of("level", "DISTRICT", "title", "福田区最美家庭", "year", 2026);
    call(Tokens.of(Tokens.ADMIN), "POST", "/family-nominations/" + a + "/honours", award)
        .statusCode(422);

    // Closed: no more scores; the district's award, then the city's.
    Db.update(
        "update family_search set objections_close_at = now() - interval '1 second' where id = ?",
        search);
    score(Tokens.ADMIN, a, "评委丙", 99, 422);
    call(Tokens.of(Tokens.COMMUNITY_CADRE), "POST", "/family-nominations/" + a + "/honours", award)
        .statusCode(403);
    call(Tokens.of(Tokens.ADMIN), "POST", "/family-nominations/" + a + "/honours", award)
        .statusCode(201);
    call(Tokens.of(Tokens.ADMIN), "POST", "/family-nominations/" + a + "/honours", award)
        .statusCode(409);
    call(
            Tokens.of(Tokens.ADMIN),
            "POST",
            "/family-nominations/" + a + "/honours",
            Map.of("level", "CITY", "title", "深圳市最美家庭", "year", 2026))
        .statusCode(201);
    JsonPath closed =
        call(Tokens.of(Tokens.RESIDENT_B), "GET", "/family-searches/" + search + "/result", null)
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(closed.getList("rows[0].honours.title")).containsExactly("福田区最美家庭", "深圳市最美家庭");
  }
}
