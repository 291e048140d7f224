package cn.futian.jufu.stats;

import cn.futian.jufu.stats.StatsDtos.Figures;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The statistics read model: one SQL query over sessions, events, registrations and attendance.
 * Statistics are the one feature that reads other features' tables directly (read-only), because
 * the figures are aggregates over all of them and fetching rows through each service would move the
 * whole year into memory (docs/adr/0009-statistics-and-demo-year.md). Runs in the caller's session.
 *
 * <p>What is counted, for sessions whose {@code starts_at} lies in the range and whose event's
 * owner lies in the unit's subtree (by the materialised path), cancelled events and sessions left
 * out:
 *
 * <ul>
 *   <li>events: distinct events among those sessions;
 *   <li>sessions: the sessions;
 *   <li>sign-ups: registrations of those sessions with status CONFIRMED, or with an attendance row
 *       (checked in, whatever happened to the registration later); one per registration;
 *   <li>person-times (人次): the sum of {@code attendance.persons} (the member and the children they
 *       brought);
 *   <li>distinct people: distinct {@code attendance.member_id} (members only; children have no
 *       member row and count in person-times only).
 * </ul>
 */
@ApplicationScoped
class StatsRepository {

  /**
   * The group key of each session, per grouping, as SQL over {@code s} (session), {@code e} (event)
   * and {@code ou} (the owning unit). Paths are "/district/street/community/...": part 3 is the
   * street, part 4 the community; units above that level stand for themselves.
   */
  private static String keyExpression(StatsGrouping grouping) {
    if (grouping == null) {
      return "'ALL'";
    }
    return switch (grouping) {
      case KIND -> "e.kind";
      case CATEGORY -> "coalesce(e.course_category, '" + StatsLabels.NO_CATEGORY + "')";
      case STREET ->
          "coalesce(nullif(split_part(ou.path, '/', 3), ''), split_part(ou.path, '/', 2))";
      case COMMUNITY ->
          "coalesce(nullif(split_part(ou.path, '/', 4), ''), nullif(split_part(ou.path, '/', 3),"
              + " ''), split_part(ou.path, '/', 2))";
      case MONTH -> "to_char(s.starts_at at time zone 'Asia/Shanghai', 'YYYY-MM')";
    };
  }

  /**
   * The figures per group key (street and community keys are unit ids), in key order; with a null
   * grouping, one entry "ALL" for the totals (absent when nothing is counted).
   */
  Uni<Map<String, Figures>> figures(long unitId, StatsQuery q, StatsGrouping grouping) {
    String sql =
        "with s as (select s.id as session_id, s.event_id, "
            + keyExpression(grouping)
            + " as k from session s join event e on e.id = s.event_id"
            + " join org_unit ou on ou.id = e.owner_unit_id"
            + " where s.starts_at >= :from and s.starts_at < :until"
            + " and s.cancelled_at is null and e.status <> 'CANCELLED'"
            + " and ou.path like (select u.path from org_unit u where u.id = :unit) || '%'"
            + (q.kind() == null ? "" : " and e.kind = :kind")
            + "), g as (select k, count(distinct event_id) as ev, count(*) as se from s group by k)"
            + ", r as (select s.k, count(*) as n from s"
            + " join registration r on r.session_id = s.session_id"
            + " where r.status = 'CONFIRMED'"
            + " or exists (select 1 from attendance a where a.registration_id = r.id)"
            + " group by s.k)"
            + ", a as (select s.k, sum(a.persons) as pt, count(distinct a.member_id) as dp from s"
            + " join attendance a on a.session_id = s.session_id group by s.k)"
            + " select g.k, g.ev, g.se, coalesce(r.n, 0), coalesce(a.pt, 0), coalesce(a.dp, 0)"
            + " from g left join r on r.k = g.k left join a on a.k = g.k order by g.k";
    return Panache.getSession()
        .chain(
            session -> {
              var query =
                  session
                      .createNativeQuery(sql, Object[].class)
                      .setParameter("from", q.startsAt())
                      .setParameter("until", q.endsBefore())
                      .setParameter("unit", unitId);
              if (q.kind() != null) {
                query.setParameter("kind", q.kind().name());
              }
              return query.getResultList();
            })
        .map(StatsRepository::toMap);
  }

  private static Map<String, Figures> toMap(List<Object[]> rows) {
    Map<String, Figures> result = new LinkedHashMap<>();
    for (Object[] row : rows) {
      result.put(
          String.valueOf(row[0]),
          new Figures(
              number(row[1]), number(row[2]), number(row[3]), number(row[4]), number(row[5])));
    }
    return result;
  }

  private static long number(Object value) {
    return value == null ? 0 : ((Number) value).longValue();
  }
}
