package cn.futian.jufu.checkin;

import cn.futian.jufu.common.crypto.FieldCipher;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/**
 * The keys that sign check-in codes (ES256, P-256: every phone's JWT library verifies it). The
 * newest key that is not retired signs; all keys that are not retired verify, so codes issued
 * before a rotation keep working. Keys live in PostgreSQL, shared by all instances, and are cached
 * here for a short while. Callers run inside a reactive session.
 */
@ApplicationScoped
public class CheckinKeys {

  /** The signing keys' private halves are encrypted at rest like members' sensitive fields. */
  public static final String PRIVATE_KEY_COLUMN = "checkin_key.private_key";

  static final Duration CACHE = Duration.ofSeconds(30);

  /**
   * A key pair; {@code privateJwk} is null for keys loaded only to verify. The JWKs are parsed
   * once, when the key is loaded, not for every code signed or verified.
   */
  record Key(
      String kid,
      String publicJwk,
      String privateJwk,
      Instant createdAt,
      EllipticCurveJsonWebKey publicKey,
      EllipticCurveJsonWebKey privateKey) {

    Key(String kid, String publicJwk, String privateJwk, Instant createdAt) {
      this(
          kid,
          publicJwk,
          privateJwk,
          createdAt,
          parse(kid, publicJwk),
          privateJwk == null ? null : parse(kid, privateJwk));
    }

    EllipticCurveJsonWebKey jwk(boolean withPrivate) {
      return withPrivate ? privateKey : publicKey;
    }

    private static EllipticCurveJsonWebKey parse(String kid, String json) {
      try {
        return (EllipticCurveJsonWebKey) JsonWebKey.Factory.newJwk(json);
      } catch (JoseException e) {
        throw new IllegalStateException("Stored check-in key " + kid + " is unreadable", e);
      }
    }
  }

  private final CheckinRepository repository;
  private volatile List<Key> cached;
  private volatile Instant cachedAt = Instant.EPOCH;

  CheckinKeys(CheckinRepository repository) {
    this.repository = repository;
  }

  /** The keys that verify, newest first (creates the first key when there is none). */
  Uni<List<Key>> active() {
    if (cached != null && Instant.now().isBefore(cachedAt.plus(CACHE))) {
      return Uni.createFrom().item(cached);
    }
    return reload();
  }

  /** Reads the keys again (after a rotation, or when a code names an unknown key). */
  Uni<List<Key>> reload() {
    return load()
        .chain(keys -> keys.isEmpty() ? generate().chain(this::load) : Uni.createFrom().item(keys))
        .invoke(
            keys -> {
              cached = keys;
              cachedAt = Instant.now();
            });
  }

  /** Adds a new signing key; older keys keep verifying until they are retired. */
  Uni<Key> rotate() {
    return generate().chain(this::reload).map(keys -> keys.get(0));
  }

  /** Retires a key: codes it signed are no longer accepted. Returns false for unknown kids. */
  Uni<Boolean> retire(String kid) {
    return repository.retireKey(kid).call(this::reload);
  }

  private Uni<List<Key>> load() {
    return repository
        .activeKeys()
        .map(
            rows ->
                rows.stream()
                    .map(
                        k ->
                            new Key(
                                k.kid(),
                                k.publicJwk(),
                                FieldCipher.current()
                                    .decrypt(k.privateJwkSealed(), PRIVATE_KEY_COLUMN),
                                k.createdAt().toInstant()))
                    .toList());
  }

  private Uni<Void> generate() {
    EllipticCurveJsonWebKey jwk;
    try {
      jwk = EcJwkGenerator.generateJwk(EllipticCurves.P256);
    } catch (JoseException e) {
      throw new IllegalStateException("Cannot generate a P-256 key", e);
    }
    String kid =
        "ck-" + Instant.now().getEpochSecond() + "-" + UUID.randomUUID().toString().substring(0, 8);
    jwk.setKeyId(kid);
    jwk.setAlgorithm("ES256");
    jwk.setUse("sig");
    String publicJwk = jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    String privateJwk = jwk.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE);
    return repository
        .insertKey(kid, publicJwk, FieldCipher.current().encrypt(privateJwk, PRIVATE_KEY_COLUMN))
        .replaceWithVoid();
  }
}
