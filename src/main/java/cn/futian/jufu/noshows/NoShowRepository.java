package cn.futian.jufu.noshows;

import cn.futian.jufu.common.db.Sql;
import cn.futian.jufu.common.time.Times;
import cn.futian.jufu.noshows.NoShowService.NoShowView;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;

/** The {@code no_show} table. Runs in the caller's session. */
@ApplicationScoped
class NoShowRepository {

  /**
   * Records every confirmed registration without check-in whose session ended in the last 30 days,
   * once (the primary key), with its outbox row. The one statement of this feature that reads the
   * tables of registrations, sessions, events and check-ins: the job's definition of a no-show.
   */
  static final String RECORD_ENDED =
      """
      with ended as (
        insert into no_show (registration_id, member_id, session_id, kind, session_ended_at)
        select r.id, r.member_id, s.id, e.kind, s.ends_at
        from registration r
        join session s on s.id = r.session_id
        join event e on e.id = s.event_id
        where r.status = 'CONFIRMED'
          and s.ends_at < now() and s.ends_at > now() - interval '30 days'
          and s.cancelled_at is null and e.status <> 'CANCELLED'
          and not exists (select 1 from attendance a where a.registration_id = r.id)
        on conflict do nothing
        returning registration_id, member_id, session_id, kind
      )
      insert into outbox (aggregate_type, aggregate_id, type, member_id, payload)
      select 'registration', registration_id, 'NO_SHOW_RECORDED', member_id,
             jsonb_build_object('sessionId', session_id, 'kind', kind)
      from ended
      """;

  private static final String COLUMNS =
      "registration_id, session_id, kind, session_ended_at, waived_at, waive_reason";

  /** No-shows counted for a kind since a time, and the last of them. */
  record Count(int recent, OffsetDateTime last) {}

  Uni<Integer> recordEnded() {
    return Sql.update(RECORD_ENDED);
  }

  /** The member's unwaived no-shows of a kind since {@code since}. */
  Uni<Count> count(long memberId, String kind, OffsetDateTime since) {
    return Sql.rows(
            "select count(*), max(session_ended_at) from no_show where member_id = :m"
                + " and kind = :k and waived_at is null and session_ended_at >= :since",
            "m",
            memberId,
            "k",
            kind,
            "since",
            since)
        .map(rows -> rows.get(0))
        .map(r -> new Count(((Number) r[0]).intValue(), Times.timestamp(r[1])));
  }

  /** The member's no-shows, the latest first. */
  Uni<List<NoShowView>> ofMember(long memberId) {
    return Sql.records(
        "select "
            + COLUMNS
            + " from no_show where member_id = :m"
            + " order by session_ended_at desc",
        NoShowRepository::view,
        "m",
        memberId);
  }

  /** The session of the registration's no-show, or null when it has none. */
  Uni<Long> sessionOf(long registrationId) {
    return Sql.first(
        "select session_id from no_show where registration_id = :r",
        Long.class,
        "r",
        registrationId);
  }

  /** Waives the no-show unless it is waived already (then null). */
  Uni<NoShowView> waive(long registrationId, String by, String reason) {
    return Sql.rows(
            "update no_show set waived_at = now(), waived_by = :by, waive_reason = :reason"
                + " where registration_id = :r and waived_at is null returning "
                + COLUMNS,
            "by",
            by,
            "reason",
            reason,
            "r",
            registrationId)
        .map(rows -> rows.isEmpty() ? null : view(rows.get(0)));
  }

  private static NoShowView view(Object[] r) {
    return new NoShowView(
        ((Number) r[0]).longValue(),
        ((Number) r[1]).longValue(),
        (String) r[2],
        Times.timestamp(r[3]),
        Times.timestamp(r[4]),
        (String) r[5]);
  }
}
