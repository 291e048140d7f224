package cn.futian.jufu.home;

import static cn.futian.jufu.testing.OrgUnits.idOf;
import static cn.futian.jufu.testing.Tokens.COMMUNITY_CADRE;
import static cn.futian.jufu.testing.Tokens.STREET_CADRE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.Events;
import cn.futian.jufu.testing.Profiles;
import cn.futian.jufu.testing.TestUsers;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HomeTest {

  /** A session soon (sooner than the other tests' sessions, so it leads the feed). */
  static Map<String, Object> soon(String mode, int capacity, int hours) {
    Map<String, Object> s = Events.session(mode, capacity);
    OffsetDateTime start = OffsetDateTime.now(ZoneOffset.ofHours(8)).plusHours(hours).withNano(0);
    s.put("startsAt", start.toString());
    s.put("endsAt", start.plusHours(2).toString());
    return s;
  }

  static long signUp(String token, long session) {
    return given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/sessions/{id}/registrations", session)
        .then()
        .statusCode(org.hamcrest.Matchers.lessThan(300))
        .extract()
        .jsonPath()
        .getLong("id");
  }

  static int firstNot(List<String> kinds, String kind) {
    for (int i = 0; i < kinds.size(); i++) {
      if (!kinds.get(i).equals(kind)) {
        return i;
      }
    }
    return kinds.size();
  }

  @Test
  void oneCallGivesTheWholePage() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String me = TestUsers.token("home-" + run);
    String other = TestUsers.token("home-other-" + run);
    long home = idOf("FT-01-01");
    String cadre = Tokens.of(COMMUNITY_CADRE);
    Profiles.set(me, "FEMALE", 1986, home, "MARRIED");
    Profiles.set(other, "FEMALE", 1990, home, null);
    given()
        .auth()
        .oauth2(me)
        .contentType(ContentType.JSON)
        .body(List.of("PARENT_SCHOOL"))
        .put("/me/interests")
        .then()
        .statusCode(org.hamcrest.Matchers.lessThan(300));

    var confirmed = Events.publish(cadre, home, "JOB_FAIR", soon("FIRST_COME", 10, 30));
    var full = Events.publish(cadre, home, "JOB_FAIR", soon("FIRST_COME", 1, 31));
    var approval = Events.publish(cadre, home, "COUNSELLING", soon("APPROVAL", 10, 32));
    var later = Events.publish(cadre, home, "JOB_FAIR", soon("FIRST_COME", 10, 33));
    var interesting = Events.publish(cadre, home, "PARENT_SCHOOL", soon("FIRST_COME", 10, 34));
    Map<String, Object> singles =
        Events.event(home, "MATCHMAKING", List.of(home), List.of(soon("FIRST_COME", 10, 29)));
    singles.put("eligibility", Map.of("maritalStatus", "SINGLE"));
    var forSingles = Events.publish(cadre, singles);

    long mine = signUp(me, confirmed.sessionId());
    signUp(other, full.sessionId());
    long waiting = signUp(me, full.sessionId());
    long pending = signUp(me, approval.sessionId());
    long memberId = given().auth().oauth2(me).get("/me").then().extract().jsonPath().getLong("id");
    Db.update(
        "insert into notification (member_id, category, type, dedup_key, title_zh, body_zh)"
            + " values (?, 'SIGN_UP', 'TEST', ?, '测试通知', '未读')",
        memberId,
        "home-" + run);
    long article =
        given()
            .auth()
            .oauth2(Tokens.of(STREET_CADRE))
            .contentType(ContentType.JSON)
            .body(Map.of("category", "NOTICE", "title", "园岭街道通知 " + run, "body", "正文"))
            .post("/org-units/{id}/news", idOf("FT-01"))
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    given()
        .auth()
        .oauth2(Tokens.of(STREET_CADRE))
        .post("/news/{id}/publish", article)
        .then()
        .statusCode(200);

    JsonPath page =
        given().auth().oauth2(me).get("/me/home").then().statusCode(200).extract().jsonPath();

    assertThat(page.getString("me.homeUnit.code")).isEqualTo("FT-01-01");
    assertThat(page.getList("nextSessions.id", Long.class)).containsExactly(mine);
    assertThat(page.getList("waitlist.id", Long.class)).containsExactly(waiting);
    assertThat(page.getInt("waitlist[0].waitlistPosition")).isEqualTo(1);
    assertThat(page.getList("awaitingApproval.id", Long.class)).containsExactly(pending);
    assertThat(page.getList("offers")).isEmpty();
    assertThat(page.getList("lotteries")).isEmpty();
    assertThat(page.getLong("unreadNotifications")).isGreaterThanOrEqualTo(1);
    assertThat(page.getList("news.id", Long.class)).contains(article);
    List<Long> recommended = page.getList("recommended.id", Long.class);
    List<String> kinds = page.getList("recommended.kind", String.class);
    // Nothing joined, full or closed to her (matchmaking for singles; she is married).
    assertThat(recommended)
        .doesNotContain(
            confirmed.eventId(), full.eventId(), approval.eventId(), forSingles.eventId());
    // Kinds she is interested in come first (other tests' events share the feed).
    int firstOther =
        kinds.indexOf("JOB_FAIR") < 0 ? kinds.size() : firstNot(kinds, "PARENT_SCHOOL");
    assertThat(kinds.subList(firstOther, kinds.size())).doesNotContain("PARENT_SCHOOL");
    // Hers are there unless five sooner ones of a preferred kind filled the list.
    if (!recommended.contains(interesting.eventId())) {
      assertThat(kinds).hasSize(5).containsOnly("PARENT_SCHOOL");
    }
    if (!recommended.contains(later.eventId())) {
      assertThat(recommended).hasSize(5);
    }
    assertThat(recommended).hasSizeLessThanOrEqualTo(5);

    // Another member's page shows none of hers.
    JsonPath theirs =
        given().auth().oauth2(other).get("/me/home").then().statusCode(200).extract().jsonPath();
    assertThat(theirs.getList("waitlist")).isEmpty();
    assertThat(theirs.getList("nextSessions.id", Long.class)).doesNotContain(mine);
    // The singles' event is recommended to someone who may join it? She has no marital status
    // on record, so the rule cannot be met either.
    assertThat(theirs.getList("recommended.id", Long.class)).doesNotContain(forSingles.eventId());

    given().get("/me/home").then().statusCode(401);
  }
}
