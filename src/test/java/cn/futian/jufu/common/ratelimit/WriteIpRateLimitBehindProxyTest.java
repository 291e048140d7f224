package cn.futian.jufu.common.ratelimit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import cn.futian.jufu.testing.OrgUnits;
import cn.futian.jufu.testing.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Behind the operator's proxy (proxy-address-forwarding on), the per-address write limit counts the
 * client address the proxy reports, so residents behind one proxy do not share one budget.
 */
@QuarkusTest
@TestProfile(WriteIpRateLimitBehindProxyTest.BehindAProxy.class)
class WriteIpRateLimitBehindProxyTest {

  /** Three writes per address and minute; X-Forwarded-For honoured. */
  public static class BehindAProxy implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "fulian.rate-limits.limits.write-ip.requests", "3",
          "quarkus.http.proxy.proxy-address-forwarding", "true",
          "quarkus.http.proxy.allow-x-forwarded", "true",
          "quarkus.flyway.clean-at-start", "false");
    }
  }

  private static int follow(String token, String code, String forwardedFor) {
    return given()
        .auth()
        .oauth2(token)
        .header("X-Forwarded-For", forwardedFor)
        .put("/me/follows/{id}", OrgUnits.idOf(code))
        .then()
        .extract()
        .statusCode();
  }

  @Test
  void eachForwardedAddressHasItsOwnBudget() {
    String member = TestUsers.token("proxy-writer-" + UUID.randomUUID().toString().substring(0, 6));
    // Fresh addresses for this run (a fixed window may still hold an earlier run's counts).
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String first = "10." + random.nextInt(256) + "." + random.nextInt(256) + ".1";
    String second = "10." + random.nextInt(256) + "." + random.nextInt(256) + ".2";
    assertThat(follow(member, "FT-01", first)).isEqualTo(200);
    assertThat(follow(member, "FT-02", first)).isEqualTo(200);
    assertThat(follow(member, "FT-03", first)).isEqualTo(200);
    assertThat(follow(member, "FT-04", first)).isEqualTo(429);
    assertThat(follow(member, "FT-04", second)).isEqualTo(200);
  }
}
