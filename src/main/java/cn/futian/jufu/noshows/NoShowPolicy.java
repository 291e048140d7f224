package cn.futian.jufu.noshows;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What no-shows cost, per event kind ({@code fulian.no-shows.*}): after {@code threshold} no-shows
 * within {@code window}, no first-come sign-ups for {@code suspension} after the last one; in
 * lotteries each recent no-show multiplies the weight by the lottery factor (LotteryWeights). Kinds
 * without their own entry use the defaults.
 */
@ConfigMapping(prefix = "fulian.no-shows")
public interface NoShowPolicy {

  @WithDefault("3")
  int threshold();

  @WithDefault("180d")
  Duration window();

  @WithDefault("30d")
  Duration suspension();

  /** Overrides per kind, e.g. {@code fulian.no-shows.kinds.MATCHMAKING.threshold=2}. */
  Map<String, KindPolicy> kinds();

  /** One kind's overrides; a missing value keeps the default. */
  interface KindPolicy {
    Optional<Integer> threshold();

    Optional<Duration> window();

    Optional<Duration> suspension();
  }

  /** The effective rule for a kind. */
  record Rule(int threshold, Duration window, Duration suspension) {}

  default Rule ruleFor(String kind) {
    KindPolicy k = kinds().get(kind);
    return new Rule(
        k == null ? threshold() : k.threshold().orElse(threshold()),
        k == null ? window() : k.window().orElse(window()),
        k == null ? suspension() : k.suspension().orElse(suspension()));
  }
}
