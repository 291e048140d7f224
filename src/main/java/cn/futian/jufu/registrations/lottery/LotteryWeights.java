package cn.futian.jufu.registrations.lottery;

/**
 * An application's lottery weight, from a small policy (ADR 0007).
 *
 * <p>The weight is computed once, when the application is made, and stored with it; a draw (and any
 * later re-run of it) uses the recorded weights, so changing the policy never changes a past draw.
 */
public final class LotteryWeights {

  /**
   * How weights are computed: {@code base × (firstTimer ? firstTimerFactor : 1) ×
   * noShowFactor^min(recentNoShows, maxNoShowsCounted)}.
   *
   * @param base the weight of an ordinary application (> 0)
   * @param firstTimerFactor multiplier for a resident who has never attended an event of this kind
   * @param noShowFactor multiplier per recent no-show, in (0, 1]
   * @param maxNoShowsCounted no-shows beyond this many are not counted (>= 0)
   */
  public record Policy(
      double base, double firstTimerFactor, double noShowFactor, int maxNoShowsCounted) {

    public Policy {
      if (!Double.isFinite(base) || base <= 0) {
        throw new IllegalArgumentException("base must be finite and > 0: " + base);
      }
      if (!Double.isFinite(firstTimerFactor) || firstTimerFactor <= 0) {
        throw new IllegalArgumentException(
            "firstTimerFactor must be finite and > 0: " + firstTimerFactor);
      }
      if (!(noShowFactor > 0 && noShowFactor <= 1)) {
        throw new IllegalArgumentException("noShowFactor must be in (0, 1]: " + noShowFactor);
      }
      if (maxNoShowsCounted < 0) {
        throw new IllegalArgumentException("maxNoShowsCounted must be >= 0: " + maxNoShowsCounted);
      }
    }
  }

  /**
   * The default policy: base 1, first-timers ×2, each recent no-show ×0.5, at most 3 counted.
   * Weights therefore range from 0.125 (3+ no-shows) to 2 (first-timer).
   */
  public static final Policy DEFAULT = new Policy(1.0, 2.0, 0.5, 3);

  private LotteryWeights() {}

  /** The weight of one application under {@code policy}. */
  public static double weight(Policy policy, boolean firstTimer, int recentNoShows) {
    if (policy == null) {
      throw new IllegalArgumentException("policy must not be null");
    }
    if (recentNoShows < 0) {
      throw new IllegalArgumentException("recentNoShows must be >= 0: " + recentNoShows);
    }
    double weight = policy.base() * (firstTimer ? policy.firstTimerFactor() : 1.0);
    int counted = Math.min(recentNoShows, policy.maxNoShowsCounted());
    return weight * Math.pow(policy.noShowFactor(), counted);
  }
}
