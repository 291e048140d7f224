package cn.futian.jufu.common.crypto;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * Keys for the encrypted personal-data columns ({@code fulian.crypto.*}). In production they come
 * from a Kubernetes Secret ({@code FULIAN_CRYPTO_KEYS}); there is no default, so a pod without keys
 * does not start. See docs/adr/0012-field-encryption.md.
 */
@ConfigMapping(prefix = "fulian.crypto")
public interface CryptoConfig {

  /**
   * The key ring: {@code id:base64,id:base64}, each key 32 random bytes (AES-256). Old keys stay in
   * the ring until the re-encryption job has moved every value to the active key.
   */
  String keys();

  /** The key new values are encrypted with; default: the last key in the ring. */
  Optional<String> activeKey();

  /**
   * The blind-index key (base64 of 32 bytes, never rotated: {@link BlindIndex}); absent, it is
   * derived from the ring's first key.
   */
  Optional<String> blindKey();

  /** How often the re-encryption job looks for values under an old key (or plain text). */
  @WithDefault("1h")
  String reencryptEvery();

  @WithDefault("30s")
  String reencryptDelay();
}
