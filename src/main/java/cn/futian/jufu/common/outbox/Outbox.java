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
