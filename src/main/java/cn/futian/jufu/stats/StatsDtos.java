package cn.futian.jufu.stats;

import cn.futian.jufu.orgunits.OrgUnitKind;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What {@code GET /stats} answers: totals and one entry per group, ready for a chart. */
public final class StatsDtos {

  private StatsDtos() {}

  /** The unit whose subtree was counted. */
  @Schema(name = "StatsUnit")
  public record UnitRef(
      long id,
      @Schema(examples = "FT-01") String code,
      @Schema(examples = "园岭街道妇联") String nameZh,
      OrgUnitKind kind) {}

  /**
   * The five figures, for the totals and for every group.
   *
   * @param events distinct events (not cancelled) with at least one counted session
   * @param sessions sessions (not cancelled) starting in the range
   * @param signUps registrations of those sessions that are CONFIRMED now or were checked in (an
   *     attendance row exists), counted once each whatever the seats they hold
   * @param personTimes 人次: the persons checked in, summed over attendance rows (children included)
   * @param distinctPeople different members among the attendance rows (children not counted)
   */
  @Schema(name = "StatsFigures")
  public record Figures(
      @Schema(description = "Distinct events, not cancelled, with a session in the range")
          long events,
      @Schema(description = "Sessions, not cancelled, starting in the range (Shanghai dates)")
          long sessions,
      @Schema(
              description =
                  "Registrations CONFIRMED now or checked in (one per registration, whatever its"
                      + " seats)")
          long signUps,
      @Schema(description = "人次: persons checked in, children included") long personTimes,
      @Schema(description = "Different members checked in (children are not members)")
          long distinctPeople) {

    static final Figures ZERO = new Figures(0, 0, 0, 0, 0);
  }

  /** One bar of a chart: a kind, a category, a street, a community or a month. */
  @Schema(name = "StatsGroup")
  public record Group(
      @Schema(
              description =
                  "MATCHMAKING (kind), MARRIAGE_FAMILY or NONE (category), FT-01 (street,"
                      + " community), 2025-03 (month)",
              examples = "MATCHMAKING")
          String key,
      @Schema(description = "Chinese label for the chart", examples = "鹊巢交友") String label,
      @Schema(description = "The unit, for street and community groups (to drill down)")
          Long unitId,
      long events,
      long sessions,
      long signUps,
      long personTimes,
      long distinctPeople) {

    static Group of(String key, String label, Long unitId, Figures f) {
      return new Group(
          key,
          label,
          unitId,
          f.events(),
          f.sessions(),
          f.signUps(),
          f.personTimes(),
          f.distinctPeople());
    }
  }

  /**
   * The answer. Group figures add up to the totals for sessions, sign-ups and person-times; events
   * add up too except by month (an event with sessions in two months counts in both); distinct
   * people do not add up (one member may attend several kinds).
   */
  @Schema(name = "StatsReport")
  public record StatsReport(
      LocalDate from,
      LocalDate to,
      @Schema(examples = "kind") String groupBy,
      UnitRef unit,
      Figures totals,
      List<Group> groups) {}
}
