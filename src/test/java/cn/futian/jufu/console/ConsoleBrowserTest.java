package cn.futian.jufu.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.Events;
import cn.futian.jufu.testing.Families;
import cn.futian.jufu.testing.FcmLog;
import cn.futian.jufu.testing.OrgUnits;
import cn.futian.jufu.testing.Profiles;
import cn.futian.jufu.testing.SignUps;
import cn.futian.jufu.testing.TestUsers;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The cadre console as people use it, in Debian's chromium driven by playwright-core (see
 * scripts/console-test.mjs): sign-in through Keycloak, publish, a resident's sign-up through the
 * API, approval, export, sign-out; a resident refused; a neighbouring cadre seeing nothing; forms
 * without their token refused; a campaign composed, dry-run, sent and followed live to the fake
 * FCM; check-in at the door with the camera fed a QR code (Chromium's fake capture from a file),
 * offline and synced; axe-core on every page; screenshots in target/console-screenshots. Then the
 * database must hold what the clicks did.
 */
@QuarkusTest
class ConsoleBrowserTest {

  static final int CAMPAIGN_MEMBERS = 30;

  @TestHTTPResource("/")
  URL base;

  static long recordRequest(String worker, long unit, String account) {
    Map<String, Object> body = new HashMap<>();
    body.put("category", "MARRIAGE_FAMILY");
    body.put("domesticViolence", true);
    body.put("account", account);
    body.put("contactBy", "PHONE");
    body.put("safeContact", "13812345678 工作日上午");
    body.put("orgUnitId", unit);
    body.put("channel", "PHONE");
    return given()
        .auth()
        .oauth2(worker)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/case-work/help-requests")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  @Test
  void aCadrePublishesApprovesAndExportsWhileOthersAreKeptOut() throws Exception {
    assertThat(Path.of(".local/node-tools/node_modules/axe-core"))
        .as("Node tools missing: run scripts/test.sh (or scripts/node-tools.sh) once")
        .exists();
    assertThat(Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium")))
        .as("Chromium missing: run scripts/test.sh (it installs Debian's chromium)")
        .exists();
    long unit = OrgUnits.idOf("FT-01-01");
    String resident = Tokens.of(Tokens.RESIDENT_A);
    Profiles.set(resident, "FEMALE", 1990, unit, null);
    String cadre = Tokens.of(Tokens.COMMUNITY_CADRE);
    String title = "工作台家长课堂 " + UUID.randomUUID().toString().substring(0, 6);
    Map<String, Object> body =
        Events.event(unit, "PARENT_SCHOOL", List.of(unit), List.of(Events.session("APPROVAL", 30)));
    body.put("title", title);
    var draft = Events.create(cadre, body);
    long eventId = draft.getLong("id");
    long sessionId = draft.getLong("sessions[0].id");

    // The campaign's audience: members following the unit, opted in, each with one device.
    String tag = "console-" + UUID.randomUUID().toString().substring(0, 6);
    Db.update("delete from member_follow where org_unit_id = ?", unit);
    Db.update(
        "insert into member (subject, display_name) select ? || '-' || g, '推送' || g"
            + " from generate_series(1, ?) g",
        tag,
        CAMPAIGN_MEMBERS);
    Db.update(
        "insert into notification_preference (member_id, campaigns_opted_in_at, quiet_enabled)"
            + " select id, now(), false from member where subject like ?",
        tag + "-%");
    Db.update(
        "insert into device (member_id, token, platform) select id, 'ok-' || subject, 'ANDROID'"
            + " from member where subject like ?",
        tag + "-%");
    Db.update(
        "insert into member_follow (member_id, org_unit_id) select id, ? from member"
            + " where subject like ?",
        unit,
        tag + "-%");

    // Check-in at the door: a session starting in an hour with two confirmed sign-ups; the first
    // one's code is what the fake camera films, the second one's is typed while offline.
    OffsetDateTime soon = OffsetDateTime.now(ZoneOffset.ofHours(8)).plusHours(1).withNano(0);
    Map<String, Object> doorSession = new HashMap<>(Events.session("FIRST_COME", 10));
    doorSession.put("startsAt", soon.toString());
    doorSession.put("endsAt", soon.plusHours(2).toString());
    long door = Events.publish(cadre, unit, "PARENT_SCHOOL", doorSession).sessionId();
    List<String> comers =
        TestUsers.tokens("door-" + UUID.randomUUID().toString().substring(0, 6), 2);
    long reg1 = SignUps.signUp(comers.get(0), door);
    long reg2 = SignUps.signUp(comers.get(1), door);
    // A lottery with three applicants for two seats, drawn from the console.
    Map<String, Object> lotterySession = new HashMap<>(Events.session("LOTTERY", 2));
    OffsetDateTime lotteryStart = OffsetDateTime.parse((String) lotterySession.get("startsAt"));
    lotterySession.put("registrationClosesAt", lotteryStart.minusDays(1).toString());
    var lottery = Events.publish(cadre, unit, "PARENT_SCHOOL", lotterySession);
    for (String applicant :
        TestUsers.tokens("lot-" + UUID.randomUUID().toString().substring(0, 6), 3)) {
      SignUps.signUp(applicant, lottery.sessionId());
    }
    // The case team's records: a request for help still to triage, a case with a sealed note, a
    // register entry; the caseworker reveals them with a reason, the supervisor reads the trail.
    String worker = Tokens.of(Tokens.CASEWORKER);
    String mark = UUID.randomUUID().toString().substring(0, 8);
    String account = "工作台测试陈述 " + mark;
    long askedFor = recordRequest(worker, unit, account);
    long caseRequest = recordRequest(worker, unit, "工作台测试立案 " + mark);
    long caseId =
        given()
            .auth()
            .oauth2(worker)
            .contentType(ContentType.JSON)
            .body(Map.of("outcome", "CASE"))
            .post("/case-work/help-requests/{id}/triage", caseRequest)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getLong("caseId");
    String caseNote = "工作台测试个案记录 " + mark;
    given()
        .auth()
        .oauth2(worker)
        .contentType(ContentType.JSON)
        .body(Map.of("kind", "NOTE", "note", caseNote))
        .post("/cases/{id}/timeline", caseId)
        .then()
        .statusCode(201);
    String registerName = "工作台测试对象" + mark;
    Map<String, Object> entry = new HashMap<>();
    entry.put("orgUnitId", unit);
    entry.put("kind", "WOMAN");
    entry.put("situations", List.of("SINGLE_PARENT", "LOW_INCOME"));
    entry.put("name", registerName);
    entry.put("phone", "13811112222");
    entry.put("nextVisitDue", java.time.LocalDate.now().minusDays(1).toString());
    long registerId =
        given()
            .auth()
            .oauth2(worker)
            .contentType(ContentType.JSON)
            .body(entry)
            .post("/difficulty-register")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    // The 最美家庭 search in its review phase: a family of the cadre's community, its mother's
    // consent recorded, her son's (a minor) still to record with his guardian.
    String admin = Tokens.of(Tokens.ADMIN);
    long familySearch =
        given()
            .auth()
            .oauth2(admin)
            .contentType(ContentType.JSON)
            .body(Families.searchBody(Families.freeYear(), 2))
            .post("/family-searches")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    String family = TestUsers.token("fam-" + UUID.randomUUID().toString().substring(0, 6));
    var nominated =
        given()
            .auth()
            .oauth2(family)
            .contentType(ContentType.JSON)
            .body(
                Families.nominationBody(
                    "SELF",
                    null,
                    List.of(
                        Families.member("陈静", "母亲", false), Families.member("陈小乐", "儿子", true))))
            .post("/family-searches/{id}/nominations", familySearch)
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();
    long familyNomination = nominated.getLong("id");
    given()
        .auth()
        .oauth2(family)
        .contentType(ContentType.JSON)
        .body(Map.of("memberId", nominated.getLong("members[0].id")))
        .post("/family-nominations/{id}/consents", familyNomination)
        .then()
        .statusCode(200);
    Families.movePhase(familySearch, "REVIEW");
    // A search in its vote: one vote from an account made during the campaign, flagged.
    long[] voting = Families.votingSearch(5);
    given()
        .auth()
        .oauth2(TestUsers.token("voter-" + UUID.randomUUID().toString().substring(0, 6)))
        .post("/family-searches/{s}/candidates/{c}/votes", voting[0], voting[1])
        .then()
        .statusCode(200);
    // A search whose vote has closed: the jury's scores are keyed in during the objection period.
    long[] decided = Families.votingSearch(5);
    Db.update(
        "update family_search set voting_close_at = now() - interval '1 second',"
            + " objections_close_at = now() + interval '1 day' where id = ?",
        decided[0]);
    Path video = Path.of("target/console-fake-camera.y4m");
    FakeCamera.write(video, SignUps.checkinCode(comers.get(0), reg1));

    ProcessBuilder pb =
        new ProcessBuilder("node", "scripts/console-test.mjs", base.toString().replaceAll("/$", ""))
            .redirectErrorStream(true);
    pb.environment()
        .putAll(
            Map.of(
                "EVENT_ID",
                Long.toString(eventId),
                "SESSION_ID",
                Long.toString(sessionId),
                "EVENT_TITLE",
                title,
                "RESIDENT_TOKEN",
                resident,
                "CAMPAIGN_UNIT_ID",
                Long.toString(unit),
                "CAMPAIGN_MEMBERS",
                Integer.toString(CAMPAIGN_MEMBERS),
                "SHOTS",
                "target/console-screenshots"));
    pb.environment()
        .putAll(
            Map.of(
                "CHECKIN_SESSION_ID",
                Long.toString(door),
                "CHECKIN_REG1",
                Long.toString(reg1),
                "CHECKIN_REG2",
                Long.toString(reg2),
                "CHECKIN_CODE2",
                SignUps.checkinCode(comers.get(1), reg2),
                "FAKE_VIDEO",
                video.toAbsolutePath().toString(),
                "LOTTERY_EVENT_ID",
                Long.toString(lottery.eventId()),
                "LOTTERY_SESSION_ID",
                Long.toString(lottery.sessionId())));
    pb.environment()
        .putAll(
            Map.of(
                "CASE_REQUEST_ID",
                Long.toString(askedFor),
                "CASE_ACCOUNT",
                account,
                "CASE_ID",
                Long.toString(caseId),
                "CASE_NOTE",
                caseNote,
                "REGISTER_ID",
                Long.toString(registerId),
                "REGISTER_NAME",
                registerName,
                "FAMILY_SEARCH_ID",
                Long.toString(familySearch),
                "FAMILY_NOMINATION_ID",
                Long.toString(familyNomination),
                "VOTING_SEARCH_ID",
                Long.toString(voting[0])));
    pb.environment()
        .putAll(
            Map.of(
                "DECIDED_SEARCH_ID",
                Long.toString(decided[0]),
                "DECIDED_CANDIDATE_ID",
                Long.toString(decided[1])));
    Process node = pb.start();
    boolean finished = node.waitFor(240, TimeUnit.SECONDS);
    String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!finished) {
      node.destroyForcibly();
    }
    System.out.println(output);
    assertThat(finished).as("browser test finished in time; output:\n" + output).isTrue();
    assertThat(node.exitValue()).as(output).isZero();
    assertThat(output).contains("all flows passed");

    // What the clicks did, read back from the database.
    assertThat(Db.text("select status from event where id = ?", eventId)).isEqualTo("PUBLISHED");
    assertThat(
            Db.count(
                "select count(*) from registration r join member m on m.id = r.member_id"
                    + " where r.session_id = ? and r.status = 'CONFIRMED' and m.subject = ?",
                sessionId,
                Tokens.SUBJECTS.get(Tokens.RESIDENT_A)))
        .isEqualTo(1);
    assertThat(
            Db.count(
                "select count(*) from audit_log where action = 'attendees.export'"
                    + " and target_id = ? and actor_subject = ?",
                Long.toString(sessionId),
                Tokens.SUBJECTS.get(Tokens.COMMUNITY_CADRE)))
        .isEqualTo(1);
    for (long reg : new long[] {reg1, reg2}) {
      assertThat(
              Db.count(
                  "select count(*) from attendance a join registration r on r.id = a.registration_id"
                      + " where a.registration_id = ? and r.session_id = ? and a.method = 'BATCH'",
                  reg,
                  door))
          .as("registration " + reg + " checked in once from the console's scanner")
          .isEqualTo(1);
    }
    assertThat(Db.count("select count(*) from venue_code where session_id = ?", door)).isEqualTo(1);
    long campaign = Db.count("select max(id) from campaign where title_zh = '工作台推送测试'");
    assertThat(Db.text("select status from campaign where id = ?", campaign))
        .isEqualTo("COMPLETED");
    for (int i : new int[] {1, CAMPAIGN_MEMBERS}) {
      assertThat(FcmLog.delivered("ok-" + tag + "-" + i, "CAMPAIGN"))
          .as("the fake FCM got the campaign on device " + i)
          .isEqualTo(1);
    }
  }
}
