package cn.futian.jufu.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Tokens not refreshed for 60 days are removed by the prune job; fresher ones stay. */
@QuarkusTest
class StaleDeviceTest {

  @Test
  void theJobRemovesTokensNotSeenFor60Days() {
    String member = TestUsers.token("stale-" + UUID.randomUUID().toString().substring(0, 6));
    long memberId =
        io.restassured.RestAssured.given()
            .auth()
            .oauth2(member)
            .get("/me")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getLong("id");
    String stale = "stale-" + UUID.randomUUID();
    String recent = "recent-" + UUID.randomUUID();
    Db.update(
        "insert into device (member_id, token, platform, last_seen_at) values"
            + " (?, ?, 'ANDROID', now() - interval '61 days'),"
            + " (?, ?, 'ANDROID', now() - interval '59 days')",
        memberId,
        stale,
        memberId,
        recent);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> Db.count("select count(*) from device where token = ?", stale) == 0);
    assertThat(Db.count("select count(*) from device where token = ?", recent)).isEqualTo(1);
  }
}
