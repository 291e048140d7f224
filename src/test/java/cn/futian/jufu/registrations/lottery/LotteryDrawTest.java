package cn.futian.jufu.registrations.lottery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import cn.futian.jufu.events.LotterySeed;
import cn.futian.jufu.registrations.lottery.LotteryDraw.Entry;
import cn.futian.jufu.registrations.lottery.LotteryDraw.Ranked;
import cn.futian.jufu.registrations.lottery.LotteryDraw.Result;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LotteryDrawTest {

  private static final String SEED =
      "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

  /** A deterministic seed per counter value, so statistical tests are not flaky. */
  private static String seed(int counter) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(("lottery-test-" + counter).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Entry> singles(int count) {
    return LongStream.rangeClosed(1, count).mapToObj(id -> new Entry(id, "ANY", 1, 1.0)).toList();
  }

  private static List<Long> order(Result result) {
    return result.ranking().stream().map(Ranked::registrationId).toList();
  }

  @Test
  void goldenDrawMatchesIndependentPythonComputation() {
    // Expected values computed with the Python snippet in
    // docs/adr/0007-fair-reproducible-lottery.md.
    List<Entry> entries =
        List.of(
            new Entry(101, "ANY", 1, 1.0),
            new Entry(102, "ANY", 3, 2.0),
            new Entry(103, "ANY", 1, 0.5),
            new Entry(104, "ANY", 2, 1.0),
            new Entry(105, "ANY", 1, 1.0));

    Result result = LotteryDraw.draw(SEED, entries, Map.of("ANY", 3));

    assertThat(LotterySeed.commitment(SEED))
        .isEqualTo("2a8abfa8cb9906290437854193ca6bca41d4d4e26d1d454bd66a35158095e737");
    assertThat(order(result)).containsExactly(105L, 102L, 103L, 104L, 101L);
    assertThat(result.ranking()).extracting(Ranked::rank).containsExactly(1, 2, 3, 4, 5);
    double[] keys = {
      -0.004852601119320158,
      -0.03434277710630402,
      -0.4882696362671616,
      -0.6412259543663835,
      -3.7109727876413716
    };
    for (int i = 0; i < keys.length; i++) {
      assertThat(result.ranking().get(i).key()).isCloseTo(keys[i], within(1e-12));
    }
    // 105 takes 1 seat; family entry 102 (3 seats) no longer fits, yet 103 and 101 still do.
    assertThat(result.winners()).containsExactly(105L, 103L, 101L);
    assertThat(result.waitlist()).containsExactly(102L, 104L);
    assertThat(result.ranking())
        .extracting(Ranked::winner)
        .containsExactly(true, false, true, false, true);
  }

  @Test
  void sameSeedAndEntriesGiveSameResultWhateverTheInputOrder() {
    List<Entry> entries = new ArrayList<>();
    for (long id = 1; id <= 60; id++) {
      entries.add(
          new Entry(
              id, id % 3 == 0 ? "FEMALE" : "ANY", 1 + (int) (id % 4), id % 5 == 0 ? 2.0 : 1.0));
    }
    Map<String, Integer> capacity = Map.of("ANY", 30, "FEMALE", 10);
    Result first = LotteryDraw.draw(SEED, entries, capacity);

    List<Entry> shuffled = new ArrayList<>(entries);
    Collections.shuffle(shuffled, new Random(42));
    assertThat(shuffled).isNotEqualTo(entries);
    Result second = LotteryDraw.draw(SEED, shuffled, capacity);
    Result third = LotteryDraw.draw(SEED, entries, capacity);

    assertThat(second).isEqualTo(first);
    assertThat(third).isEqualTo(first);
    assertThat(first.winners()).isNotEmpty();
    assertThat(first.waitlist()).isNotEmpty();
  }

  @Test
  void anotherSeedGivesAnotherOrder() {
    List<Entry> entries = singles(200);
    List<Long> a = order(LotteryDraw.draw(seed(1), entries, Map.of("ANY", 50)));
    List<Long> b = order(LotteryDraw.draw(seed(2), entries, Map.of("ANY", 50)));
    assertThat(b).isNotEqualTo(a).containsExactlyInAnyOrderElementsOf(a);
    // Not just a small perturbation: the first places differ substantially.
    Set<Long> overlap = new HashSet<>(a.subList(0, 50));
    overlap.retainAll(b.subList(0, 50));
    assertThat(overlap.size()).isLessThan(30);
    // And the order is not simply the id order.
    assertThat(a).isNotEqualTo(LongStream.rangeClosed(1, 200).boxed().toList());
  }

  @Test
  void freshSeedsAreHexAndDistinct() {
    String a = LotterySeed.newSeed();
    String b = LotterySeed.newSeed();
    assertThat(a).matches("[0-9a-f]{64}");
    assertThat(b).matches("[0-9a-f]{64}").isNotEqualTo(a);
  }

  @Test
  void commitmentMatchesOnlyItsSeed() {
    String seed = LotterySeed.newSeed();
    String commitment = LotterySeed.commitment(seed);
    assertThat(commitment).matches("[0-9a-f]{64}").isNotEqualTo(seed);
    assertThat(LotterySeed.matches(seed, commitment)).isTrue();
    assertThat(LotterySeed.matches(LotterySeed.newSeed(), commitment)).isFalse();
    assertThat(LotterySeed.matches(seed, LotterySeed.commitment(LotterySeed.newSeed()))).isFalse();
    assertThat(LotterySeed.matches(seed, commitment.toUpperCase())).isFalse();
    assertThat(LotterySeed.matches("not a seed", commitment)).isFalse();
    assertThat(LotterySeed.matches(null, commitment)).isFalse();
    assertThat(LotterySeed.matches(seed, null)).isFalse();
  }

  @Test
  void capacityIsFilledExactlyAndNeverExceeded() {
    for (int counter = 0; counter < 50; counter++) {
      List<Entry> entries = new ArrayList<>();
      for (long id = 1; id <= 40; id++) {
        entries.add(new Entry(id, "ANY", 1 + (int) (id * 7 % 4), 1.0));
      }
      Result result = LotteryDraw.draw(seed(counter), entries, Map.of("ANY", 17));
      int seatsWon =
          entries.stream()
              .filter(e -> result.winners().contains(e.registrationId()))
              .mapToInt(Entry::seats)
              .sum();
      // Single-seat entries are plentiful, so first-fit always fills the pool to the last seat.
      assertThat(seatsWon).isEqualTo(17);
    }
    Result singles = LotteryDraw.draw(SEED, singles(10), Map.of("ANY", 4));
    assertThat(singles.winners())
        .hasSize(4)
        .containsExactlyElementsOf(order(singles).subList(0, 4));
    assertThat(singles.waitlist()).containsExactlyElementsOf(order(singles).subList(4, 10));
  }

  @Test
  void familyEntryThatDoesNotFitDoesNotBlockSmallerEntries() {
    // Weights 1e20 apart force the drawn order whatever the seed: |ln u| lies in [1e-16, 37].
    List<Entry> entries =
        List.of(
            new Entry(1, "ANY", 1, 1e40),
            new Entry(2, "ANY", 3, 1e20),
            new Entry(3, "ANY", 1, 1.0),
            new Entry(4, "ANY", 2, 1e-20),
            new Entry(5, "ANY", 1, 1e-40));
    for (int counter = 0; counter < 20; counter++) {
      Result result = LotteryDraw.draw(seed(counter), entries, Map.of("ANY", 3));
      assertThat(order(result)).containsExactly(1L, 2L, 3L, 4L, 5L);
      // 1 takes a seat; the family of 3 no longer fits but does not block 3 and 5 behind it.
      assertThat(result.winners()).containsExactly(1L, 3L, 5L);
      assertThat(result.waitlist()).containsExactly(2L, 4L);
    }
  }

  @Test
  void firstFitHoldsForRandomMixesOfFamiliesAndSingles() {
    List<Entry> entries = new ArrayList<>();
    for (long id = 1; id <= 30; id++) {
      entries.add(new Entry(id, "ANY", id % 3 == 0 ? 4 : 1, 1.0));
    }
    boolean familySkippedBeforeASingleWon = false;
    for (int counter = 0; counter < 50; counter++) {
      Result result = LotteryDraw.draw(seed(counter), entries, Map.of("ANY", 6));
      // Replay first-fit by hand along the drawn order.
      int left = 6;
      boolean skipped = false;
      List<Long> expectedWinners = new ArrayList<>();
      for (Ranked ranked : result.ranking()) {
        int seats = ranked.registrationId() % 3 == 0 ? 4 : 1;
        boolean fits = seats <= left;
        if (fits) {
          left -= seats;
          expectedWinners.add(ranked.registrationId());
          familySkippedBeforeASingleWon |= skipped;
        } else {
          skipped = true;
        }
        assertThat(ranked.winner()).isEqualTo(fits);
      }
      assertThat(result.winners()).containsExactlyElementsOf(expectedWinners);
      assertThat(left).isZero();
    }
    assertThat(familySkippedBeforeASingleWon).isTrue();
  }

  @Test
  void bigFamilyFirstInOrderStillWinsWhenItFits() {
    List<Entry> entries = List.of(new Entry(1, "ANY", 10, 1.0), new Entry(2, "ANY", 1, 1.0));
    Result result = LotteryDraw.draw(SEED, entries, Map.of("ANY", 10));
    Long first = result.ranking().get(0).registrationId();
    assertThat(result.winners()).containsExactly(first);
  }

  @Test
  void genderPoolsAreAllocatedIndependently() {
    List<Entry> entries = new ArrayList<>();
    for (long id = 1; id <= 40; id++) {
      entries.add(new Entry(id, id <= 20 ? "FEMALE" : "MALE", 1, 1.0));
    }
    Result result = LotteryDraw.draw(SEED, entries, Map.of("FEMALE", 5, "MALE", 8));

    assertThat(result.winners().stream().filter(id -> id <= 20)).hasSize(5);
    assertThat(result.winners().stream().filter(id -> id > 20)).hasSize(8);
    // Within each pool, winners are exactly the first drawn of that pool.
    List<Long> female = order(result).stream().filter(id -> id <= 20).toList();
    List<Long> male = order(result).stream().filter(id -> id > 20).toList();
    assertThat(result.winners()).containsAll(female.subList(0, 5)).containsAll(male.subList(0, 8));
    // A pool without capacity wins nothing; a pool missing from the map has capacity 0.
    Result noMen = LotteryDraw.draw(SEED, entries, Map.of("FEMALE", 5));
    assertThat(noMen.winners()).hasSize(5).allMatch(id -> id <= 20);
    Result anyOnly = LotteryDraw.draw(SEED, entries, Map.of("ANY", 40));
    assertThat(anyOnly.winners()).isEmpty();
  }

  @Test
  void winnersAndWaitlistPartitionAllEntriesInDrawnOrder() {
    List<Entry> entries = new ArrayList<>();
    for (long id = 1000; id < 1100; id++) {
      String pool = id % 3 == 0 ? "ANY" : id % 3 == 1 ? "FEMALE" : "MALE";
      entries.add(new Entry(id, pool, 1 + (int) (id % 3), 1.0 + id % 4));
    }
    Result result = LotteryDraw.draw(SEED, entries, Map.of("ANY", 20, "FEMALE", 15, "MALE", 7));

    List<Long> all = new ArrayList<>(result.winners());
    all.addAll(result.waitlist());
    assertThat(all)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(entries.stream().map(Entry::registrationId).toList());
    List<Long> drawn = order(result);
    assertThat(drawn).doesNotHaveDuplicates().hasSize(100);
    assertThat(result.winners()).isSubsetOf(drawn);
    assertThat(drawn.stream().filter(result.winners()::contains).toList())
        .containsExactlyElementsOf(result.winners());
    assertThat(drawn.stream().filter(result.waitlist()::contains).toList())
        .containsExactlyElementsOf(result.waitlist());
    for (int i = 0; i < result.ranking().size(); i++) {
      Ranked ranked = result.ranking().get(i);
      assertThat(ranked.rank()).isEqualTo(i + 1);
      if (i > 0) {
        assertThat(ranked.key()).isLessThanOrEqualTo(result.ranking().get(i - 1).key());
      }
      assertThat(ranked.key()).isNegative();
    }
  }

  @Test
  void emptyDrawIsEmpty() {
    Result result = LotteryDraw.draw(SEED, List.of(), Map.of("ANY", 3));
    assertThat(result.winners()).isEmpty();
    assertThat(result.waitlist()).isEmpty();
    assertThat(result.ranking()).isEmpty();
  }

  @Test
  void doubleWeightWinsAboutTwoThirdsOfTheTime() {
    List<Entry> entries = List.of(new Entry(1, "ANY", 1, 2.0), new Entry(2, "ANY", 1, 1.0));
    int draws = 2000;
    int heavyWins = 0;
    for (int counter = 0; counter < draws; counter++) {
      Result result = LotteryDraw.draw(seed(counter), entries, Map.of("ANY", 1));
      assertThat(result.winners()).hasSize(1);
      if (result.winners().get(0) == 1L) {
        heavyWins++;
      }
    }
    assertThat((double) heavyWins / draws).isBetween(0.62, 0.71);
  }

  @Test
  void equalWeightsWinAboutEquallyOften() {
    List<Entry> entries = singles(4);
    int[] wins = new int[5];
    for (int counter = 0; counter < 2000; counter++) {
      wins[
          LotteryDraw.draw(seed(counter), entries, Map.of("ANY", 1)).winners().get(0).intValue()]++;
    }
    for (int id = 1; id <= 4; id++) {
      assertThat(wins[id]).isBetween(430, 570);
    }
  }

  @Test
  void invalidInputsAreRejected() {
    Map<String, Integer> capacity = Map.of("ANY", 5);
    List<Entry> ok = List.of(new Entry(1, "ANY", 1, 1.0));

    assertThatThrownBy(() -> LotteryDraw.draw(null, ok, capacity))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LotteryDraw.draw(SEED.substring(1), ok, capacity))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LotteryDraw.draw(SEED.toUpperCase(), ok, capacity))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LotteryDraw.draw("z" + SEED.substring(1), ok, capacity))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LotterySeed.commitment("abc"))
        .isInstanceOf(IllegalArgumentException.class);

    for (double weight :
        new double[] {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      assertThatThrownBy(
              () -> LotteryDraw.draw(SEED, List.of(new Entry(1, "ANY", 1, weight)), capacity))
          .as("weight %s", weight)
          .isInstanceOf(IllegalArgumentException.class);
    }
    for (int seats : new int[] {0, -1, 11}) {
      assertThatThrownBy(
              () -> LotteryDraw.draw(SEED, List.of(new Entry(1, "ANY", seats, 1.0)), capacity))
          .as("seats %s", seats)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(
            () ->
                LotteryDraw.draw(
                    SEED,
                    List.of(new Entry(1, "ANY", 1, 1.0), new Entry(1, "MALE", 1, 2.0)),
                    capacity))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duplicate");
    assertThatThrownBy(
            () -> LotteryDraw.draw(SEED, List.of(new Entry(1, "OTHER", 1, 1.0)), capacity))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LotteryDraw.draw(SEED, List.of(new Entry(1, null, 1, 1.0)), capacity))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LotteryDraw.draw(SEED, null, capacity))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LotteryDraw.draw(SEED, ok, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LotteryDraw.draw(SEED, ok, Map.of("ANY", -1)))
        .isInstanceOf(IllegalArgumentException.class);
    // Boundaries are accepted.
    assertThat(
            LotteryDraw.draw(
                    SEED,
                    List.of(new Entry(1, "ANY", 10, Double.MIN_VALUE), new Entry(2, "ANY", 1, 1e9)),
                    Map.of("ANY", 0))
                .waitlist())
        .hasSize(2);
  }

  @Test
  void weightsFollowThePolicy() {
    LotteryWeights.Policy p = LotteryWeights.DEFAULT;
    assertThat(LotteryWeights.weight(p, false, 0)).isEqualTo(1.0);
    assertThat(LotteryWeights.weight(p, true, 0)).isEqualTo(2.0);
    assertThat(LotteryWeights.weight(p, false, 1)).isEqualTo(0.5);
    assertThat(LotteryWeights.weight(p, false, 3)).isEqualTo(0.125);
    assertThat(LotteryWeights.weight(p, false, 7)).isEqualTo(0.125);
    assertThat(LotteryWeights.weight(p, true, 2)).isEqualTo(0.5);

    LotteryWeights.Policy custom = new LotteryWeights.Policy(3.0, 1.5, 0.8, 1);
    assertThat(LotteryWeights.weight(custom, true, 5)).isCloseTo(3.6, within(1e-12));

    assertThatThrownBy(() -> LotteryWeights.weight(p, false, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LotteryWeights.Policy(0, 2, 0.5, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LotteryWeights.Policy(1, 2, 0, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LotteryWeights.Policy(1, 2, 0.5, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
