package cn.futian.jufu.common.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Writes domain events for the people concerned into the {@code outbox} table, in the caller's
 * transaction: the change and its notification commit together or not at all. The notifications
 * feature reads and delivers them.
 */
@ApplicationScoped
public class Outbox {

  private final ObjectMapper json;

  Outbox(ObjectMapper json) {
    this.json = json;
  }

  /**
   * An outbox row to write together with another statement of the same transaction, in one round
   * trip ({@link #withEntry}); the hot path of a sign-up uses it.
   */
  public record Entry(
      String aggregateType, long aggregateId, String type, Long memberId, String payload) {}

  /** An entry for {@link #withEntry}: the same row {@link #record} would write. */
  public Entry entry(
      String aggregateType, long aggregateId, String type, Long memberId, Map<String, ?> payload) {
    return new Entry(aggregateType, aggregateId, type, memberId, serialise(payload));
  }

  /**
   * Prefixes a data-modifying statement with the entry's insert ({@code with outboxed as (insert
   * …)}); bind the entry's values with {@link #bind}. PostgreSQL runs both in the one statement, so
   * they succeed or fail together.
   */
  public static String withEntry(String statement) {
    return "with outboxed as (insert into outbox (aggregate_type, aggregate_id, type, member_id,"
        + " payload) values (:outbox_at, :outbox_aid, :outbox_type, :outbox_member,"
        + " cast(cast(:outbox_payload as text) as jsonb))) "
        + statement;
  }

  /** Binds an entry's values to a statement made with {@link #withEntry}. */
  public static <Q extends org.hibernate.reactive.mutiny.Mutiny.MutationQuery> Q bind(
      Q query, Entry entry) {
    query.setParameter("outbox_at", entry.aggregateType());
    query.setParameter("outbox_aid", entry.aggregateId());
    query.setParameter("outbox_type", entry.type());
    query.setParameter("outbox_member", entry.memberId());
    query.setParameter("outbox_payload", entry.payload());
    return query;
  }

  private String serialise(Map<String, ?> payload) {
    try {
      return json.writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Outbox payload is not serialisable", e);
    }
  }

  /** Must run inside a transaction (a service method with {@code @WithTransaction}). */
  public Uni<Void> record(
      String aggregateType, long aggregateId, String type, Long memberId, Map<String, ?> payload) {
    String body = serialise(payload);
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "insert into outbox (aggregate_type, aggregate_id, type, member_id, payload)"
                            + " values (:at, :aid, :type, :member, cast(cast(:payload as text) as jsonb))")
                    .setParameter("at", aggregateType)
                    .setParameter("aid", aggregateId)
                    .setParameter("type", type)
                    .setParameter("member", memberId)
                    .setParameter("payload", body)
                    .executeUpdate())
        .replaceWithVoid();
  }
}
