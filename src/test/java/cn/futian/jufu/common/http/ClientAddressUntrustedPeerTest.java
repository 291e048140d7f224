package cn.futian.jufu.common.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Forwarding is on, but the caller is not one of the trusted proxies (only the Ingress range is):
 * whatever it writes into X-Forwarded-For, its address is its own, for the audit log and for the
 * limits.
 */
@QuarkusTest
@TestProfile(ClientAddressUntrustedPeerTest.OnlyTheIngressIsTrusted.class)
class ClientAddressUntrustedPeerTest {

  public static class OnlyTheIngressIsTrusted implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "quarkus.http.proxy.proxy-address-forwarding", "true",
          "quarkus.http.proxy.allow-x-forwarded", "true",
          "quarkus.http.proxy.allow-forwarded", "true",
          "quarkus.http.proxy.trusted-proxies", "10.244.0.0/16",
          "quarkus.flyway.clean-at-start", "false");
    }
  }

  @Test
  void aForgedHeaderFromAnUntrustedPeerIsIgnored() {
    String requestId = "forged-" + UUID.randomUUID();
    given()
        .header("Authorization", Tokens.bearer(Tokens.RESIDENT_A))
        .header("X-Request-Id", requestId)
        .header("X-Forwarded-For", "198.51.100.99")
        .header("Forwarded", "for=198.51.100.98")
        .get("/admin/audit")
        .then()
        .statusCode(403);
    assertThat(Db.text("select ip from audit_log where request_id = ?", requestId))
        .isIn("127.0.0.1", "::1");
  }
}
