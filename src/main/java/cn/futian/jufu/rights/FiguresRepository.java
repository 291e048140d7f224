package cn.futian.jufu.rights;

import cn.futian.jufu.common.db.Sql;
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
    String onRegister =
        " and e.registered_at < :to and (e.exited_at is null or e.exited_at >= :to)";
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
