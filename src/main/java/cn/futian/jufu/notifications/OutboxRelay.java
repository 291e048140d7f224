package cn.futian.jufu.notifications;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns the outbox that sign-up, events and reminders write into inbox notifications and pending
 * pushes, in one transaction per batch: an outbox row is marked published exactly when its
 * notification exists. The dedup key {@code o:<outbox id>} keeps a row that is relayed twice (a
 * crash between claim and commit cannot do that, but a restored backup could) out of the inbox the
 * second time.
 */
@ApplicationScoped
public class OutboxRelay {

  private final RelayRepository relay;
  private final NotificationConfig config;
  private final ObjectMapper json;

  OutboxRelay(RelayRepository relay, NotificationConfig config, ObjectMapper json) {
    this.relay = relay;
    this.config = config;
    this.json = json;
  }

  /** Relays one batch; returns how many outbox rows it consumed. */
  @WithTransaction
  public Uni<Integer> relayBatch() {
    return relay
        .claim(config.relayBatch())
        .chain(rows -> rows.isEmpty() ? Uni.createFrom().item(0) : relay(rows));
  }

  /** Deletes published outbox rows older than the retention; returns how many. */
  @WithTransaction
  public Uni<Integer> purgePublished() {
    return relay.purgePublishedBefore(OffsetDateTime.now().minus(config.outboxRetention()));
  }

  private record Pending(String dedupKey, Instant dueAt) {}

  private Uni<Integer> relay(List<RelayRepository.Claimed> rows) {
    Instant now = Instant.now();
    List<Long> outboxIds = new ArrayList<>();
    List<RelayRepository.NewNotification> inbox = new ArrayList<>();
    List<Pending> pushes = new ArrayList<>();
    for (RelayRepository.Claimed r : rows) {
      outboxIds.add(r.outboxId());
      if (r.memberId() == null) {
        continue; // nobody to tell
      }
      JsonNode payload = payload(r.payload());
      OffsetDateTime startsAt =
          r.type().equals("SESSION_TIME_CHANGED") && payload.hasNonNull("startsAt")
              ? OffsetDateTime.parse(payload.get("startsAt").asText())
              : r.startsAt();
      OffsetDateTime deadline =
          payload.hasNonNull("deadline")
              ? OffsetDateTime.parse(payload.get("deadline").asText())
              : r.offerExpiresAt();
      NotificationTexts.Facts facts =
          new NotificationTexts.Facts(
              r.type(),
              r.eventTitle() == null ? text(payload, "title") : r.eventTitle(),
              startsAt,
              r.venueAddress(),
              text(payload, "reason"),
              deadline);
      NotificationTexts.Text zh =
          NotificationTexts.render(facts, NotificationTexts.ZH, config.zone());
      NotificationTexts.Text en =
          NotificationTexts.render(facts, NotificationTexts.EN, config.zone());
      String category = NotificationTexts.category(r.type());
      boolean urgent = NotificationTexts.URGENT.contains(r.type());
      String key = "o:" + r.outboxId();
      inbox.add(
          new RelayRepository.NewNotification(
              r.memberId(),
              category,
              r.type(),
              key,
              cut(zh.title(), 120),
              cut(zh.body(), 1000),
              cut(en.title(), 200),
              cut(en.body(), 2000),
              r.eventId() == null ? null : "/events/" + r.eventId(),
              urgent));
      boolean wantsPush = !category.equals("REMINDER") || r.reminders();
      if (wantsPush) {
        Instant due =
            urgent || !r.quietEnabled()
                ? now
                : QuietWindow.afterQuietHours(now, r.quietStart(), r.quietEnd(), config.zone());
        pushes.add(new Pending(key, due));
      }
    }
    return relay
        .insert(inbox)
        .chain(idByKey -> schedulePushes(idByKey, pushes))
        .chain(() -> relay.markPublished(outboxIds))
        .replaceWith(outboxIds.size());
  }

  private Uni<Integer> schedulePushes(Map<String, Long> idByKey, List<Pending> pushes) {
    List<Long> ids = new ArrayList<>();
    List<Long> dueMillis = new ArrayList<>();
    for (Pending p : pushes) {
      Long id = idByKey.get(p.dedupKey());
      if (id != null) {
        ids.add(id);
        dueMillis.add(p.dueAt().toEpochMilli());
      }
    }
    return relay.scheduleDispatch(ids, dueMillis);
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
