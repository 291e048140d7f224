package cn.futian.jufu.registrations.lottery;

import cn.futian.jufu.events.LotterySeed;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A fair, reproducible lottery with a commit-reveal seed (ADR 0007; the seed: {@link LotterySeed}).
 *
 * <p>The order is a weighted random permutation without replacement (Efraimidis–Spirakis): every
 * entry gets {@code key = ln(u) / weight}, where {@code u} in (0, 1) comes from HMAC-SHA256(seed,
 * registration id), and entries are drawn by key descending (ties: lower registration id first).
 * Seats are then allocated first-fit per pool along that order. Anyone holding the revealed seed,
 * the entries and their recorded weights can recompute the result.
 */
public final class LotteryDraw {

  /** The seat pools an entry may draw from. */
  static final Set<String> POOLS = Set.of("ANY", "FEMALE", "MALE");

  static final int MAX_SEATS = 10;

  private static final double TWO_POW_53 = 0x1p53;

  private LotteryDraw() {}

  /**
   * One application: its registration id, the seat pool it needs seats from ("ANY", "FEMALE" or
   * "MALE"), how many seats (1 + children for family entries, 1..10), and its weight (> 0).
   */
  public record Entry(long registrationId, String pool, int seats, double weight) {}

  /** An application's place in the draw: its key (higher first) and rank (1 = drawn first). */
  public record Ranked(long registrationId, double key, int rank, boolean winner) {}

  /** Winners and waitlist, each in drawn order; ranking has every entry in drawn order. */
  public record Result(List<Long> winners, List<Long> waitlist, List<Ranked> ranking) {}

  /**
   * Draws the lottery.
   *
   * @param seed the revealed seed, 64 lower-case hex characters
   * @param entries every application, in any order; registration ids must be unique
   * @param capacityByPool seats per pool; a pool missing from the map has capacity 0
   * @throws IllegalArgumentException if any input is invalid
   */
  public static Result draw(String seed, List<Entry> entries, Map<String, Integer> capacityByPool) {
    LotterySeed.requireSeed(seed);
    if (entries == null) {
      throw new IllegalArgumentException("entries must not be null");
    }
    if (capacityByPool == null) {
      throw new IllegalArgumentException("capacityByPool must not be null");
    }
    Map<String, Integer> remaining = new HashMap<>();
    capacityByPool.forEach(
        (pool, capacity) -> {
          if (pool == null || capacity == null || capacity < 0) {
            throw new IllegalArgumentException("invalid capacity " + pool + "=" + capacity);
          }
          remaining.put(pool, capacity);
        });
    Set<Long> ids = new HashSet<>();
    for (Entry entry : entries) {
      validate(entry);
      if (!ids.add(entry.registrationId())) {
        throw new IllegalArgumentException("duplicate registration id " + entry.registrationId());
      }
    }

    Mac mac = hmac(seed);
    record Keyed(Entry entry, double key) {}
    List<Keyed> order = new ArrayList<>(entries.size());
    for (Entry entry : entries) {
      order.add(new Keyed(entry, key(mac, entry)));
    }
    order.sort(
        Comparator.comparingDouble(Keyed::key)
            .reversed()
            .thenComparingLong(keyed -> keyed.entry().registrationId()));

    List<Long> winners = new ArrayList<>();
    List<Long> waitlist = new ArrayList<>();
    List<Ranked> ranking = new ArrayList<>(order.size());
    int rank = 0;
    for (Keyed keyed : order) {
      Entry entry = keyed.entry();
      int left = remaining.getOrDefault(entry.pool(), 0);
      boolean winner = entry.seats() <= left;
      if (winner) {
        remaining.put(entry.pool(), left - entry.seats());
        winners.add(entry.registrationId());
      } else {
        waitlist.add(entry.registrationId());
      }
      ranking.add(new Ranked(entry.registrationId(), keyed.key(), ++rank, winner));
    }
    return new Result(List.copyOf(winners), List.copyOf(waitlist), List.copyOf(ranking));
  }

  /** {@code ln(u) / weight}, u taken from the top 53 bits of HMAC-SHA256(seed, decimal id). */
  static double key(Mac mac, Entry entry) {
    byte[] h = mac.doFinal(Long.toString(entry.registrationId()).getBytes(StandardCharsets.UTF_8));
    long x = 0;
    for (int i = 0; i < 8; i++) {
      x = (x << 8) | (h[i] & 0xff);
    }
    double u = ((x >>> 11) + 0.5) / TWO_POW_53;
    return StrictMath.log(u) / entry.weight();
  }

  private static void validate(Entry entry) {
    if (entry == null) {
      throw new IllegalArgumentException("entry must not be null");
    }
    if (entry.pool() == null || !POOLS.contains(entry.pool())) {
      throw new IllegalArgumentException(
          "pool must be one of "
              + POOLS
              + ": "
              + entry.pool()
              + " ("
              + entry.registrationId()
              + ")");
    }
    if (entry.seats() < 1 || entry.seats() > MAX_SEATS) {
      throw new IllegalArgumentException(
          "seats must be 1.."
              + MAX_SEATS
              + ": "
              + entry.seats()
              + " ("
              + entry.registrationId()
              + ")");
    }
    if (!Double.isFinite(entry.weight()) || entry.weight() <= 0) {
      throw new IllegalArgumentException(
          "weight must be finite and > 0: " + entry.weight() + " (" + entry.registrationId() + ")");
    }
  }

  private static Mac hmac(String seed) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(seed.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
