package cn.futian.jufu.rights;

import cn.futian.jufu.common.db.Sql;
import cn.futian.jufu.common.time.Times;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The counts behind the rights-protection figures (ADR 0023): one aggregate statement per table,
 * over a time range and a scope (every unit, or these units). Caller's session.
 */
@ApplicationScoped
class FiguresRepository {

  /** Where to count: everything (the district, requests without a unit included) or these units. */
  record Scope(boolean everything, List<Long> unitIds) {

    String where(String column) {
      return everything ? "true" : column + " in (:units)";
    }

    Object[] params(Object... more) {
      Object[] base =
          everything
              ? new Object[0]
              : new Object[] {"units", unitIds.isEmpty() ? List.of(0L) : unitIds};
      Object[] all = new Object[base.length + more.length];
      System.arraycopy(base, 0, all, 0, base.length);
      System.arraycopy(more, 0, all, base.length, more.length);
      return all;
    }
  }

  /** The requests received in the range, by what triage made of them and by report group. */
  record Requests(
      long contacts,
      long domesticViolence,
      long concernsMinor,
      long nothing,
      long consultations,
      long information,
      Map<String, Long> byGroup,
      Map<String, Long> byChannel) {}

  Uni<Requests> requests(Scope scope, OffsetDateTime from, OffsetDateTime to) {
    String range = " and r.created_at >= :from and r.created_at < :to";
    String base =
        " from help_request r join help_category c on c.code = r.category_code where "
            + scope.where("r.org_unit_id")
            + range;
    String counted = base + " and coalesce(r.outcome, '') <> 'NOTHING'";
    return Sql.rows(
            "select count(*) filter (where coalesce(r.outcome, '') <> 'NOTHING'),"
                + " count(*) filter (where r.domestic_violence and coalesce(r.outcome, '') <> 'NOTHING'),"
                + " count(*) filter (where r.concerns_minor and coalesce(r.outcome, '') <> 'NOTHING'),"
                + " count(*) filter (where r.outcome = 'NOTHING'),"
                + " count(*) filter (where r.outcome = 'CONSULTATION'),"
                + " count(*) filter (where r.outcome = 'INFORMATION')"
                + base,
            scope.params("from", from, "to", to))
        .chain(
            totals ->
                grouped(
                        "select c.report_group, count(*)" + counted + " group by c.report_group",
                        scope,
                        from,
                        to)
                    .chain(
                        groups ->
                            grouped(
                                    "select r.channel, count(*)" + counted + " group by r.channel",
                                    scope,
                                    from,
                                    to)
                                .map(
                                    channels -> {
                                      Object[] t = totals.get(0);
                                      return new Requests(
                                          n(t[0]), n(t[1]), n(t[2]), n(t[3]), n(t[4]), n(t[5]),
                                          groups, channels);
                                    })));
  }

  /** Cases opened and closed, referrals sent, orders issued, mediations ended and settled. */
  record Casework(
      long casesOpened,
      long casesClosed,
      long referrals,
      long ordersIssued,
      long mediationsEnded,
      long mediationsSettled,
      long registerWomen,
      long registerChildren,
      long visitedSingleParentWomen,
      long visitedChildren) {}

  /** Times for timestamps, dates (first day, the day after the last) for date columns. */
  Uni<Casework> casework(
      Scope scope, OffsetDateTime from, OffsetDateTime to, LocalDate fromDay, LocalDate dayAfter) {
    String inScope = scope.where("k.org_unit_id");
    String entries = scope.where("e.org_unit_id");
    String onRegister = " and e.confirmed_at < :to and (e.exited_at is null or e.exited_at >= :to)";
    String visited =
        " and exists (select 1 from difficulty_visit v where v.entry_id = e.id"
            + " and v.visited_on >= :fd and v.visited_on < :td)";
    return Sql.rows(
            "select (select count(*) from help_case k where "
                + inScope
                + " and k.opened_at >= :from and k.opened_at < :to),"
                + " (select count(*) from help_case k where "
                + inScope
                + " and k.closed_at >= :from and k.closed_at < :to),"
                + " (select count(*) from help_case_referral f join help_case k on k.id = f.case_id"
                + " where "
                + inScope
                + " and f.sent_at >= :from and f.sent_at < :to),"
                + " (select count(*) from help_case_order o join help_case k on k.id = o.case_id"
                + " where "
                + inScope
                + " and o.status = 'ISSUED' and o.decided_on >= :fd"
                + " and o.decided_on < :td),"
                + " (select count(*) from help_mediation m join help_case k on k.id = m.case_id"
                + " where "
                + inScope
                + " and m.ended_on >= :fd and m.ended_on < :td),"
                + " (select count(*) from help_mediation m join help_case k on k.id = m.case_id"
                + " where "
                + inScope
                + " and m.outcome = 'SETTLED' and m.ended_on >= :fd"
                + " and m.ended_on < :td),"
                + " (select count(*) from difficulty_entry e where "
                + entries
                + " and e.kind = 'WOMAN'"
                + onRegister
                + "),"
                + " (select count(*) from difficulty_entry e where "
                + entries
                + " and e.kind = 'CHILD'"
                + onRegister
                + "),"
                + " (select count(*) from difficulty_entry e where "
                + entries
                + " and e.kind = 'WOMAN' and 'SINGLE_PARENT' = any(e.situations)"
                + visited
                + "),"
                + " (select count(*) from difficulty_entry e where "
                + entries
                + " and e.kind = 'CHILD'"
                + visited
                + ")",
            scope.params("from", from, "to", to, "fd", fromDay, "td", dayAfter))
        .map(
            rows -> {
              Object[] t = rows.get(0);
              return new Casework(
                  n(t[0]), n(t[1]), n(t[2]), n(t[3]), n(t[4]), n(t[5]), n(t[6]), n(t[7]), n(t[8]),
                  n(t[9]));
            });
  }

  /**
   * Counted requests by month (YYYY-MM, Shanghai time) and by the child unit of the viewed unit
   * they were filed under (key: that unit's id; the viewed unit itself for requests filed at it;
   * "NONE" for requests without a unit). {@code childPart} is the path part of the child level
   * (paths are "/district/street/community/").
   */
  record Spread(Map<String, Long> byMonth, Map<String, Long> byUnit) {}

  Uni<Spread> spread(
      Scope scope, long viewedUnit, int childPart, OffsetDateTime from, OffsetDateTime to) {
    String counted =
        " from help_request r left join org_unit ou on ou.id = r.org_unit_id where "
            + scope.where("r.org_unit_id")
            + " and r.created_at >= :from and r.created_at < :to"
            + " and coalesce(r.outcome, '') <> 'NOTHING'";
    return grouped(
            "select to_char(r.created_at at time zone 'Asia/Shanghai', 'YYYY-MM') as k, count(*)"
                + counted
                + " group by k order by k",
            scope,
            from,
            to)
        .chain(
            months ->
                grouped(
                        "select case when ou.id is null then 'NONE'"
                            + " else coalesce(nullif(split_part(ou.path, '/', "
                            + childPart
                            + "), ''), '"
                            + viewedUnit
                            + "') end as k, count(*)"
                            + counted
                            + " group by k order by k",
                        scope,
                        from,
                        to)
                    .map(units -> new Spread(months, units)));
  }

  /**
   * How fast requests were answered: triage stops the response clock (ADR 0021). Counted requests
   * received in the range: answered by their due time, answered late, still waiting, and the median
   * hours from receipt to triage.
   */
  record Response(long inTime, long late, long waiting, Double medianHours) {}

  Uni<Response> response(Scope scope, OffsetDateTime from, OffsetDateTime to) {
    return Sql.rows(
            "select count(*) filter (where r.triaged_at <= r.respond_by),"
                + " count(*) filter (where r.triaged_at > r.respond_by),"
                + " count(*) filter (where r.triaged_at is null),"
                + " percentile_cont(0.5) within group (order by extract(epoch from"
                + " (r.triaged_at - r.created_at)) / 3600.0) filter (where r.triaged_at is not null)"
                + " from help_request r where "
                + scope.where("r.org_unit_id")
                + " and r.created_at >= :from and r.created_at < :to"
                + " and coalesce(r.outcome, '') <> 'NOTHING'",
            scope.params("from", from, "to", to))
        .map(
            rows -> {
              Object[] t = rows.get(0);
              return new Response(
                  n(t[0]), n(t[1]), n(t[2]), t[3] == null ? null : ((Number) t[3]).doubleValue());
            });
  }

  /**
   * Marriage and family counselling: requests under the family heading answered on the spot
   * (consultations), and family cases with counselling on their timeline in the range (individual
   * counselling cases).
   */
  record Counselling(long consultations, long cases) {}

  Uni<Counselling> counselling(Scope scope, OffsetDateTime from, OffsetDateTime to) {
    return Sql.rows(
            "select (select count(*) from help_request r"
                + " join help_category c on c.code = r.category_code where "
                + scope.where("r.org_unit_id")
                + " and c.report_group = 'FAMILY' and r.outcome = 'CONSULTATION'"
                + " and r.created_at >= :from and r.created_at < :to),"
                + " (select count(*) from help_case k join help_category c on c.code = k.category_code"
                + " where "
                + scope.where("k.org_unit_id")
                + " and c.report_group = 'FAMILY' and exists (select 1 from help_case_entry x"
                + " where x.case_id = k.id and x.kind = 'COUNSELLING'"
                + " and x.at >= :from and x.at < :to))",
            scope.params("from", from, "to", to))
        .map(rows -> new Counselling(n(rows.get(0)[0]), n(rows.get(0)[1])));
  }

  /** Visits to people on the register in the range, by mode (home, phone, office). */
  Uni<Map<String, Long>> visitsByMode(Scope scope, LocalDate fromDay, LocalDate dayAfter) {
    return Sql.rows(
            "select v.mode, count(*) from difficulty_visit v"
                + " join difficulty_entry e on e.id = v.entry_id where "
                + scope.where("e.org_unit_id")
                + " and v.visited_on >= :fd and v.visited_on < :td group by v.mode",
            scope.params("fd", fromDay, "td", dayAfter))
        .map(
            rows -> {
              Map<String, Long> out = new LinkedHashMap<>();
              rows.forEach(r -> out.put((String) r[0], n(r[1])));
              return out;
            });
  }

  /**
   * The register on a day, as (dimension, key, count) cells: "total" (WOMAN, CHILD, HOUSEHOLDS,
   * VISITS_OVERDUE, REVIEWS_OVERDUE), "status", "age", "education", "income", "situation" and
   * "unit" (the unit one level below the viewed one; {@code childPart} as in {@link #spread}).
   */
  Uni<Map<String, Map<String, Long>>> register(
      Scope scope, long viewedUnit, int childPart, LocalDate on) {
    String onRegister =
        "select e.* from difficulty_entry e where "
            + scope.where("e.org_unit_id")
            + " and e.confirmed_at < :end and (e.exited_at is null or e.exited_at >= :end)"
            + " and e.status in ('ACTIVE', 'IMPROVING', 'EXITED')";
    String age =
        "case when r.birth_year is null then 'UNKNOWN' when r.kind = 'CHILD' then case"
            + " when :year - r.birth_year <= 5 then 'CHILD_0_5'"
            + " when :year - r.birth_year <= 11 then 'CHILD_6_11' else 'CHILD_12_17' end"
            + " when :year - r.birth_year < 30 then 'UNDER_30'"
            + " when :year - r.birth_year < 40 then '30_39'"
            + " when :year - r.birth_year < 50 then '40_49'"
            + " when :year - r.birth_year < 60 then '50_59' else '60_PLUS' end";
    String sql =
        "with r as ("
            + onRegister
            + ") select 'total', r.kind, count(*) from r group by r.kind"
            + " union all select 'total', 'HOUSEHOLDS', count(*) from r where r.kind = 'WOMAN'"
            + " and exists (select 1 from r c where c.household_id = r.id)"
            + " union all select 'total', 'VISITS_OVERDUE', count(*) from r"
            + " where r.next_visit_due < :on"
            + " union all select 'total', 'REVIEWS_OVERDUE', count(*) from r"
            + " where r.review_due < :on"
            + " union all select 'status', r.status, count(*) from r group by r.status"
            + " union all select 'age', "
            + age
            + ", count(*) from r group by 2"
            + " union all select 'education', coalesce(r.education, 'UNKNOWN'), count(*) from r"
            + " group by 2"
            + " union all select 'income', coalesce(r.income_band, 'UNKNOWN'), count(*) from r"
            + " group by 2"
            + " union all select 'situation', s.x, count(*) from r cross join unnest(r.situations)"
            + " as s(x) group by 2"
            + " union all select 'unit', coalesce(nullif(split_part(ou.path, '/', "
            + childPart
            + "), ''), '"
            + viewedUnit
            + "'), count(*) from r join org_unit ou on ou.id = r.org_unit_id group by 2"
            + " order by 1, 2";
    OffsetDateTime end = on.plusDays(1).atStartOfDay(Times.ZONE).toOffsetDateTime();
    return Sql.rows(sql, scope.params("end", end, "on", on, "year", on.getYear()))
        .map(
            rows -> {
              Map<String, Map<String, Long>> out = new LinkedHashMap<>();
              for (Object[] row : rows) {
                out.computeIfAbsent((String) row[0], k -> new LinkedHashMap<>())
                    .put(String.valueOf(row[1]), n(row[2]));
              }
              return out;
            });
  }

  private static Uni<Map<String, Long>> grouped(
      String sql, Scope scope, OffsetDateTime from, OffsetDateTime to) {
    return Sql.rows(sql, scope.params("from", from, "to", to))
        .map(
            rows -> {
              Map<String, Long> out = new LinkedHashMap<>();
              rows.forEach(r -> out.put((String) r[0], n(r[1])));
              return out;
            });
  }

  private static long n(Object o) {
    return o == null ? 0 : ((Number) o).longValue();
  }
}
