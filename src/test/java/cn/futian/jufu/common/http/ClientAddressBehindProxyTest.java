package cn.futian.jufu.common.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Behind a trusted proxy (the test client's own address, as the Ingress would be): the client is
 * the right-most address of X-Forwarded-For that is not a trusted proxy, so what a client writes
 * into the header itself (the left part of an appended chain) changes nothing. Observed as the
 * audit log records it and as the per-address limit counts it.
 */
@QuarkusTest
@TestProfile(ClientAddressBehindProxyTest.BehindTheIngress.class)
class ClientAddressBehindProxyTest {

  /** Forwarded headers believed from 127.0.0.1 and ::1 only; three anonymous calls a minute. */
  public static class BehindTheIngress implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "quarkus.http.proxy.proxy-address-forwarding", "true",
          "quarkus.http.proxy.allow-x-forwarded", "true",
          "quarkus.http.proxy.trusted-proxies", "127.0.0.1/32,::1/128,10.99.0.0/16",
          "fulian.rate-limits.limits.anonymous-ip.requests", "3",
          "quarkus.flyway.clean-at-start", "false");
    }
  }

  /** The address the audit log records for a refused call forwarded with this header. */
  private static String recordedAddress(String forwardedFor) {
    String requestId = "addr-" + UUID.randomUUID();
    var request =
        given()
            .header("Authorization", Tokens.bearer(Tokens.RESIDENT_A))
            .header("X-Request-Id", requestId);
    if (forwardedFor != null) {
      request = request.header("X-Forwarded-For", forwardedFor);
    }
    request.get("/admin/audit").then().statusCode(403);
    return Db.text("select ip from audit_log where request_id = ?", requestId);
  }

  @Test
  void theAddressTheTrustedProxyAppendedIsTheClients() {
    assertThat(recordedAddress("198.51.100.7")).isEqualTo("198.51.100.7");
    // A client that sends its own X-Forwarded-For: an appending proxy keeps it on the left.
    assertThat(recordedAddress("203.0.113.66, 198.51.100.8")).isEqualTo("198.51.100.8");
    assertThat(recordedAddress("203.0.113.66, 203.0.113.67, 198.51.100.8"))
        .isEqualTo("198.51.100.8");
    // Two trusted proxies in a row (a load balancer, then the Ingress): both skipped.
    assertThat(recordedAddress("198.51.100.9, 10.99.3.4")).isEqualTo("198.51.100.9");
    // Rubbish on the client's side of the chain is never the answer.
    assertThat(recordedAddress("' or 1=1--, 198.51.100.10")).isEqualTo("198.51.100.10");
    // IPv6, canonical, and IPv4 written as IPv6.
    assertThat(recordedAddress("2001:DB8:0:0::1")).isEqualTo("2001:db8::1");
    assertThat(recordedAddress("::ffff:198.51.100.12")).isEqualTo("198.51.100.12");
    // With ports, as some proxies write them.
    assertThat(recordedAddress("198.51.100.13:4711")).isEqualTo("198.51.100.13");
    assertThat(recordedAddress("[2001:db8::2]:4711")).isEqualTo("2001:db8::2");
    // Without the header: the proxy itself.
    assertThat(recordedAddress(null)).isIn("127.0.0.1", "::1");
  }

  private static int anonymousCall(String forwardedFor) {
    return given()
        .header("X-Forwarded-For", forwardedFor)
        .get("/checkin/keys")
        .then()
        .extract()
        .statusCode();
  }

  @Test
  void theAnonymousLimitCountsEachResidentsAddressAndForgingDoesNotEscapeIt() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String resident = "198.18." + random.nextInt(256) + "." + (1 + random.nextInt(250));
    String neighbour = "198.19." + random.nextInt(256) + "." + (1 + random.nextInt(250));
    for (int i = 0; i < 3; i++) {
      assertThat(anonymousCall(resident)).isEqualTo(200);
    }
    given()
        .header("X-Forwarded-For", resident)
        .header("Accept-Language", "en")
        .get("/checkin/keys")
        .then()
        .statusCode(429)
        .contentType("application/problem+json")
        .header("Retry-After", notNullValue())
        .body("code", equalTo("rate-limited"))
        .body("retryAfter", notNullValue());
    // Claiming another address in front of the real one does not give a fresh budget...
    assertThat(anonymousCall("203.0.113.1, " + resident)).isEqualTo(429);
    // ... and the public documents under /q/ are behind the same guard.
    given()
        .header("X-Forwarded-For", resident)
        .get("/q/openapi")
        .then()
        .statusCode(429)
        .contentType("application/problem+json");
    // Another resident behind the same proxy has her own budget.
    assertThat(anonymousCall(neighbour)).isEqualTo(200);
  }

  @Test
  void anIpv6ClientIsCountedByItsSlash64() {
    String prefix = "2001:db8:" + Integer.toHexString(ThreadLocalRandom.current().nextInt(65536));
    for (int i = 1; i <= 3; i++) {
      assertThat(anonymousCall(prefix + ":1::" + i)).isEqualTo(200);
    }
    // Another address of the same /64 (privacy addresses change all the time): the same budget.
    assertThat(anonymousCall(prefix + ":1::ffff")).isEqualTo(429);
    assertThat(anonymousCall(prefix + ":2::1")).isEqualTo(200);
  }
}
