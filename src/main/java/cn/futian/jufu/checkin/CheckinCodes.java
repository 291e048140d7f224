package cn.futian.jufu.checkin;

import java.time.Instant;
import java.util.List;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Check-in codes: compact JWS (ES256) over {@code {iss, sub: registration, sid: session, p:
 * persons, nbf, exp}}. A cadre's phone verifies them offline with the published keys ({@code GET
 * /checkin/keys}); the server verifies them the same way.
 */
final class CheckinCodes {

  static final String ISSUER = "jufu-checkin";

  /** What a valid code says. */
  record Claims(
      long registrationId, long sessionId, int persons, Instant notBefore, Instant expires) {}

  /** Why a code was refused. */
  enum Refusal {
    MALFORMED,
    UNKNOWN_KEY,
    BAD_SIGNATURE,
    NOT_YET_VALID,
    EXPIRED
  }

  /** The outcome of a verification: claims, or a refusal. */
  record Verified(Claims claims, Refusal refusal, String kid) {
    boolean ok() {
      return refusal == null;
    }
  }

  private CheckinCodes() {}

  static String sign(CheckinKeys.Key key, Claims claims) {
    JwtClaims jwt = new JwtClaims();
    jwt.setIssuer(ISSUER);
    jwt.setSubject(String.valueOf(claims.registrationId()));
    jwt.setClaim("sid", claims.sessionId());
    jwt.setClaim("p", claims.persons());
    jwt.setNotBefore(NumericDate.fromSeconds(claims.notBefore().getEpochSecond()));
    jwt.setExpirationTime(NumericDate.fromSeconds(claims.expires().getEpochSecond()));
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(jwt.toJson());
    jws.setKey(key.jwk(true).getEcPrivateKey());
    jws.setKeyIdHeaderValue(key.kid());
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
    try {
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException("Cannot sign a check-in code", e);
    }
  }

  /**
   * Verifies a code with the given keys at time {@code at} (the scan time for offline batches),
   * allowing {@code skewSeconds} of clock difference.
   */
  static Verified verify(String code, List<CheckinKeys.Key> keys, Instant at, long skewSeconds) {
    if (code == null || code.length() > 2000 || code.chars().filter(c -> c == '.').count() != 2) {
      return new Verified(null, Refusal.MALFORMED, null);
    }
    JsonWebSignature jws = new JsonWebSignature();
    String kid;
    try {
      jws.setAlgorithmConstraints(
          new AlgorithmConstraints(
              AlgorithmConstraints.ConstraintType.PERMIT,
              AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256));
      jws.setCompactSerialization(code);
      kid = jws.getKeyIdHeaderValue();
    } catch (JoseException | RuntimeException e) {
      return new Verified(null, Refusal.MALFORMED, null);
    }
    CheckinKeys.Key key = keys.stream().filter(k -> k.kid().equals(kid)).findFirst().orElse(null);
    if (key == null) {
      return new Verified(null, Refusal.UNKNOWN_KEY, kid);
    }
    try {
      EllipticCurveJsonWebKey jwk = key.jwk(false);
      jws.setKey(jwk.getECPublicKey());
      if (!jws.verifySignature()) {
        return new Verified(null, Refusal.BAD_SIGNATURE, kid);
      }
      JwtClaims claims = JwtClaims.parse(jws.getPayload());
      if (!ISSUER.equals(claims.getIssuer())) {
        return new Verified(null, Refusal.MALFORMED, kid);
      }
      Instant nbf = Instant.ofEpochSecond(claims.getNotBefore().getValue());
      Instant exp = Instant.ofEpochSecond(claims.getExpirationTime().getValue());
      Claims c =
          new Claims(
              Long.parseLong(claims.getSubject()),
              ((Number) claims.getClaimValue("sid")).longValue(),
              ((Number) claims.getClaimValue("p")).intValue(),
              nbf,
              exp);
      if (at.isBefore(nbf.minusSeconds(skewSeconds))) {
        return new Verified(c, Refusal.NOT_YET_VALID, kid);
      }
      if (at.isAfter(exp.plusSeconds(skewSeconds))) {
        return new Verified(c, Refusal.EXPIRED, kid);
      }
      return new Verified(c, null, kid);
    } catch (JoseException
        | MalformedClaimException
        | org.jose4j.jwt.consumer.InvalidJwtException
        | RuntimeException e) {
      return new Verified(null, Refusal.MALFORMED, kid);
    }
  }
}
