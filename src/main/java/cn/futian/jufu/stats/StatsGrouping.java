package cn.futian.jufu.stats;

import cn.futian.jufu.common.error.DomainException;
import java.util.Locale;

/** How the figures are broken down ({@code groupBy}). */
enum StatsGrouping {
  /** By event kind (鹊巢交友, 家庭幸福汇, ...). */
  KIND,
  /** By course category of the family-happiness courses; other events fall under NONE. */
  CATEGORY,
  /** By the street (街道) above the owning unit; district-owned events under the district. */
  STREET,
  /** By the community (社区) above the owning unit; events owned higher up under that unit. */
  COMMUNITY,
  /** By the month (Shanghai time) in which a session starts; empty months are included. */
  MONTH;

  /** The values {@code groupBy} accepts, as a regular expression for the contract. */
  static final String PATTERN = "kind|category|street|community|month";

  static StatsGrouping of(String text) {
    if (text == null) {
      return KIND;
    }
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw DomainException.invalid("groupBy", "group-by");
    }
  }

  String param() {
    return name().toLowerCase(Locale.ROOT);
  }
}
