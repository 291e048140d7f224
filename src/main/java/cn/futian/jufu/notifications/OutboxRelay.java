package cn.futian.jufu.notifications;

import cn.futian.jufu.common.api.SqlValues;
import cn.futian.jufu.common.time.Times;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Turns the outbox that sign-up, events and reminders write into inbox notifications and pending
 * pushes, in one transaction per batch: an outbox row is marked published exactly when its
 * notification exists. The dedup key {@code o:<outbox id>} keeps a row that is relayed twice (a
 * crash between claim and commit cannot do that, but a restored backup could) out of the inbox the
 * second time.
 */
@ApplicationScoped
public class OutboxRelay {

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

  private final NotificationConfig config;
  private final ObjectMapper json;

  OutboxRelay(NotificationConfig config, ObjectMapper json) {
    this.config = config;
    this.json = json;
  }

  /** Relays one batch; returns how many outbox rows it consumed. */
  @WithTransaction
  public Uni<Integer> relayBatch() {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(CLAIM, Object[].class)
                    .setParameter("n", config.relayBatch())
                    .getResultList()
                    .chain(rows -> rows.isEmpty() ? Uni.createFrom().item(0) : relay(s, rows)));
  }

  /** Deletes published outbox rows older than the retention; returns how many. */
  @WithTransaction
  public Uni<Integer> purgePublished() {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "delete from outbox where published_at is not null and published_at <"
                            + " :before")
                    .setParameter("before", OffsetDateTime.now().minus(config.outboxRetention()))
                    .executeUpdate());
  }

  private record Pending(String dedupKey, Instant dueAt) {}

  private Uni<Integer> relay(Mutiny.Session s, List<Object[]> rows) {
    Instant now = Instant.now();
    List<Long> outboxIds = new ArrayList<>();
    List<Long> members = new ArrayList<>();
    List<String> categories = new ArrayList<>();
    List<String> types = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    List<String> titlesZh = new ArrayList<>();
    List<String> bodiesZh = new ArrayList<>();
    List<String> titlesEn = new ArrayList<>();
    List<String> bodiesEn = new ArrayList<>();
    List<String> links = new ArrayList<>();
    List<String> urgents = new ArrayList<>();
    List<Pending> pushes = new ArrayList<>();
    for (Object[] r : rows) {
      long outboxId = SqlValues.number(r[0]);
      outboxIds.add(outboxId);
      Long memberId = SqlValues.number(r[2]);
      if (memberId == null) {
        continue; // nobody to tell
      }
      String type = (String) r[1];
      JsonNode payload = payload((String) r[3]);
      Long eventId = SqlValues.number(r[4]);
      OffsetDateTime startsAt =
          type.equals("SESSION_TIME_CHANGED") && payload.hasNonNull("startsAt")
              ? OffsetDateTime.parse(payload.get("startsAt").asText())
              : Times.timestamp(r[6]);
      OffsetDateTime deadline =
          payload.hasNonNull("deadline")
              ? OffsetDateTime.parse(payload.get("deadline").asText())
              : Times.timestamp(r[8]);
      NotificationTexts.Facts facts =
          new NotificationTexts.Facts(
              type,
              r[5] == null ? text(payload, "title") : (String) r[5],
              startsAt,
              (String) r[7],
              text(payload, "reason"),
              deadline);
      NotificationTexts.Text zh =
          NotificationTexts.render(facts, NotificationTexts.ZH, config.zone());
      NotificationTexts.Text en =
          NotificationTexts.render(facts, NotificationTexts.EN, config.zone());
      String category = NotificationTexts.category(type);
      boolean urgent = NotificationTexts.URGENT.contains(type);
      String key = "o:" + outboxId;
      members.add(memberId);
      categories.add(category);
      types.add(type);
      keys.add(key);
      titlesZh.add(cut(zh.title(), 120));
      bodiesZh.add(cut(zh.body(), 1000));
      titlesEn.add(cut(en.title(), 200));
      bodiesEn.add(cut(en.body(), 2000));
      links.add(eventId == null ? null : "/events/" + eventId);
      urgents.add(Boolean.toString(urgent));
      boolean wantsPush = !category.equals("REMINDER") || (Boolean) r[9];
      if (wantsPush) {
        Instant due =
            urgent || !(Boolean) r[10]
                ? now
                : QuietWindow.afterQuietHours(
                    now, QuietWindow.time(r[11]), QuietWindow.time(r[12]), config.zone());
        pushes.add(new Pending(key, due));
      }
    }
    Uni<Void> insert =
        members.isEmpty()
            ? Uni.createFrom().voidItem()
            : s.createNativeQuery(INSERT, Object[].class)
                .setParameter("m", members.toArray(new Long[0]))
                .setParameter("c", categories.toArray(new String[0]))
                .setParameter("t", types.toArray(new String[0]))
                .setParameter("k", keys.toArray(new String[0]))
                .setParameter("tz", titlesZh.toArray(new String[0]))
                .setParameter("bz", bodiesZh.toArray(new String[0]))
                .setParameter("te", titlesEn.toArray(new String[0]))
                .setParameter("be", bodiesEn.toArray(new String[0]))
                .setParameter("l", links.toArray(new String[0]))
                .setParameter("u", urgents.toArray(new String[0]))
                .getResultList()
                .chain(inserted -> schedulePushes(s, inserted, pushes));
    return insert
        .chain(
            () ->
                s.createNativeQuery(
                        "update outbox set published_at = now() where id = any(cast(:ids as"
                            + " bigint[]))")
                    .setParameter("ids", outboxIds.toArray(new Long[0]))
                    .executeUpdate())
        .replaceWith(outboxIds.size());
  }

  private Uni<Void> schedulePushes(
      Mutiny.Session s, List<Object[]> inserted, List<Pending> pushes) {
    java.util.Map<String, Long> idByKey = new java.util.HashMap<>();
    for (Object[] row : inserted) {
      idByKey.put((String) row[1], SqlValues.number(row[0]));
    }
    List<Long> ids = new ArrayList<>();
    List<Long> dueMillis = new ArrayList<>();
    for (Pending p : pushes) {
      Long id = idByKey.get(p.dedupKey());
      if (id != null) {
        ids.add(id);
        dueMillis.add(p.dueAt().toEpochMilli());
      }
    }
    if (ids.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return s.createNativeQuery(
            "insert into notification_dispatch (notification_id, next_attempt_at)"
                + " select x.id, to_timestamp(x.due / 1000.0) from unnest(cast(:ids as bigint[]),"
                + " cast(:due as bigint[])) as x(id, due)")
        .setParameter("ids", ids.toArray(new Long[0]))
        .setParameter("due", dueMillis.toArray(new Long[0]))
        .executeUpdate()
        .replaceWithVoid();
  }

  private JsonNode payload(String text) {
    try {
      JsonNode node = json.readTree(text == null ? "{}" : text);
      // Rows written before the outbox bound its payload as text hold a JSON string.
      return node.isTextual() ? json.readTree(node.asText()) : node;
    } catch (IOException e) {
      return json.createObjectNode();
    }
  }

  private static String text(JsonNode payload, String field) {
    return payload.hasNonNull(field) ? payload.get(field).asText() : null;
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
