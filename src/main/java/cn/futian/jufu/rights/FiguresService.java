package cn.futian.jufu.rights;

import cn.futian.jufu.audit.AuditEvent;
import cn.futian.jufu.audit.AuditLog;
import cn.futian.jufu.audit.AuditOutcome;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.time.Times;
import cn.futian.jufu.orgunits.OrgUnitService;
import cn.futian.jufu.orgunits.OrgUnitView;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The year's rights-protection figures, computed from the requests and cases (ADR 0023): contacts
 * by the annual report's headings, domestic violence, what triage made of them, cases, referrals,
 * orders, mediations and their settlement rate. De-identified totals only. Admins (district staff)
 * read the district's; a supervisor reads the units she supervises. Below the district, a count
 * between 1 and {@value #SUPPRESS_BELOW} - 1 is withheld (small cells can identify a woman in a
 * small community), and so is any share or rate built on one.
 */
@ApplicationScoped
public class FiguresService {

  static final int SUPPRESS_BELOW = 5;

  private static final Map<String, String> GROUP_LABELS =
      Map.of(
          "FAMILY", "婚姻家庭纠纷",
          "PERSONAL", "人身权益",
          "LABOUR", "劳动和社会保障",
          "OTHER", "其他");

  private final FiguresRepository figures;
  private final CaseAccess access;
  private final OrgUnitService orgUnits;
  private final AuditLog audit;

  FiguresService(
      FiguresRepository figures, CaseAccess access, OrgUnitService orgUnits, AuditLog audit) {
    this.figures = figures;
    this.access = access;
    this.orgUnits = orgUnits;
    this.audit = audit;
  }

  @Schema(name = "RightsFigureGroup")
  public record GroupCount(
      @Schema(enumeration = {"FAMILY", "PERSONAL", "LABOUR", "OTHER"}) String group,
      String labelZh,
      @Schema(description = "Null when withheld (small cell)") Long count,
      @Schema(description = "Per cent of the contacts, one decimal") BigDecimal share) {}

  @Schema(
      name = "RightsFigures",
      description =
          "De-identified totals. Below the district, counts from 1 to 4 are null and named in"
              + " suppressed.")
  public record FiguresView(
      LocalDate from,
      LocalDate to,
      long unitId,
      boolean districtLevel,
      @Schema(description = "Requests received, spam, pranks and duplicates left out")
          Long contacts,
      List<GroupCount> byReportGroup,
      Long domesticViolence,
      Long concernsMinor,
      Map<String, Long> byChannel,
      @Schema(description = "Contacts by month received (YYYY-MM, Shanghai time)")
          Map<String, Long> byMonth,
      @Schema(
              description =
                  "Contacts by the units one level below (the streets for the district); the unit"
                      + " itself for contacts filed at it, no unit for requests without one")
          List<UnitCount> byUnit,
      ResponseTimes response,
      Counselling marriageCounselling,
      @Schema(description = "Triaged as nothing (spam, prank, duplicate)") Long triagedNothing,
      Long consultations,
      Long information,
      Long casesOpened,
      Long casesClosed,
      Long referrals,
      Long ordersIssued,
      Long mediationsEnded,
      Long mediationsSettled,
      @Schema(description = "Settled ÷ ended, per cent, one decimal") BigDecimal settlementRate,
      @Schema(description = "Women on the difficulty register at the end of the range")
          Long registerWomen,
      Long registerChildren,
      @Schema(description = "Single-parent women on the register visited in the range")
          Long visitedSingleParentWomen,
      @Schema(description = "Children on the register visited in the range") Long visitedChildren,
      @Schema(description = "Visits in the range by mode: HOME, PHONE, OFFICE")
          Map<String, Long> visitsByMode,
      List<String> suppressed) {}

  @Schema(name = "RightsFigureUnit")
  public record UnitCount(
      @Schema(description = "Absent for requests filed without a unit") Long unitId,
      String code,
      String nameZh,
      @Schema(description = "Null when withheld (small cell)") Long count) {}

  @Schema(
      name = "RightsResponseTimes",
      description = "Triage stops the response clock (one hour for high risk)")
  public record ResponseTimes(
      Long answeredInTime,
      Long answeredLate,
      Long waiting,
      @Schema(description = "Median hours from receipt to triage, one decimal")
          BigDecimal medianHours) {}

  @Schema(name = "RightsCounselling")
  public record Counselling(
      @Schema(description = "Family requests answered on the spot") Long consultations,
      @Schema(description = "Family cases with counselling in the range") Long cases) {}

  @WithSession
  public Uni<FiguresView> figures(CurrentUser user, LocalDate from, LocalDate to, Long unitId) {
    if (to.isBefore(from)) {
      throw DomainException.invalid("to", "date-order");
    }
    if (from.plusYears(3).isBefore(to)) {
      throw DomainException.invalid("to", "stats-range", 3);
    }
    return target(user, unitId)
        .chain(t -> compute(from, to, t.unit(), t.district(), t.unitIds()))
        .call(
            v ->
                audit.record(
                    AuditEvent.by(user, "rights.figures-read", AuditOutcome.ALLOWED)
                        .withTarget("org_unit", v.unitId())
                        .withDetail(Map.of("from", from.toString(), "to", to.toString()))));
  }

  /** The unit whose figures are read, if the caller may: the district's, or a supervised one. */
  private record Target(OrgUnitView unit, boolean district, List<Long> unitIds) {}

  private Uni<Target> target(CurrentUser user, Long unitId) {
    return orgUnits
        .rootIds()
        .chain(
            roots ->
                access
                    .of(user)
                    .chain(
                        scope -> {
                          long unit = unitId != null ? unitId : defaultUnit(user, scope, roots);
                          boolean district = roots.contains(unit);
                          boolean allowed =
                              district && user.isAdmin()
                                  || scope.isSupervisor()
                                      && (district ? scope.district() : scope.supervises(unit));
                          if (!allowed) {
                            throw DomainException.forbidden("rights.figures-forbidden");
                          }
                          return orgUnits
                              .get(unit)
                              .chain(
                                  u ->
                                      (district
                                              ? Uni.createFrom().item(List.<Long>of())
                                              : orgUnits.subtreeIds(List.of(u.id())))
                                          .map(ids -> new Target(u, district, ids)));
                        }));
  }

  @Schema(
      name = "RegisterAnalysis",
      description =
          "The difficulty register on a day, by the annual report's dimensions; de-identified."
              + " Below the district, counts from 1 to 4 are null and named in suppressed.")
  public record RegisterAnalysis(
      LocalDate on,
      long unitId,
      boolean districtLevel,
      @Schema(description = "Confirmed, not exited") Long women,
      Long children,
      @Schema(description = "Mothers on the register with at least one child on it")
          Long households,
      @Schema(description = "ACTIVE and IMPROVING") Map<String, Long> byStatus,
      @Schema(
              description =
                  "Women: UNDER_30, 30_39, 40_49, 50_59, 60_PLUS; children: CHILD_0_5, CHILD_6_11,"
                      + " CHILD_12_17; UNKNOWN without a birth year")
          Map<String, Long> byAgeBand,
      Map<String, Long> byEducation,
      Map<String, Long> byIncomeBand,
      @Schema(description = "Entries per situation (an entry may have several)")
          Map<String, Long> bySituation,
      List<UnitCount> byUnit,
      @Schema(description = "Visits due before the day, not made") Long visitsOverdue,
      @Schema(description = "Reviews due before the day") Long reviewsOverdue,
      List<String> suppressed) {}

  /** The register today, by age, education, income, situation, status and unit (ADR 0025). */
  @WithSession
  public Uni<RegisterAnalysis> register(CurrentUser user, Long unitId) {
    LocalDate on = LocalDate.now(Times.ZONE);
    return target(user, unitId)
        .chain(
            t ->
                figures
                    .register(
                        new FiguresRepository.Scope(t.district(), t.unitIds()),
                        t.unit().id(),
                        t.unit().depth() + 3,
                        on)
                    .chain(
                        cells ->
                            orgUnits
                                .byIds(unitIdsOf(cells.getOrDefault("unit", Map.of())))
                                .map(units -> analysis(on, t, cells, units))))
        .call(
            v ->
                audit.record(
                    AuditEvent.by(user, "rights.register-analysis-read", AuditOutcome.ALLOWED)
                        .withTarget("org_unit", v.unitId())));
  }

  private static RegisterAnalysis analysis(
      LocalDate on, Target t, Map<String, Map<String, Long>> cells, List<OrgUnitView> units) {
    List<String> suppressed = new ArrayList<>();
    Cells c = new Cells(t.district(), suppressed);
    Map<String, Long> totals = cells.getOrDefault("total", Map.of());
    Map<Long, OrgUnitView> unitById = new LinkedHashMap<>();
    units.forEach(u -> unitById.put(u.id(), u));
    List<UnitCount> byUnit = new ArrayList<>();
    cells
        .getOrDefault("unit", Map.of())
        .forEach(
            (k, n) -> {
              OrgUnitView u = unitById.get(Long.valueOf(k));
              byUnit.add(
                  new UnitCount(
                      u == null ? null : u.id(),
                      u == null ? null : u.code(),
                      u == null ? null : u.nameZh(),
                      c.count("byUnit." + k, n)));
            });
    return new RegisterAnalysis(
        on,
        t.unit().id(),
        t.district(),
        c.count("women", totals.getOrDefault("WOMAN", 0L)),
        c.count("children", totals.getOrDefault("CHILD", 0L)),
        c.count("households", totals.getOrDefault("HOUSEHOLDS", 0L)),
        c.map("byStatus", cells.get("status")),
        c.map("byAgeBand", cells.get("age")),
        c.map("byEducation", cells.get("education")),
        c.map("byIncomeBand", cells.get("income")),
        c.map("bySituation", cells.get("situation")),
        byUnit,
        c.count("visitsOverdue", totals.getOrDefault("VISITS_OVERDUE", 0L)),
        c.count("reviewsOverdue", totals.getOrDefault("REVIEWS_OVERDUE", 0L)),
        List.copyOf(suppressed));
  }

  private static long defaultUnit(CurrentUser user, CaseAccess.Scope scope, List<Long> roots) {
    if (user.isAdmin() || scope.district()) {
      return roots.isEmpty() ? 0 : roots.get(0);
    }
    // A supervisor below the district: the smallest unit id she supervises is one of her seats.
    return scope.supervisedUnits().stream()
        .min(Long::compare)
        .orElseThrow(() -> DomainException.forbidden("rights.figures-forbidden"));
  }

  private Uni<FiguresView> compute(
      LocalDate from, LocalDate to, OrgUnitView unit, boolean district, List<Long> unitIds) {
    FiguresRepository.Scope scope = new FiguresRepository.Scope(district, unitIds);
    OffsetDateTime start = from.atStartOfDay(Times.ZONE).toOffsetDateTime();
    OffsetDateTime end = to.plusDays(1).atStartOfDay(Times.ZONE).toOffsetDateTime();
    Parts parts = new Parts();
    // Paths are "/district/street/community/": the level below a unit of depth d is part d + 3.
    return figures
        .requests(scope, start, end)
        .invoke(r -> parts.requests = r)
        .chain(() -> figures.casework(scope, start, end, from, to.plusDays(1)))
        .invoke(c -> parts.casework = c)
        .chain(() -> figures.spread(scope, unit.id(), unit.depth() + 3, start, end))
        .invoke(x -> parts.spread = x)
        .chain(() -> figures.response(scope, start, end))
        .invoke(x -> parts.response = x)
        .chain(() -> figures.counselling(scope, start, end))
        .invoke(x -> parts.counselling = x)
        .chain(() -> figures.visitsByMode(scope, from, to.plusDays(1)))
        .invoke(x -> parts.visits = x)
        .chain(() -> orgUnits.byIds(unitIdsOf(parts.spread.byUnit())))
        .map(units -> view(from, to, unit.id(), district, parts, units));
  }

  /** What the statements returned, gathered for the view. */
  private static final class Parts {
    FiguresRepository.Requests requests;
    FiguresRepository.Casework casework;
    FiguresRepository.Spread spread;
    FiguresRepository.Response response;
    FiguresRepository.Counselling counselling;
    Map<String, Long> visits;
  }

  private static List<Long> unitIdsOf(Map<String, Long> byUnit) {
    return byUnit.keySet().stream().filter(k -> !"NONE".equals(k)).map(Long::valueOf).toList();
  }

  private static FiguresView view(
      LocalDate from,
      LocalDate to,
      long unit,
      boolean district,
      Parts parts,
      List<OrgUnitView> units) {
    FiguresRepository.Requests r = parts.requests;
    FiguresRepository.Casework c = parts.casework;
    List<String> suppressed = new ArrayList<>();
    Cells cells = new Cells(district, suppressed);
    Long contacts = cells.count("contacts", r.contacts());
    List<GroupCount> groups = new ArrayList<>();
    for (String g : List.of("FAMILY", "PERSONAL", "LABOUR", "OTHER")) {
      Long n = cells.count("byReportGroup." + g, r.byGroup().getOrDefault(g, 0L));
      groups.add(
          new GroupCount(
              g,
              GROUP_LABELS.get(g),
              n,
              contacts == null || n == null ? null : percent(n, contacts)));
    }
    Map<String, Long> channels = new LinkedHashMap<>();
    for (String ch : List.of("MINI_APP", "PHONE", "VISIT", "REFERRAL")) {
      channels.put(ch, cells.count("byChannel." + ch, r.byChannel().getOrDefault(ch, 0L)));
    }
    Map<String, Long> months = new LinkedHashMap<>();
    parts.spread.byMonth().forEach((m, n) -> months.put(m, cells.count("byMonth." + m, n)));
    Map<Long, OrgUnitView> unitById = new LinkedHashMap<>();
    units.forEach(u -> unitById.put(u.id(), u));
    List<UnitCount> byUnit = new ArrayList<>();
    parts
        .spread
        .byUnit()
        .forEach(
            (k, n) -> {
              OrgUnitView u = "NONE".equals(k) ? null : unitById.get(Long.valueOf(k));
              byUnit.add(
                  new UnitCount(
                      u == null ? null : u.id(),
                      u == null ? null : u.code(),
                      u == null ? "未指定单位" : u.nameZh(),
                      cells.count("byUnit." + k, n)));
            });
    FiguresRepository.Response rt = parts.response;
    Long inTime = cells.count("response.answeredInTime", rt.inTime());
    Long late = cells.count("response.answeredLate", rt.late());
    ResponseTimes response =
        new ResponseTimes(
            inTime,
            late,
            cells.count("response.waiting", rt.waiting()),
            rt.medianHours() == null || contacts == null
                ? null
                : BigDecimal.valueOf(rt.medianHours()).setScale(1, RoundingMode.HALF_UP));
    Counselling counselling =
        new Counselling(
            cells.count("marriageCounselling.consultations", parts.counselling.consultations()),
            cells.count("marriageCounselling.cases", parts.counselling.cases()));
    Map<String, Long> visits = new LinkedHashMap<>();
    for (String mode : List.of("HOME", "PHONE", "OFFICE")) {
      visits.put(mode, cells.count("visitsByMode." + mode, parts.visits.getOrDefault(mode, 0L)));
    }
    Long ended = cells.count("mediationsEnded", c.mediationsEnded());
    Long settled = cells.count("mediationsSettled", c.mediationsSettled());
    return new FiguresView(
        from,
        to,
        unit,
        district,
        contacts,
        groups,
        cells.count("domesticViolence", r.domesticViolence()),
        cells.count("concernsMinor", r.concernsMinor()),
        channels,
        months,
        byUnit,
        response,
        counselling,
        cells.count("triagedNothing", r.nothing()),
        cells.count("consultations", r.consultations()),
        cells.count("information", r.information()),
        cells.count("casesOpened", c.casesOpened()),
        cells.count("casesClosed", c.casesClosed()),
        cells.count("referrals", c.referrals()),
        cells.count("ordersIssued", c.ordersIssued()),
        ended,
        settled,
        ended == null || settled == null || ended == 0 ? null : percent(settled, ended),
        cells.count("registerWomen", c.registerWomen()),
        cells.count("registerChildren", c.registerChildren()),
        cells.count("visitedSingleParentWomen", c.visitedSingleParentWomen()),
        cells.count("visitedChildren", c.visitedChildren()),
        visits,
        List.copyOf(suppressed));
  }

  /** Withholds small cells below the district and notes which. */
  private record Cells(boolean district, List<String> suppressed) {
    Long count(String name, long n) {
      if (!district && n > 0 && n < SUPPRESS_BELOW) {
        suppressed.add(name);
        return null;
      }
      return n;
    }

    Map<String, Long> map(String name, Map<String, Long> counts) {
      Map<String, Long> out = new LinkedHashMap<>();
      if (counts != null) {
        counts.forEach((k, n) -> out.put(k, count(name + "." + k, n)));
      }
      return out;
    }
  }

  private static BigDecimal percent(long part, long whole) {
    return whole == 0
        ? null
        : BigDecimal.valueOf(part * 100L)
            .divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP);
  }
}
