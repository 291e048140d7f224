package cn.futian.jufu.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.PackagedApp;
import cn.futian.jufu.testing.Tokens;
import cn.futian.jufu.testing.fakes.FakeFcm;
import cn.futian.jufu.testing.fakes.FakeWeChat;
import io.restassured.RestAssured;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The app process is killed ({@code kill -9}) in the middle of a campaign and started again: the
 * campaign resumes once the dead worker's leases run out and finishes; every member got it; members
 * pushed twice are at most the batches in flight at the kill (workers × batch size), checked
 * against the fake FCM server's own request log.
 */
class CampaignCrashIT {

  static final int PORT = 8093;
  static final int MEMBERS = 3000;
  static final int WORKERS = 2;
  static final int BATCH = 500;
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static Process app;

  static Process start() throws Exception {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-Dquarkus.profile=test",
                "-Dquarkus.http.port=" + PORT,
                "-Dquarkus.management.port=" + PackagedApp.managementPort(PORT),
                "-Dquarkus.flyway.clean-at-start=false",
                "-Dfake.fcm.port=" + FakeFcm.shared().port(),
                "-Dfake.wechat.port=" + FakeWeChat.shared().port(),
                "-Dfulian.campaigns.workers=" + WORKERS,
                "-Dfulian.campaigns.batch-size=" + BATCH,
                "-Dfulian.campaigns.lease=20s",
                "-Dfulian.campaigns.kick-every=1s",
                "-Dfulian.push.fcm.max-in-flight=50",
                "-jar",
                "target/quarkus-app/quarkus-run.jar")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/crash-app.log")))
            .start();
    PackagedApp.awaitReady(p, PORT, "target/crash-app.log");
    return p;
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.destroy();
    }
    FakeFcm.shared().latency(Duration.ZERO);
    RestAssured.reset();
  }

  static Map<String, Integer> campaignPushesPerToken(long campaignId) {
    Map<String, Integer> perToken = new HashMap<>();
    for (FakeFcm.Request r : Campaigns.fcmRequests("crash-" + RUN, campaignId)) {
      perToken.merge(r.token(), 1, Integer::sum);
    }
    return perToken;
  }

  @Test
  void aCampaignResumesAfterTheAppIsKilledWithinItsDuplicateBound() throws Exception {
    long unit = Db.count("select id from org_unit where code = 'FT-03'");
    Campaigns.optedInMembersWithDevices("crash-" + RUN, MEMBERS, unit);
    FakeFcm.shared().latency(Duration.ofMillis(200));
    app = start();
    RestAssured.port = PORT;

    String admin = Tokens.of(Tokens.ADMIN);
    Map<String, Object> body =
        Campaigns.body(
            Db.count("select id from org_unit where code = 'FT'"),
            Map.of("followersOf", unit, "kinds", List.of("COUNSELLING")));
    long id = Campaigns.create(admin, body).getLong("id");
    Campaigns.action(admin, id, "send", 200);

    // Kill it while batches are in flight: some members pushed, most not.
    long deadline = System.currentTimeMillis() + 60_000;
    while (campaignPushesPerToken(id).size() < 600) {
      assertThat(System.currentTimeMillis()).isLessThan(deadline);
      Thread.sleep(50);
    }
    app.destroyForcibly().waitFor();
    int pushedAtKill = campaignPushesPerToken(id).size();
    long claimedAtKill =
        Db.count(
            "select count(*) from campaign_batch where campaign_id = ? and status = 'CLAIMED'", id);
    assertThat(pushedAtKill).isLessThan(MEMBERS);

    app = start();
    var done = Campaigns.awaitStatus(admin, id, "COMPLETED", Duration.ofSeconds(120));
    Map<String, Integer> perToken = campaignPushesPerToken(id);
    long twice = perToken.values().stream().filter(n -> n > 1).count();
    long more = perToken.values().stream().filter(n -> n > 2).count();
    System.out.printf(
        "crash test: %d members, %d pushed at the kill, %d batches claimed then, %d pushed twice,"
            + " %d more often%n",
        MEMBERS, pushedAtKill, claimedAtKill, twice, more);

    assertThat(perToken).hasSize(MEMBERS);
    assertThat(perToken.values()).allMatch(n -> n <= 2);
    assertThat(twice)
        .isLessThanOrEqualTo(claimedAtKill * BATCH)
        .isLessThanOrEqualTo(WORKERS * BATCH);
    assertThat(done.getInt("progress.queued")).isEqualTo(MEMBERS);
    assertThat(done.getInt("progress.sent")).isEqualTo(MEMBERS);
    assertThat(Db.count("select count(*) from notification where campaign_id = ?", id))
        .isEqualTo(MEMBERS);
    assertThat(
            Db.count(
                "select count(*) from notification where campaign_id = ? and pushed_at is null",
                id))
        .isZero();
  }
}
