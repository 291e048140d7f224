package cn.futian.jufu.common.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * AES-256-GCM for single database values. A stored value reads {@code enc1:<key id>:<base64 of
 * nonce | ciphertext | tag>}; the column name is bound in as associated data, so a value copied
 * into another column does not decrypt. Values without the prefix are legacy plain text: they are
 * read as they are and encrypted by the re-encryption job ({@link FieldReencryption}).
 */
public final class FieldCipher {

  static final String PREFIX = "enc1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private static volatile Config cachedFor;
  private static volatile FieldCipher cached;

  private final Map<String, SecretKey> keys;
  private final String activeKeyId;

  public FieldCipher(Map<String, byte[]> keys, String activeKeyId) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("fulian.crypto.keys: no key");
    }
    Map<String, SecretKey> ring = new LinkedHashMap<>();
    keys.forEach(
        (id, raw) -> {
          if (raw.length != 32) {
            throw new IllegalArgumentException(
                "fulian.crypto.keys: key " + id + " must be 32 bytes (AES-256), not " + raw.length);
          }
          ring.put(id, new SecretKeySpec(raw, "AES"));
        });
    if (!ring.containsKey(activeKeyId)) {
      throw new IllegalArgumentException(
          "fulian.crypto.active-key " + activeKeyId + " not in ring");
    }
    this.keys = Map.copyOf(ring);
    this.activeKeyId = activeKeyId;
  }

  /** Parses {@code id:base64,id:base64}; the active key defaults to the last one. */
  public static FieldCipher parse(String ring, String activeKeyId) {
    Map<String, byte[]> keys = new LinkedHashMap<>();
    String last = null;
    for (String entry : ring.split(",")) {
      String e = entry.strip();
      if (e.isEmpty()) {
        continue;
      }
      int colon = e.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException(
            "fulian.crypto.keys: expected id:base64, got an entry without id");
      }
      String id = e.substring(0, colon);
      if (!id.matches("[A-Za-z0-9_.-]{1,32}")) {
        throw new IllegalArgumentException("fulian.crypto.keys: bad key id " + id);
      }
      keys.put(id, Base64.getDecoder().decode(e.substring(colon + 1)));
      last = id;
    }
    return new FieldCipher(keys, activeKeyId == null || activeKeyId.isBlank() ? last : activeKeyId);
  }

  /** The cipher of the running application's configuration. */
  public static FieldCipher current() {
    Config config = ConfigProvider.getConfig();
    FieldCipher c = cached;
    if (c != null && cachedFor == config) {
      return c;
    }
    c =
        parse(
            config.getValue("fulian.crypto.keys", String.class),
            config.getOptionalValue("fulian.crypto.active-key", String.class).orElse(null));
    cached = c;
    cachedFor = config;
    return c;
  }

  public String activeKeyId() {
    return activeKeyId;
  }

  /** Encrypts with the active key; null stays null. */
  public String encrypt(String plain, String column) {
    if (plain == null) {
      return null;
    }
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(column.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
      return PREFIX + activeKeyId + ":" + Base64.getEncoder().withoutPadding().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  /** Decrypts a stored value; a value without the prefix is legacy plain text. */
  public String decrypt(String stored, String column) {
    if (stored == null || !stored.startsWith(PREFIX)) {
      return stored;
    }
    int colon = stored.indexOf(':', PREFIX.length());
    if (colon < 0) {
      throw new IllegalStateException("Malformed encrypted value in " + column);
    }
    String keyId = stored.substring(PREFIX.length(), colon);
    SecretKey key = keys.get(keyId);
    if (key == null) {
      throw new IllegalStateException(
          "Value in " + column + " is encrypted with key " + keyId + ", which is not in the ring");
    }
    try {
      byte[] in = Base64.getDecoder().decode(stored.substring(colon + 1));
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
      cipher.updateAAD(column.getBytes(StandardCharsets.UTF_8));
      byte[] plain = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("Cannot decrypt a value in " + column, e);
    }
  }

  /** True when a stored value is plain text or under an older key: the re-encryption job's work. */
  public boolean needsReencryption(String stored) {
    return stored != null && !stored.startsWith(PREFIX + activeKeyId + ":");
  }
}
