package cn.futian.jufu.reminders;

import cn.futian.jufu.common.db.Sql;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reminders before each session (default 24 h and 2 h; per event in {@code
 * event.reminder_offsets_minutes}), written to the outbox for every confirmed registrant: exactly
 * once per registration and reminder, however many instances run this at the same moment.
 *
 * <p>One statement does it: the due pairs (registration, offset) are inserted into {@code
 * reminder_sent}, whose primary key lets exactly one inserter win ({@code ON CONFLICT DO NOTHING}
 * waits for a concurrent inserter and then skips); only the rows this transaction inserted go to
 * the outbox, in the same transaction. A member who signed up after a reminder time does not get
 * that reminder, and when two reminders are due at once (after downtime) only the nearer one is
 * sent.
 */
@ApplicationScoped
public class ReminderService {

  /** Rows one run writes at most; the next run (a minute later) takes the rest. */
  static final int BATCH = 5000;

  static final String SEND_DUE =
      """
      with due as (
        select r.id as registration_id, o.off as offset_minutes, r.member_id, s.id as session_id,
               e.id as event_id, e.title, s.starts_at
        from registration r
        join session s on s.id = r.session_id
        join event e on e.id = s.event_id
        cross join lateral unnest(e.reminder_offsets_minutes) as o(off)
        where r.status in ('CONFIRMED', 'OFFERED')
          and s.cancelled_at is null
          and e.status in ('PUBLISHED', 'REGISTRATION_CLOSED')
          and s.starts_at > now()
          and s.starts_at - make_interval(mins => o.off) <= now()
          and r.created_at < s.starts_at - make_interval(mins => o.off)
          and not exists (select 1 from unnest(e.reminder_offsets_minutes) as o2(off)
                          where o2.off < o.off
                            and s.starts_at - make_interval(mins => o2.off) <= now())
          and not exists (select 1 from reminder_sent x
                          where x.registration_id = r.id and x.offset_minutes = o.off)
        order by s.starts_at
        limit :batch
      ), sent as (
        insert into reminder_sent (registration_id, offset_minutes)
        select registration_id, offset_minutes from due
        on conflict do nothing
        returning registration_id, offset_minutes
      )
      insert into outbox (aggregate_type, aggregate_id, type, member_id, payload)
      select 'registration', d.registration_id, 'SESSION_REMINDER', d.member_id,
             jsonb_build_object('eventId', d.event_id, 'sessionId', d.session_id,
                                'title', d.title, 'startsAt', d.starts_at,
                                'minutesBefore', d.offset_minutes)
      from sent join due d using (registration_id, offset_minutes)
      """;

  /**
   * Reconfirmation requests, 48 h before sessions that ask for it, to members who signed up before
   * then; once per registration, recorded in reminder_sent with offset -2880 (the negative offset
   * marks a reconfirmation request, not a reminder).
   */
  static final String REQUEST_RECONFIRMATIONS =
      """
      with due as (
        select r.id as registration_id, r.member_id, s.id as session_id, e.id as event_id,
               e.title, s.starts_at
        from registration r
        join session s on s.id = r.session_id
        join event e on e.id = s.event_id
        where s.reconfirm and r.status = 'CONFIRMED' and r.reconfirmed_at is null
          and s.cancelled_at is null and e.status in ('PUBLISHED', 'REGISTRATION_CLOSED')
          and r.created_at < s.starts_at - interval '48 hours'
          and now() >= s.starts_at - interval '48 hours'
          and now() < s.starts_at - interval '24 hours'
          and not exists (select 1 from reminder_sent x
                          where x.registration_id = r.id and x.offset_minutes = -2880)
        limit :batch
      ), sent as (
        insert into reminder_sent (registration_id, offset_minutes)
        select registration_id, -2880 from due
        on conflict do nothing
        returning registration_id
      )
      insert into outbox (aggregate_type, aggregate_id, type, member_id, payload)
      select 'registration', d.registration_id, 'RECONFIRMATION_REQUESTED', d.member_id,
             jsonb_build_object('eventId', d.event_id, 'sessionId', d.session_id,
                                'title', d.title, 'startsAt', d.starts_at,
                                'deadline', d.starts_at - interval '24 hours')
      from sent join due d using (registration_id)
      """;

  /** Writes the reconfirmation requests that are due; returns how many this call wrote. */
  @WithTransaction
  public Uni<Integer> requestReconfirmations() {
    return Sql.update(REQUEST_RECONFIRMATIONS, "batch", BATCH);
  }

  /** Writes the reminders that are due now; returns how many this call wrote. */
  @WithTransaction
  public Uni<Integer> sendDue() {
    return Sql.update(SEND_DUE, "batch", BATCH);
  }
}
