package cn.futian.jufu.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.PackagedApp;
import cn.futian.jufu.testing.Tokens;
import cn.futian.jufu.testing.fakes.FakeFcm;
import cn.futian.jufu.testing.fakes.FakeWeChat;
import io.restassured.RestAssured;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A throttled campaign sent by two instances with eight workers each (issue 17, 2). The throttle
 * (900 a minute) holds back the tenth batch of 100 until the next minute, much longer than the
 * batch lease (3 s here). Before the fix a worker claimed the batch and then waited for the
 * throttle while its lease ran out; other workers took the batch over, waited too, and at the turn
 * of the minute all of them sent it. Every device must get the campaign exactly once, and the
 * report's counts must equal what the fake FCM server received.
 */
class ThrottledCampaignIT {

  static final int[] PORTS = {8086, 8087};
  static final int MEMBERS = 1000;
  static final int PER_MINUTE = 900;
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final List<Process> INSTANCES = new ArrayList<>();

  static String log(int port) {
    return "target/throttled-" + port + ".log";
  }

  @BeforeAll
  static void startTwoInstances() throws Exception {
    for (int port : PORTS) {
      INSTANCES.add(
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx320m",
                  "-Dquarkus.profile=test",
                  "-Dquarkus.http.port=" + port,
                  "-Dquarkus.management.port=" + PackagedApp.managementPort(port),
                  "-Dquarkus.flyway.clean-at-start=false",
                  "-Dfake.fcm.port=" + FakeFcm.shared().port(),
                  "-Dfake.wechat.port=" + FakeWeChat.shared().port(),
                  "-Dfulian.campaigns.workers=8",
                  "-Dfulian.campaigns.batch-size=100",
                  "-Dfulian.campaigns.lease=3s",
                  "-Dfulian.campaigns.kick-every=1s",
                  "-Dfulian.push.fcm.max-in-flight=50",
                  "-jar",
                  "target/quarkus-app/quarkus-run.jar")
              .redirectErrorStream(true)
              .redirectOutput(new File(log(port)))
              .start());
    }
    for (int i = 0; i < PORTS.length; i++) {
      PackagedApp.awaitReady(INSTANCES.get(i), PORTS[i], log(PORTS[i]));
    }
    RestAssured.port = PORTS[0];
  }

  @AfterAll
  static void stop() throws Exception {
    for (Process p : INSTANCES) {
      p.destroy();
    }
    for (Process p : INSTANCES) {
      p.waitFor();
    }
    FakeFcm.shared().latency(Duration.ZERO);
    RestAssured.reset();
  }

  @Test
  void everyDeviceGetsTheThrottledCampaignOnceAndTheReportMatchesFcm() throws Exception {
    long unit = Db.count("select id from org_unit where code = 'FT-05'");
    Campaigns.optedInMembersWithDevices("thr-" + RUN, MEMBERS, unit);
    FakeFcm.shared().latency(Duration.ofMillis(20));
    String admin = Tokens.of(Tokens.ADMIN);
    Map<String, Object> body =
        Campaigns.body(
            Db.count("select id from org_unit where code = 'FT'"),
            Map.of("followersOf", unit, "kinds", List.of("COUNSELLING")));
    body.put("perMinute", PER_MINUTE);
    long id = Campaigns.create(admin, body).getLong("id");

    // Start early enough in a minute that the tenth batch waits several leases for the next one.
    if (LocalTime.now().getSecond() > 45) {
      Thread.sleep(
          Duration.between(
                      LocalTime.now(),
                      LocalTime.now().truncatedTo(ChronoUnit.MINUTES).plusMinutes(1))
                  .toMillis()
              + 1_000);
    }
    Campaigns.action(admin, id, "send", 200);
    var done = Campaigns.awaitStatus(admin, id, "COMPLETED", Duration.ofSeconds(150));

    List<FakeFcm.Request> requests = Campaigns.fcmRequests("thr-" + RUN, id);
    Map<String, Integer> perToken = new HashMap<>();
    Map<Long, Integer> perMinute = new HashMap<>();
    for (FakeFcm.Request r : requests) {
      perToken.merge(r.token(), 1, Integer::sum);
      perMinute.merge(r.time().getEpochSecond() / 60, 1, Integer::sum);
    }
    long twice = perToken.values().stream().filter(n -> n > 1).count();
    System.out.printf(
        "throttled campaign: %d members, %d requests, %d devices pushed more than once, per"
            + " minute %s%n",
        MEMBERS, requests.size(), twice, perMinute.values());

    for (int port : PORTS) {
      assertThat(Files.readString(Path.of(log(port)), StandardCharsets.UTF_8))
          .as("instance " + port + " reached Redis for the shared throttle throughout")
          .doesNotContain("counting locally");
    }
    assertThat(twice).as("devices pushed more than once").isZero();
    assertThat(perToken).hasSize(MEMBERS);
    assertThat(perMinute.values()).allMatch(n -> n <= PER_MINUTE);
    assertThat(done.getInt("progress.queued")).isEqualTo(MEMBERS);
    assertThat(done.getInt("progress.sent")).isEqualTo(requests.size());
    assertThat(done.getInt("progress.failed")).isZero();
    assertThat(
            Db.count(
                "select count(*) from notification where campaign_id = ? and pushed_at is null",
                id))
        .isZero();
    for (int port : PORTS) {
      assertThat(Files.readString(Path.of(log(port)), StandardCharsets.UTF_8))
          .as("instance " + port + " lost no lease")
          .doesNotContain("lease lost");
    }
  }
}
