package cn.futian.jufu.common.crypto;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Keyed hashes (HMAC-SHA256) of normalised identifiers, to find the rows of one person without
 * storing her number in clear (ADR 0021): equal inputs give equal hashes under one key, and without
 * the key a hash cannot be tested against a guessed number. The key is {@code
 * fulian.crypto.blind-key} (base64, 32 bytes); without one it is derived from the first key of the
 * field-encryption ring, which must then never leave the ring (rotating it away needs a re-index).
 */
public final class BlindIndex {

  private static final Pattern MOBILE =
      Pattern.compile("(?<![0-9])(?:\\+?86)?(1[3-9][0-9]{9})(?![0-9])");
  private static final Pattern ID_NUMBER = Pattern.compile("[0-9]{17}[0-9X]");

  private static volatile Config cachedFor;
  private static volatile BlindIndex cached;

  private final SecretKeySpec key;

  public BlindIndex(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("fulian.crypto.blind-key must be 32 bytes");
    }
    this.key = new SecretKeySpec(key, "HmacSHA256");
  }

  /** The index of the running application's configuration. */
  public static BlindIndex current() {
    Config config = ConfigProvider.getConfig();
    BlindIndex b = cached;
    if (b != null && cachedFor == config) {
      return b;
    }
    String configured =
        config.getOptionalValue("fulian.crypto.blind-key", String.class).orElse("").strip();
    if (!configured.isEmpty()) {
      b = new BlindIndex(Base64.getDecoder().decode(configured));
    } else {
      String ring = config.getValue("fulian.crypto.keys", String.class);
      String first = ring.split(",")[0].strip();
      byte[] ringKey = Base64.getDecoder().decode(first.substring(first.indexOf(':') + 1));
      b = new BlindIndex(Hmac.sha256(ringKey, "fulian blind index v1"));
    }
    cached = b;
    cachedFor = config;
    return b;
  }

  /** The hex hash of a normalised value of a kind ("phone", "id-number"); null for null. */
  public String of(String kind, String normalised) {
    if (normalised == null) {
      return null;
    }
    return HexFormat.of().formatHex(Hmac.sha256(key.getEncoded(), kind + ":" + normalised));
  }

  /** The first mainland mobile number in a text (11 digits, a +86 prefix dropped), or null. */
  public static String mobileIn(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = MOBILE.matcher(text.replaceAll("[\\s-]", ""));
    return m.find() ? m.group(1) : null;
  }

  /** A resident identity card number (18 characters, X upper case), or null when it is not one. */
  public static String idNumber(String text) {
    if (text == null) {
      return null;
    }
    String s = text.replaceAll("\\s", "").toUpperCase(Locale.ROOT);
    return ID_NUMBER.matcher(s).matches() ? s : null;
  }
}
