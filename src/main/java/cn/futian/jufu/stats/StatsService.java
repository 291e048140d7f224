package cn.futian.jufu.stats;

import cn.futian.jufu.cadres.AccessPolicy;
import cn.futian.jufu.cadres.CadreService;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.time.Times;
import cn.futian.jufu.events.CourseCategory;
import cn.futian.jufu.events.EventKind;
import cn.futian.jufu.orgunits.OrgUnitService;
import cn.futian.jufu.orgunits.OrgUnitView;
import cn.futian.jufu.stats.StatsDtos.Figures;
import cn.futian.jufu.stats.StatsDtos.Group;
import cn.futian.jufu.stats.StatsDtos.StatsReport;
import cn.futian.jufu.stats.StatsDtos.UnitRef;
import io.quarkus.cache.CacheResult;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Statistics for the year-end summary: admins for any unit (the district by default), cadres for
 * the units they manage (their first appointment by default), residents not at all.
 */
@ApplicationScoped
public class StatsService {

  /** The district's code in the seeded tree: an admin's default scope. */
  static final String DISTRICT_CODE = "FT";

  private final StatsRepository stats;
  private final AccessPolicy policy;
  private final CadreService cadres;
  private final OrgUnitService orgUnits;

  StatsService(
      StatsRepository stats, AccessPolicy policy, CadreService cadres, OrgUnitService orgUnits) {
    this.stats = stats;
    this.policy = policy;
    this.cadres = cadres;
    this.orgUnits = orgUnits;
  }

  /**
   * The report of one calendar year for a unit's subtree, grouped by {@code groupBy}: what the
   * console's dashboard draws. The caller's right to the unit is checked on every call; the figures
   * themselves are kept for a minute per unit, year and grouping (cache {@value #YEAR_CACHE},
   * application.properties), since each grouping costs two aggregate queries over the year (totals
   * and groups). The API's {@code GET /stats} always counts afresh.
   */
  public Uni<StatsReport> yearReport(CurrentUser user, int year, long unitId, String groupBy) {
    return policy
        .requireManage(user, unitId)
        .chain(() -> cachedYear(unitId, year, StatsGrouping.of(groupBy).param()));
  }

  static final String YEAR_CACHE = "stats-year";

  @CacheResult(cacheName = YEAR_CACHE)
  @WithSession
  Uni<StatsReport> cachedYear(long unitId, int year, String groupBy) {
    StatsQuery q =
        StatsQuery.of(
            year + "-01-01", year + "-12-31", unitId, groupBy, null, LocalDate.now(Times.ZONE));
    return orgUnits.get(unitId).chain(unit -> compute(unit, q));
  }

  @WithSession
  public Uni<StatsReport> report(CurrentUser user, StatsQuery q) {
    return scope(user, q.unitId())
        .call(unit -> policy.requireManage(user, unit.id()))
        .chain(unit -> compute(unit, q));
  }

  /** The figures of a unit's subtree for a query: its totals and its groups. */
  private Uni<StatsReport> compute(OrgUnitView unit, StatsQuery q) {
    return stats
        .figures(unit.id(), q, null)
        .map(all -> all.getOrDefault("ALL", Figures.ZERO))
        .chain(
            totals ->
                stats
                    .figures(unit.id(), q, q.groupBy())
                    .chain(byKey -> groups(q, byKey))
                    .map(
                        groups ->
                            new StatsReport(
                                q.from(),
                                q.to(),
                                q.groupBy().param(),
                                new UnitRef(unit.id(), unit.code(), unit.nameZh(), unit.kind()),
                                totals,
                                groups)));
  }

  /** The unit asked for (404 if unknown), else the caller's default scope (403 if none). */
  private Uni<OrgUnitView> scope(CurrentUser user, Long unitId) {
    if (unitId != null) {
      return orgUnits.get(unitId);
    }
    if (user.isAdmin()) {
      return orgUnits
          .idsOf(List.of(DISTRICT_CODE))
          .chain(
              ids -> {
                if (ids.isEmpty()) {
                  throw DomainException.notFound("org-unit", DISTRICT_CODE);
                }
                return orgUnits.get(ids.get(0));
              });
    }
    return cadres
        .activeUnitIds(user.subject())
        .chain(
            ids -> {
              if (ids.isEmpty()) {
                throw DomainException.forbidden("stats.no-scope");
              }
              return orgUnits.get(ids.get(0));
            });
  }

  private Uni<List<Group>> groups(StatsQuery q, Map<String, Figures> byKey) {
    return switch (q.groupBy()) {
      case KIND -> Uni.createFrom().item(byEnum(byKey, EventKind.class, StatsLabels::kind));
      case CATEGORY -> Uni.createFrom().item(byCategory(byKey));
      case MONTH -> Uni.createFrom().item(byMonth(q, byKey));
      case STREET, COMMUNITY -> byUnit(byKey);
    };
  }

  private static <E extends Enum<E>> List<Group> byEnum(
      Map<String, Figures> byKey, Class<E> type, Function<E, String> label) {
    List<Group> groups = new ArrayList<>();
    for (E value : type.getEnumConstants()) {
      Figures f = byKey.get(value.name());
      if (f != null) {
        groups.add(Group.of(value.name(), label.apply(value), null, f));
      }
    }
    return groups;
  }

  private static List<Group> byCategory(Map<String, Figures> byKey) {
    List<Group> groups = byEnum(byKey, CourseCategory.class, StatsLabels::category);
    Figures none = byKey.get(StatsLabels.NO_CATEGORY);
    if (none != null) {
      groups = new ArrayList<>(groups);
      groups.add(Group.of(StatsLabels.NO_CATEGORY, StatsLabels.noCategory(), null, none));
    }
    return groups;
  }

  /** Every month of the range, empty ones included, so that a chart's axis has no gaps. */
  private static List<Group> byMonth(StatsQuery q, Map<String, Figures> byKey) {
    List<Group> groups = new ArrayList<>();
    YearMonth last = YearMonth.from(q.to());
    for (YearMonth m = YearMonth.from(q.from()); !m.isAfter(last); m = m.plusMonths(1)) {
      String key = m.toString();
      groups.add(
          Group.of(key, StatsLabels.month(key), null, byKey.getOrDefault(key, Figures.ZERO)));
    }
    return groups;
  }

  /** Street and community keys are unit ids: shown as the unit's code and name, in code order. */
  private Uni<List<Group>> byUnit(Map<String, Figures> byKey) {
    List<Long> ids = byKey.keySet().stream().map(Long::valueOf).toList();
    return orgUnits
        .byIds(ids)
        .map(
            units -> {
              Map<Long, OrgUnitView> byId =
                  units.stream().collect(Collectors.toMap(OrgUnitView::id, u -> u));
              return ids.stream()
                  .map(byId::get)
                  .sorted(Comparator.comparing(OrgUnitView::code))
                  .map(
                      u ->
                          Group.of(u.code(), u.nameZh(), u.id(), byKey.get(String.valueOf(u.id()))))
                  .toList();
            });
  }
}
