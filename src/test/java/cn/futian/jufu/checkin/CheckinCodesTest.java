package cn.futian.jufu.checkin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.Test;

/** Signing and verifying check-in codes, without a server. */
class CheckinCodesTest {

  static CheckinKeys.Key key(String kid) throws Exception {
    EllipticCurveJsonWebKey jwk = EcJwkGenerator.generateJwk(EllipticCurves.P256);
    jwk.setKeyId(kid);
    return new CheckinKeys.Key(
        kid,
        jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY),
        jwk.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE),
        Instant.now());
  }

  static final Instant FROM = Instant.parse("2026-12-05T06:00:00Z");
  static final Instant TO = Instant.parse("2026-12-05T12:00:00Z");

  @Test
  void aCodeVerifiesWithThePublicKeyInsideItsWindow() throws Exception {
    var key = key("k1");
    String code = CheckinCodes.sign(key, new CheckinCodes.Claims(42, 7, 3, FROM, TO));
    var publicOnly = new CheckinKeys.Key("k1", key.publicJwk(), null, key.createdAt());
    var v = CheckinCodes.verify(code, List.of(publicOnly), FROM.plusSeconds(60), 0);
    assertThat(v.ok()).isTrue();
    assertThat(v.claims().registrationId()).isEqualTo(42);
    assertThat(v.claims().sessionId()).isEqualTo(7);
    assertThat(v.claims().persons()).isEqualTo(3);
  }

  @Test
  void tooEarlyTooLateAndSkew() throws Exception {
    var key = key("k1");
    String code = CheckinCodes.sign(key, new CheckinCodes.Claims(1, 1, 1, FROM, TO));
    assertThat(CheckinCodes.verify(code, List.of(key), FROM.minusSeconds(600), 120).refusal())
        .isEqualTo(CheckinCodes.Refusal.NOT_YET_VALID);
    assertThat(CheckinCodes.verify(code, List.of(key), TO.plusSeconds(600), 120).refusal())
        .isEqualTo(CheckinCodes.Refusal.EXPIRED);
    assertThat(CheckinCodes.verify(code, List.of(key), TO.plusSeconds(60), 120).ok()).isTrue();
  }

  @Test
  void forgedUnknownAndMalformedCodesAreRefused() throws Exception {
    var key = key("k1");
    var other = key("k1");
    String code = CheckinCodes.sign(key, new CheckinCodes.Claims(5, 9, 1, FROM, TO));
    Instant at = FROM.plusSeconds(1);
    // Signed by another key that claims the same kid.
    String forged = CheckinCodes.sign(other, new CheckinCodes.Claims(5, 9, 1, FROM, TO));
    assertThat(CheckinCodes.verify(forged, List.of(key), at, 0).refusal())
        .isEqualTo(CheckinCodes.Refusal.BAD_SIGNATURE);
    // The payload changed after signing (another registration).
    String[] parts = code.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]));
    String tampered =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(payload.replace("\"5\"", "\"6\"").getBytes())
            + "."
            + parts[2];
    assertThat(CheckinCodes.verify(tampered, List.of(key), at, 0).refusal())
        .isEqualTo(CheckinCodes.Refusal.BAD_SIGNATURE);
    assertThat(CheckinCodes.verify(code, List.of(key("k2")), at, 0).refusal())
        .isEqualTo(CheckinCodes.Refusal.UNKNOWN_KEY);
    // "alg": "none" and garbage.
    String none =
        Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"kid\":\"k1\"}".getBytes())
            + "."
            + parts[1]
            + ".";
    assertThat(CheckinCodes.verify(none, List.of(key), at, 0).ok()).isFalse();
    for (String garbage : List.of("", "abc", "a.b.c", "x".repeat(3000), "..")) {
      assertThat(CheckinCodes.verify(garbage, List.of(key), at, 0).refusal())
          .isEqualTo(CheckinCodes.Refusal.MALFORMED);
    }
  }
}
