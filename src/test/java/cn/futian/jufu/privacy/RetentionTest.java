package cn.futian.jufu.privacy;

import static cn.futian.jufu.testing.OrgUnits.idOf;
import static cn.futian.jufu.testing.Tokens.ADMIN;
import static cn.futian.jufu.testing.Tokens.COMMUNITY_CADRE;
import static cn.futian.jufu.testing.Tokens.RESIDENT_A;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.Events;
import cn.futian.jufu.testing.TestUsers;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The scheduled purge erases what is past its retention period and nothing younger. */
@QuarkusTest
class RetentionTest {

  @Test
  void thePurgeErasesOnlyWhatIsPastItsPeriod() {
    String token = TestUsers.token("retention-" + UUID.randomUUID().toString().substring(0, 8));
    long member = MyDataTest.memberId(token);
    long home = idOf("FT-01-01");
    String cadre = Tokens.of(COMMUNITY_CADRE);
    var old = Events.publish(cadre, home, "JOB_FAIR", Events.session("FIRST_COME", 5));
    var recent = Events.publish(cadre, home, "JOB_FAIR", Events.session("FIRST_COME", 5));
    long oldReg = MyDataTest.signUp(token, old.sessionId());
    long recentReg = MyDataTest.signUp(token, recent.sessionId());
    Db.update(
        "update registration set answers = '{\"1\": \"家里有两个孩子需要照顾\"}'::jsonb where id in (?, ?)",
        oldReg,
        recentReg);
    // The old session ended three years ago (past the two-year period for sign-up details).
    Db.update(
        "update session set starts_at = starts_at - interval '3 years', ends_at = ends_at -"
            + " interval '3 years', registration_opens_at = registration_opens_at - interval '3"
            + " years', registration_closes_at = registration_closes_at - interval '3 years',"
            + " cancel_deadline = cancel_deadline - interval '3 years' where id = ?",
        old.sessionId());
    String key = UUID.randomUUID().toString();
    Db.update(
        "insert into notification (member_id, category, type, dedup_key, title_zh, body_zh,"
            + " created_at) values (?, 'SIGN_UP', 'TEST', ?, '旧通知', '一年多以前', now() -"
            + " interval '400 days'), (?, 'SIGN_UP', 'TEST', ?, '新通知', '昨天', now() - interval"
            + " '1 day')",
        member,
        "old-" + key,
        member,
        "new-" + key);
    Db.update(
        "insert into delivery_attempt (member_id, channel, target, outcome, attempted_at) values"
            + " (?, 'FCM', 'token-old', 'SENT', now() - interval '100 days'), (?, 'FCM',"
            + " 'token-new', 'SENT', now() - interval '10 days')",
        member,
        member);
    Db.update(
        "insert into audit_log (at, action, outcome, member_id) values (now() - interval '4"
            + " years', 'test.old', 'ALLOWED', ?), (now() - interval '2 years', 'test.kept',"
            + " 'ALLOWED', ?)",
        member,
        member);

    given()
        .auth()
        .oauth2(Tokens.of(ADMIN))
        .post("/admin/retention/purge")
        .then()
        .statusCode(200)
        .body("registrationDetails", greaterThanOrEqualTo(1))
        .body("inbox", greaterThanOrEqualTo(1))
        .body("deliveryAttempts", greaterThanOrEqualTo(1))
        .body("auditLog", greaterThanOrEqualTo(1));

    assertThat(
            Db.count(
                "select count(*) from registration where id = ? and answers is null and details_erased_at is not null",
                oldReg))
        .isEqualTo(1);
    assertThat(
            Db.count(
                "select count(*) from registration where id = ? and answers is not null",
                recentReg))
        .isEqualTo(1);
    // The sign-up itself stays: the year's figures still count it.
    assertThat(Db.text("select status from registration where id = ?", oldReg))
        .isEqualTo("CONFIRMED");
    assertThat(Db.count("select count(*) from notification where dedup_key = ?", "old-" + key))
        .isZero();
    assertThat(Db.count("select count(*) from notification where dedup_key = ?", "new-" + key))
        .isEqualTo(1);
    assertThat(
            Db.count(
                "select count(*) from delivery_attempt where member_id = ? and target = 'token-old'",
                member))
        .isZero();
    assertThat(
            Db.count(
                "select count(*) from delivery_attempt where member_id = ? and target = 'token-new'",
                member))
        .isEqualTo(1);
    assertThat(
            Db.count(
                "select count(*) from audit_log where member_id = ? and action = 'test.old'",
                member))
        .isZero();
    assertThat(
            Db.count(
                "select count(*) from audit_log where member_id = ? and action = 'test.kept'",
                member))
        .isEqualTo(1);
  }

  @Test
  void onlyAdminsSeeThePolicyAndRunThePurge() {
    given()
        .auth()
        .oauth2(Tokens.of(ADMIN))
        .get("/admin/retention")
        .then()
        .statusCode(200)
        .body("registrationDetails", equalTo("P730D"))
        .body("auditLog", equalTo("P1095D"));
    given().get("/admin/retention").then().statusCode(401);
    given().post("/admin/retention/purge").then().statusCode(401);
    for (String who : new String[] {RESIDENT_A, COMMUNITY_CADRE, Tokens.STREET_CADRE}) {
      given().auth().oauth2(Tokens.of(who)).get("/admin/retention").then().statusCode(403);
      given().auth().oauth2(Tokens.of(who)).post("/admin/retention/purge").then().statusCode(403);
    }
  }
}
