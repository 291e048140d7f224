package cn.futian.jufu.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A lottery session's commit-reveal seed (ADR 0007): made secret when the session is created, its
 * commitment public from then on, revealed with the draw (registrations/lottery/LotteryDraw).
 */
public final class LotterySeed {

  private static final Pattern SEED = Pattern.compile("[0-9a-f]{64}");
  private static final HexFormat HEX = HexFormat.of();
  private static final SecureRandom RANDOM = new SecureRandom();

  private LotterySeed() {}

  /** A new seed: 32 random bytes from {@link SecureRandom}, as 64 lower-case hex characters. */
  public static String newSeed() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return HEX.formatHex(bytes);
  }

  /**
   * The commitment published before the application window closes: SHA-256 of the seed's UTF-8
   * bytes, as lower-case hex.
   */
  public static String commitment(String seed) {
    requireSeed(seed);
    return HEX.formatHex(sha256(seed.getBytes(StandardCharsets.UTF_8)));
  }

  /** Whether a revealed seed is well-formed and hashes to the published commitment. */
  public static boolean matches(String seed, String commitment) {
    if (seed == null || commitment == null || !SEED.matcher(seed).matches()) {
      return false;
    }
    byte[] expected = commitment(seed).getBytes(StandardCharsets.US_ASCII);
    byte[] actual = commitment.getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, actual);
  }

  /** Refuses anything but 64 lower-case hex characters. */
  public static void requireSeed(String seed) {
    if (seed == null || !SEED.matcher(seed).matches()) {
      throw new IllegalArgumentException("seed must be 64 lower-case hex characters");
    }
  }

  private static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
