package cn.futian.jufu.campaigns;

import cn.futian.jufu.campaigns.CampaignDtos.Audience;
import cn.futian.jufu.campaigns.CampaignDtos.AudienceRole;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL that selects a campaign's audience: {@code select m.id from member m where ...} with
 * every criterion of the audience joined by AND. Values are bound as parameters, never spliced.
 */
final class AudienceQuerySql {

  final String sql;
  final Map<String, Object> params;

  private AudienceQuerySql(String sql, Map<String, Object> params) {
    this.sql = sql;
    this.params = params;
  }

  /** {@code defaultUnitId}: the subtree used when the audience names no unit, follows or event. */
  static AudienceQuerySql of(Audience a, long defaultUnitId) {
    List<String> where = new ArrayList<>();
    Map<String, Object> p = new LinkedHashMap<>();
    Long unit = a.unitId();
    if (unit == null && a.followersOf() == null && a.eventId() == null) {
      unit = defaultUnitId;
    }
    if (unit != null) {
      where.add(
          "m.home_unit_id in (select d.id from org_unit d join org_unit u on u.id = :aunit"
              + " where d.path like u.path || '%')");
      p.put("aunit", unit);
    }
    if (a.followersOf() != null) {
      where.add(
          "exists (select 1 from member_follow f where f.member_id = m.id and f.org_unit_id ="
              + " :afollow)");
      p.put("afollow", a.followersOf());
    }
    if (a.kinds() != null && !a.kinds().isEmpty()) {
      where.add(
          "exists (select 1 from member_interest i where i.member_id = m.id and i.kind ="
              + " any(cast(:akinds as varchar[])))");
      p.put("akinds", a.kinds().stream().map(Enum::name).toArray(String[]::new));
    }
    if (a.eventId() != null) {
      String statuses =
          a.statuses() == null || a.statuses().isEmpty()
              ? ""
              : " and r.status = any(cast(:astatuses as varchar[]))";
      where.add(
          "exists (select 1 from registration r join session s on s.id = r.session_id"
              + " where r.member_id = m.id and s.event_id = :aevent"
              + statuses
              + ")");
      p.put("aevent", a.eventId());
      if (!statuses.isEmpty()) {
        p.put("astatuses", a.statuses().stream().map(Enum::name).toArray(String[]::new));
      }
    }
    if (a.role() != null) {
      String cadre =
          "exists (select 1 from cadre_assignment c where c.subject = m.subject"
              + " and c.revoked_at is null)";
      where.add(a.role() == AudienceRole.CADRE ? cadre : "not " + cadre);
    }
    return new AudienceQuerySql(
        "select m.id from member m where " + String.join(" and ", where), p);
  }

  /** The audience's parameters as name/value pairs, then {@code more} ({@code common/db/Sql}). */
  Object[] params(Object... more) {
    Object[] out = new Object[params.size() * 2 + more.length];
    int i = 0;
    for (Map.Entry<String, Object> p : params.entrySet()) {
      out[i++] = p.getKey();
      out[i++] = p.getValue();
    }
    System.arraycopy(more, 0, out, i, more.length);
    return out;
  }
}
