package cn.futian.jufu.campaigns;

import static cn.futian.jufu.testing.OrgUnits.idOf;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.FcmLog;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Campaign pushes through the real Firebase Admin SDK to the fake FCM server. */
@QuarkusTest
class CampaignPushTest {

  static final Duration WAIT = Duration.ofSeconds(30);

  static String device(String member, String prefix) {
    String token = prefix + UUID.randomUUID().toString().replace("-", "");
    given()
        .auth()
        .oauth2(member)
        .contentType(ContentType.JSON)
        .body(Map.of("token", token, "platform", "IOS"))
        .put("/me/devices")
        .then()
        .statusCode(200);
    return token;
  }

  @Test
  void sentPrunedAndReportedWithADryRunFirst() {
    List<String> people = CampaignFlowTest.users("camp-push", 4);
    people.forEach(p -> Campaigns.optIn(p, true));
    long eventId = CampaignFlowTest.eventWith(people);
    // Devices only after the sign-up news went out, so that those pushes leave them alone.
    for (String p : people) {
      await().atMost(WAIT).until(() -> Campaigns.inboxTypes(p).contains("REGISTRATION_CONFIRMED"));
    }
    for (String p : people) {
      long memberId = given().auth().oauth2(p).get("/me").then().extract().jsonPath().getLong("id");
      await()
          .atMost(WAIT)
          .until(
              () ->
                  Db.count(
                          "select count(*) from notification_dispatch d join notification n on"
                              + " n.id = d.notification_id where n.member_id = ?",
                          memberId)
                      == 0);
    }
    String ok = device(people.get(0), "ok-");
    String gone = device(people.get(1), "unregistered-");
    String invalid = device(people.get(2), "invalid-");
    String cadre = CampaignFlowTest.cadre();
    long id =
        Campaigns.create(cadre, Campaigns.body(idOf("FT-01-01"), Map.of("eventId", eventId)))
            .getLong("id");

    JsonPath dry = Campaigns.action(cadre, id, "dry-run", 200);
    assertThat(dry.getBoolean("fcmChecked")).isTrue();
    assertThat(dry.getInt("sampled")).isEqualTo(3);
    assertThat(dry.getInt("valid")).isEqualTo(1);
    assertThat(dry.getMap("errors"))
        .containsEntry("UNREGISTERED", 1)
        .containsEntry("INVALID_ARGUMENT", 1);
    assertThat(dry.getInt("audience.withDevice")).isEqualTo(3);
    assertThat(FcmLog.delivered(ok, "CAMPAIGN")).isZero();
    assertThat(Db.count("select count(*) from device where token in (?, ?)", gone, invalid))
        .isEqualTo(2);

    Campaigns.action(cadre, id, "send", 200);
    JsonPath done = Campaigns.awaitStatus(cadre, id, "COMPLETED", WAIT);
    assertThat(done.getInt("progress.queued")).isEqualTo(4);
    assertThat(done.getInt("progress.sent")).isEqualTo(1);
    assertThat(done.getInt("progress.pruned")).isEqualTo(2);
    assertThat(done.getInt("progress.inboxOnly")).isEqualTo(1);
    assertThat(FcmLog.delivered(ok, "CAMPAIGN")).isEqualTo(1);
    Map<String, Object> request =
        FcmLog.requests(ok).stream()
            .filter(r -> !Boolean.TRUE.equals(r.get("validateOnly")))
            .filter(r -> r.get("data") instanceof Map<?, ?> d && "CAMPAIGN".equals(d.get("type")))
            .findFirst()
            .orElseThrow();
    assertThat(request.get("collapseKey")).isEqualTo("c" + id);
    assertThat(Db.count("select count(*) from device where token in (?, ?)", gone, invalid))
        .isZero();

    JsonPath report =
        given()
            .auth()
            .oauth2(cadre)
            .get("/campaigns/{id}/report", id)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(report.getMap("failuresByCode"))
        .containsEntry("UNREGISTERED", 1)
        .containsEntry("INVALID_ARGUMENT", 1);
  }

  @Test
  void quotaExceededPutsTheBatchBackForAtLeastAMinute() {
    List<String> people = CampaignFlowTest.users("camp-quota", 1);
    Campaigns.optIn(people.get(0), true);
    String token = device(people.get(0), "quota-");
    long eventId = CampaignFlowTest.eventWith(people);
    String cadre = CampaignFlowTest.cadre();
    long id =
        Campaigns.create(cadre, Campaigns.body(idOf("FT-01-01"), Map.of("eventId", eventId)))
            .getLong("id");
    Campaigns.action(cadre, id, "send", 200);
    await()
        .atMost(WAIT)
        .until(
            () ->
                Db.count(
                        "select count(*) from campaign_batch where campaign_id = ? and status ="
                            + " 'QUEUED' and attempts = 1 and not_before > now() + interval '50"
                            + " seconds'",
                        id)
                    == 1);
    assertThat(
            FcmLog.requests(token).stream()
                .filter(
                    r -> r.get("data") instanceof Map<?, ?> d && "CAMPAIGN".equals(d.get("type"))))
        .hasSize(1);
    assertThat(Campaigns.get(cadre, id).getString("status")).isEqualTo("RUNNING");
    assertThat(Db.count("select count(*) from device where token = ?", token)).isEqualTo(1);
    Campaigns.action(cadre, id, "cancel", 200);
  }

  @Test
  void aResidentCannotTouchCampaigns() {
    String resident = Tokens.of(Tokens.RESIDENT_A);
    given().auth().oauth2(resident).get("/campaigns").then().statusCode(403);
    given().auth().oauth2(resident).post("/campaigns/1/send").then().statusCode(403);
  }
}
