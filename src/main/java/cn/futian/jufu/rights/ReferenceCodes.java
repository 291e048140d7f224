package cn.futian.jufu.rights;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The reference code of a help request: 12 characters of an alphabet without look-alikes (no 0/O,
 * 1/I/L), about 59 bits, written in three groups ({@code K7QM-2XHP-9RDA}). Only its SHA-256 is
 * looked up; a code is random enough that the hash needs no key.
 */
final class ReferenceCodes {

  static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  private static final SecureRandom RANDOM = new SecureRandom();

  private ReferenceCodes() {}

  static String next() {
    StringBuilder code = new StringBuilder(14);
    for (int i = 0; i < 12; i++) {
      if (i > 0 && i % 4 == 0) {
        code.append('-');
      }
      code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return code.toString();
  }

  /**
   * The code as typed (any case, with or without dashes and spaces) in its canonical form, or null
   * when it cannot be a code.
   */
  static String normalise(String typed) {
    if (typed == null) {
      return null;
    }
    String plain = typed.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    if (plain.length() != 12 || !plain.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0)) {
      return null;
    }
    return plain.substring(0, 4) + "-" + plain.substring(4, 8) + "-" + plain.substring(8);
  }

  /** The hex SHA-256 of a canonical code. */
  static String hash(String canonical) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
