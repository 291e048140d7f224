package cn.futian.jufu.rights;

import cn.futian.jufu.common.api.SqlValues;
import cn.futian.jufu.common.db.Sql;
import cn.futian.jufu.common.time.Times;
import cn.futian.jufu.rights.CaseTeamDtos.CaseRole;
import cn.futian.jufu.rights.CaseTeamDtos.CaseTeamView;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** The table {@code case_team}. Caller's session. */
@ApplicationScoped
class CaseTeamRepository {

  private static final String COLUMNS =
      "select id, subject, org_unit_id, role, assigned_by, assigned_at, revoked_by, revoked_at"
          + " from case_team ";

  /** An active appointment: the unit it covers and in which role. */
  record Seat(long orgUnitId, CaseRole role) {}

  Uni<List<Seat>> activeOf(String subject) {
    return Sql.records(
        "select org_unit_id, role from case_team where subject = :s and revoked_at is null"
            + " order by org_unit_id",
        r -> new Seat(SqlValues.number(r[0]), CaseRole.valueOf((String) r[1])),
        "s",
        subject);
  }

  /** An active supervisor seat: who sits where. */
  record Supervisor(long orgUnitId, String subject) {}

  Uni<List<Supervisor>> supervisorsAt(List<Long> unitIds) {
    if (unitIds.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return Sql.records(
        "select org_unit_id, subject from case_team where org_unit_id in (:units)"
            + " and role = 'SUPERVISOR' and revoked_at is null order by org_unit_id, id",
        r -> new Supervisor(SqlValues.number(r[0]), (String) r[1]),
        "units",
        unitIds);
  }

  Uni<CaseTeamView> byId(long id) {
    return Sql.records(COLUMNS + "where id = :id", CaseTeamRepository::view, "id", id)
        .map(l -> l.isEmpty() ? null : l.get(0));
  }

  Uni<Boolean> isActive(String subject, long orgUnitId, CaseRole role) {
    return Sql.first(
            "select count(*) from case_team where subject = :s and org_unit_id = :u"
                + " and role = :r and revoked_at is null",
            Long.class,
            "s",
            subject,
            "u",
            orgUnitId,
            "r",
            role.name())
        .map(n -> n != null && n > 0);
  }

  /** Appoints unless the same active appointment exists; the new id, or null. */
  Uni<Long> insert(String subject, long orgUnitId, CaseRole role, String by) {
    return Sql.first(
        "insert into case_team (subject, org_unit_id, role, assigned_by) values (:s, :u, :r, :by)"
            + " on conflict (subject, org_unit_id, role) where revoked_at is null do nothing"
            + " returning id",
        Long.class,
        "s",
        subject,
        "u",
        orgUnitId,
        "r",
        role.name(),
        "by",
        by);
  }

  /** Revokes an active appointment; false when there is none with this id. */
  Uni<Boolean> revoke(long id, String by) {
    return Sql.update(
            "update case_team set revoked_at = now(), revoked_by = :by"
                + " where id = :id and revoked_at is null",
            "id",
            id,
            "by",
            by)
        .map(n -> n > 0);
  }

  Uni<List<CaseTeamView>> list(
      Long orgUnitId, String subject, boolean includeRevoked, int page, int size) {
    Where w = where(orgUnitId, subject, includeRevoked);
    List<Object> params = new ArrayList<>(w.params());
    params.addAll(List.of("limit", size, "offset", (long) page * size));
    return Sql.records(
        COLUMNS + w.sql() + " order by id limit :limit offset :offset",
        CaseTeamRepository::view,
        params.toArray());
  }

  Uni<Long> count(Long orgUnitId, String subject, boolean includeRevoked) {
    Where w = where(orgUnitId, subject, includeRevoked);
    return Sql.first("select count(*) from case_team " + w.sql(), Long.class, w.params().toArray());
  }

  private record Where(String sql, List<Object> params) {}

  private static Where where(Long orgUnitId, String subject, boolean includeRevoked) {
    List<String> where = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    if (orgUnitId != null) {
      where.add("org_unit_id = :u");
      params.addAll(List.of("u", orgUnitId));
    }
    if (subject != null) {
      where.add("subject = :s");
      params.addAll(List.of("s", subject));
    }
    if (!includeRevoked) {
      where.add("revoked_at is null");
    }
    return new Where(where.isEmpty() ? "" : "where " + String.join(" and ", where), params);
  }

  private static CaseTeamView view(Object[] r) {
    return new CaseTeamView(
        SqlValues.number(r[0]),
        (String) r[1],
        SqlValues.number(r[2]),
        CaseRole.valueOf((String) r[3]),
        (String) r[4],
        Times.timestamp(r[5]),
        (String) r[6],
        Times.timestamp(r[7]),
        r[7] == null);
  }
}
