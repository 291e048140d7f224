package cn.futian.jufu.follows;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Following units and choosing interests, as a member does from the app. */
@QuarkusTest
class FollowTest {

  @Test
  void aMemberFollowsAndUnfollowsUnitsUpToTheCap() {
    String token = TestUsers.tokens("follow-cap", 1).get(0);
    List<Long> units = activeUnits(FollowService.MAX_FOLLOWS + 1);
    assertThat(units).as("the seeds hold more active units than the cap").hasSize(51);

    for (int i = 0; i < FollowService.MAX_FOLLOWS; i++) {
      given().auth().oauth2(token).put("/me/follows/{id}", units.get(i)).then().statusCode(200);
    }
    // Following one again changes nothing.
    given().auth().oauth2(token).put("/me/follows/{id}", units.get(0)).then().statusCode(200);
    List<Long> followed = followed(token);
    assertThat(followed)
        .containsExactlyInAnyOrderElementsOf(units.subList(0, FollowService.MAX_FOLLOWS));

    // One more is refused, in the member's language, and not stored.
    given()
        .auth()
        .oauth2(token)
        .header("Accept-Language", "zh-CN")
        .put("/me/follows/{id}", units.get(FollowService.MAX_FOLLOWS))
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("code", org.hamcrest.Matchers.equalTo("rule-violation"))
        .body("detail", org.hamcrest.Matchers.containsString("最多关注 50 个组织"));
    assertThat(followed(token))
        .hasSize(FollowService.MAX_FOLLOWS)
        .doesNotContain(units.get(FollowService.MAX_FOLLOWS));

    given().auth().oauth2(token).delete("/me/follows/{id}", units.get(0)).then().statusCode(204);
    given()
        .auth()
        .oauth2(token)
        .put("/me/follows/{id}", units.get(FollowService.MAX_FOLLOWS))
        .then()
        .statusCode(200);
    assertThat(followed(token))
        .hasSize(FollowService.MAX_FOLLOWS)
        .doesNotContain(units.get(0))
        .contains(units.get(FollowService.MAX_FOLLOWS));
  }

  @Test
  void interestsAreReplacedAsAWhole() {
    String token = TestUsers.tokens("follow-interests", 1).get(0);
    put(token, "[\"JOB_FAIR\",\"PARENT_SCHOOL\"]");
    assertThat(interests(token)).containsExactlyInAnyOrder("JOB_FAIR", "PARENT_SCHOOL");
    put(token, "[\"PARENT_SCHOOL\",\"MATCHMAKING\"]");
    assertThat(interests(token)).containsExactlyInAnyOrder("PARENT_SCHOOL", "MATCHMAKING");
    put(token, "[]");
    assertThat(interests(token)).isEmpty();
  }

  private static List<Long> followed(String token) {
    return given()
        .auth()
        .oauth2(token)
        .get("/me/follows")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("id", Long.class);
  }

  private static List<Long> activeUnits(int n) {
    String ids =
        Db.text(
            "select string_agg(cast(id as text), ',' order by id) from (select id from org_unit"
                + " where retired_at is null order by id limit ?) u",
            n);
    return java.util.Arrays.stream(ids.split(",")).map(Long::valueOf).toList();
  }

  private static void put(String token, String kinds) {
    given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(kinds)
        .put("/me/interests")
        .then()
        .statusCode(200);
  }

  private static List<String> interests(String token) {
    return given()
        .auth()
        .oauth2(token)
        .get("/me/interests")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("$", String.class);
  }
}
