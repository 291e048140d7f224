package cn.futian.jufu.families;

import static cn.futian.jufu.families.FamilySearchTest.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.Families;
import cn.futian.jufu.testing.TestUsers;
import cn.futian.jufu.testing.Tokens;
import cn.futian.jufu.testing.fakes.FakeWeChat;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The public vote: one per person, finalist and day, under a rush; the count and its integrity. */
@QuarkusTest
class FamilyVoteTest {

  /** A search with two finalists in its voting phase. */
  static long[] votingSearch(int dailyVotes) {
    return Families.votingSearch(dailyVotes);
  }

  static String votePath(long search, long candidate) {
    return "/family-searches/" + search + "/candidates/" + candidate + "/votes";
  }

  static JsonPath tally(long search) {
    return call(Tokens.of(Tokens.RESIDENT_B), "GET", "/family-searches/" + search + "/tally", null)
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  static List<Integer> concurrently(List<Callable<Integer>> calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(calls.size(), 32));
    try {
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : pool.invokeAll(calls)) {
        statuses.add(f.get());
      }
      return statuses;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aRushOnOneFamilyCountsEveryVoteOnceAndTheTallyIsWhatIsStored() throws Exception {
    long[] s = votingSearch(5);
    long search = s[0];
    long candidate = s[1];
    List<String> voters =
        TestUsers.tokens("vote-" + UUID.randomUUID().toString().substring(0, 6), 40);
    List<Callable<Integer>> calls = new ArrayList<>();
    for (String voter : voters) {
      calls.add(
          () -> call(voter, "POST", votePath(search, candidate), null).extract().statusCode());
    }
    // One of them taps six times at once: one vote.
    String eager = voters.get(0);
    for (int i = 0; i < 6; i++) {
      calls.add(
          () -> call(eager, "POST", votePath(search, candidate), null).extract().statusCode());
    }
    List<Integer> statuses = concurrently(calls);
    assertThat(statuses.stream().filter(x -> x == 200).count()).isEqualTo(40);
    assertThat(statuses.stream().filter(x -> x == 409).count()).isEqualTo(6);

    long stored =
        Db.count(
            "select count(*) from family_vote where nomination_id = ? and voided_at is null",
            candidate);
    assertThat(stored).isEqualTo(40);
    JsonPath t = tally(search);
    assertThat(t.getLong("candidates.find { it.candidateId == " + candidate + " }.votes"))
        .isEqualTo(stored);
    assertThat(t.getLong("votesCast")).isEqualTo(40);
    // Accounts made during the campaign are flagged for review, and still counted until voided.
    assertThat(t.getLong("votesFlagged")).isEqualTo(40);
  }

  @Test
  void theDailyAllowanceAndTheVoteWindowHold() {
    long[] s = votingSearch(1);
    String voter = TestUsers.token("allow-" + UUID.randomUUID().toString().substring(0, 6));
    // Before the vote opens there is no vote and no count.
    Db.update(
        "update family_search set voting_open_at = now() + interval '1 hour' where id = ?", s[0]);
    call(voter, "POST", votePath(s[0], s[1]), null).statusCode(422);
    call(voter, "GET", "/family-searches/" + s[0] + "/tally", null).statusCode(422);
    Db.update(
        "update family_search set voting_open_at = now() - interval '1 minute' where id = ?", s[0]);
    call(voter, "POST", votePath(s[0], s[1]), null).statusCode(200).body("leftToday", equalTo(0));
    call(voter, "POST", votePath(s[0], s[2]), null).statusCode(422);
    // A nomination that is not a finalist of this search is no candidate.
    call(voter, "POST", votePath(s[0], 999_999_999L), null).statusCode(404);
    Db.update(
        "update family_search set voting_close_at = now() - interval '1 second' where id = ?",
        s[0]);
    call(
            TestUsers.token("late-" + UUID.randomUUID().toString().substring(0, 6)),
            "POST",
            votePath(s[0], s[1]),
            null)
        .statusCode(422);
  }

  @Test
  void twoAccountsBoundInTurnToOneWeChatUserAreOneVoter() {
    long[] s = votingSearch(5);
    String openid = "vote-openid-" + UUID.randomUUID();
    String first = TestUsers.token("wx1-" + UUID.randomUUID().toString().substring(0, 6));
    String second = TestUsers.token("wx2-" + UUID.randomUUID().toString().substring(0, 6));
    call(first, "PUT", "/me/wechat", Map.of("code", FakeWeChat.shared().issueCode(openid, null)))
        .statusCode(200);
    call(first, "POST", votePath(s[0], s[1]), null).statusCode(200);
    call(first, "DELETE", "/me/wechat", null).statusCode(204);
    call(second, "PUT", "/me/wechat", Map.of("code", FakeWeChat.shared().issueCode(openid, null)))
        .statusCode(200);
    call(second, "POST", votePath(s[0], s[1]), null).statusCode(409);
    call(second, "POST", votePath(s[0], s[2]), null).statusCode(200);
  }

  @Test
  void districtStaffVoidAFlaggedVoteWithAReasonAndTheCountSaysSo() {
    long[] s = votingSearch(5);
    String voter = TestUsers.token("flag-" + UUID.randomUUID().toString().substring(0, 6));
    call(voter, "POST", votePath(s[0], s[1]), null).statusCode(200);
    JsonPath flagged =
        call(Tokens.of(Tokens.ADMIN), "GET", "/family-searches/" + s[0] + "/flagged-votes", null)
            .statusCode(200)
            .extract()
            .jsonPath();
    long vote = flagged.getLong("[0].id");
    assertThat(flagged.getList("[0].flags")).contains("NEW_ACCOUNT");
    call(
            Tokens.of(Tokens.COMMUNITY_CADRE),
            "POST",
            "/family-votes/" + vote + "/void",
            Map.of("reason", "同一设备批量注册"))
        .statusCode(403);
    call(
            Tokens.of(Tokens.ADMIN),
            "POST",
            "/family-votes/" + vote + "/void",
            Map.of("reason", "同一设备批量注册"))
        .statusCode(204);
    call(
            Tokens.of(Tokens.ADMIN),
            "POST",
            "/family-votes/" + vote + "/void",
            Map.of("reason", "同一设备批量注册"))
        .statusCode(409);
    JsonPath t = tally(s[0]);
    assertThat(t.getLong("votesVoided")).isEqualTo(1);
    assertThat(t.getLong("candidates.find { it.candidateId == " + s[1] + " }.votes")).isZero();
  }
}
