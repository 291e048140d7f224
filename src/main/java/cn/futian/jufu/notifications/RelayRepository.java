package cn.futian.jufu.notifications;

import cn.futian.jufu.common.api.SqlValues;
import cn.futian.jufu.common.db.Sql;
import cn.futian.jufu.common.time.Times;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The relay's statements: claiming unpublished outbox rows with what their texts name (the event,
 * the session, the place's offer) and the member's preferences, writing the inbox rows and their
 * pending pushes, marking the rows published. Runs in the caller's transaction.
 */
@ApplicationScoped
class RelayRepository {

  private static final String CLAIM =
      """
      select o.id, o.type, o.member_id, cast(o.payload as text), e.id, e.title,
             s.starts_at, e.venue_address, r.offer_expires_at,
             coalesce(p.reminders, true), coalesce(p.quiet_enabled, true),
             coalesce(p.quiet_start, time '22:00'), coalesce(p.quiet_end, time '08:00')
      from outbox o
      left join session s on s.id = cast(o.payload ->> 'sessionId' as bigint)
      left join event e on e.id = coalesce(cast(o.payload ->> 'eventId' as bigint), s.event_id)
      left join registration r on o.aggregate_type = 'registration' and r.id = o.aggregate_id
      left join notification_preference p on p.member_id = o.member_id
      where o.published_at is null
      order by o.id
      limit :n
      for update of o skip locked
      """;

  private static final String INSERT =
      """
      insert into notification (member_id, category, type, dedup_key, title_zh, body_zh,
                                title_en, body_en, link, urgent)
      select x.m, x.c, x.t, x.k, x.tz, x.bz, x.te, x.be, x.l, cast(x.u as boolean)
      from unnest(cast(:m as bigint[]), cast(:c as varchar[]), cast(:t as varchar[]),
                  cast(:k as varchar[]), cast(:tz as varchar[]), cast(:bz as varchar[]),
                  cast(:te as varchar[]), cast(:be as varchar[]), cast(:l as varchar[]),
                  cast(:u as varchar[]))
           as x(m, c, t, k, tz, bz, te, be, l, u)
      on conflict (member_id, dedup_key) do nothing
      returning id, dedup_key
      """;

  /** An unpublished outbox row with what its texts name and its member's preferences. */
  record Claimed(
      long outboxId,
      String type,
      Long memberId,
      String payload,
      Long eventId,
      String eventTitle,
      OffsetDateTime startsAt,
      String venueAddress,
      OffsetDateTime offerExpiresAt,
      boolean reminders,
      boolean quietEnabled,
      LocalTime quietStart,
      LocalTime quietEnd) {}

  /** An inbox row to write; {@code key} is its dedup key. */
  record NewNotification(
      long memberId,
      String category,
      String type,
      String key,
      String titleZh,
      String bodyZh,
      String titleEn,
      String bodyEn,
      String link,
      boolean urgent) {}

  /** Up to {@code n} unpublished outbox rows, oldest first, locked. */
  Uni<List<Claimed>> claim(int n) {
    return Sql.records(
        CLAIM,
        r ->
            new Claimed(
                SqlValues.number(r[0]),
                (String) r[1],
                SqlValues.number(r[2]),
                (String) r[3],
                SqlValues.number(r[4]),
                (String) r[5],
                Times.timestamp(r[6]),
                (String) r[7],
                Times.timestamp(r[8]),
                (Boolean) r[9],
                (Boolean) r[10],
                QuietWindow.time(r[11]),
                QuietWindow.time(r[12])),
        "n",
        n);
  }

  /** Writes the inbox rows (a dedup key seen before is skipped); returns dedup key → id. */
  Uni<Map<String, Long>> insert(List<NewNotification> rows) {
    if (rows.isEmpty()) {
      return Uni.createFrom().item(Map.of());
    }
    return Sql.rows(
            INSERT,
            "m",
            rows.stream().map(NewNotification::memberId).toArray(Long[]::new),
            "c",
            rows.stream().map(NewNotification::category).toArray(String[]::new),
            "t",
            rows.stream().map(NewNotification::type).toArray(String[]::new),
            "k",
            rows.stream().map(NewNotification::key).toArray(String[]::new),
            "tz",
            rows.stream().map(NewNotification::titleZh).toArray(String[]::new),
            "bz",
            rows.stream().map(NewNotification::bodyZh).toArray(String[]::new),
            "te",
            rows.stream().map(NewNotification::titleEn).toArray(String[]::new),
            "be",
            rows.stream().map(NewNotification::bodyEn).toArray(String[]::new),
            "l",
            rows.stream().map(NewNotification::link).toArray(String[]::new),
            "u",
            rows.stream().map(n -> Boolean.toString(n.urgent())).toArray(String[]::new))
        .map(
            inserted -> {
              Map<String, Long> idByKey = new HashMap<>();
              for (Object[] row : inserted) {
                idByKey.put((String) row[1], SqlValues.number(row[0]));
              }
              return idByKey;
            });
  }

  /** Queues the pushes of these notifications, each due at its time (epoch milliseconds). */
  Uni<Integer> scheduleDispatch(List<Long> notificationIds, List<Long> dueMillis) {
    if (notificationIds.isEmpty()) {
      return Uni.createFrom().item(0);
    }
    return Sql.update(
        "insert into notification_dispatch (notification_id, next_attempt_at)"
            + " select x.id, to_timestamp(x.due / 1000.0)"
            + " from unnest(cast(:ids as bigint[]), cast(:due as bigint[])) as x(id, due)",
        "ids",
        notificationIds.toArray(new Long[0]),
        "due",
        dueMillis.toArray(new Long[0]));
  }

  Uni<Integer> markPublished(List<Long> outboxIds) {
    return Sql.update(
        "update outbox set published_at = now() where id = any(cast(:ids as bigint[]))",
        "ids",
        outboxIds.toArray(new Long[0]));
  }

  Uni<Integer> purgePublishedBefore(OffsetDateTime before) {
    return Sql.update(
        "delete from outbox where published_at is not null and published_at < :before",
        "before",
        before);
  }
}
