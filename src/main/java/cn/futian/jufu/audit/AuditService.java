package cn.futian.jufu.audit;

import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.security.CurrentUser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Searching the audit log (admins). Reads with the reactive SQL client like {@link AuditLog}
 * writes; there is deliberately no method that changes or deletes a row. Every search is itself
 * recorded ({@code audit.read}), and fails if that record cannot be written.
 */
@ApplicationScoped
public class AuditService {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final Pool pool;
  private final AuditLog audit;
  private final ObjectMapper json;

  AuditService(Pool pool, AuditLog audit, ObjectMapper json) {
    this.pool = pool;
    this.audit = audit;
    this.json = json;
  }

  /** What to look for; null fields match everything. {@code from} inclusive, {@code to} not. */
  public record Filter(
      String actor,
      Long memberId,
      String action,
      AuditOutcome outcome,
      OffsetDateTime from,
      OffsetDateTime to) {}

  public Uni<Page<AuditEntry>> search(CurrentUser admin, Filter filter, int page, int size) {
    if (filter.from() != null && filter.to() != null && !filter.to().isAfter(filter.from())) {
      return Uni.createFrom().failure(DomainException.invalid("to", "after-start"));
    }
    List<String> where = new ArrayList<>();
    List<Object> args = new ArrayList<>();
    if (filter.actor() != null) {
      args.add(filter.actor());
      where.add("actor_subject = $" + args.size());
    }
    if (filter.memberId() != null) {
      // The member herself, or a list / export in which her data appeared.
      args.add(filter.memberId());
      where.add(
          "(member_id = $"
              + args.size()
              + " or detail -> 'memberIds' @> jsonb_build_array($"
              + args.size()
              + "::bigint))");
    }
    if (filter.action() != null) {
      args.add(filter.action());
      where.add("action = $" + args.size());
    }
    if (filter.outcome() != null) {
      args.add(filter.outcome().name());
      where.add("outcome = $" + args.size());
    }
    if (filter.from() != null) {
      args.add(filter.from());
      where.add("at >= $" + args.size());
    }
    if (filter.to() != null) {
      args.add(filter.to());
      where.add("at < $" + args.size());
    }
    String condition = where.isEmpty() ? "" : " where " + String.join(" and ", where);
    List<Object> pageArgs = new ArrayList<>(args);
    pageArgs.add((long) size);
    pageArgs.add((long) page * size);
    String select =
        "select id, at, actor_subject, actor_roles, action, target_type, target_id, member_id,"
            + " outcome, detail::text as detail, ip, request_id from audit_log"
            + condition
            + " order by at desc, id desc limit $"
            + (args.size() + 1)
            + " offset $"
            + (args.size() + 2);
    return pool.preparedQuery(select)
        .execute(Tuple.from(pageArgs))
        .map(
            rows -> {
              List<AuditEntry> items = new ArrayList<>();
              for (Row row : rows) {
                items.add(entry(row));
              }
              return items;
            })
        .chain(
            items ->
                pool.preparedQuery("select count(*) from audit_log" + condition)
                    .execute(Tuple.from(args))
                    .map(rows -> new Page<>(items, page, size, rows.iterator().next().getLong(0))))
        .call(result -> audit.record(readEvent(admin, filter, page, size, result)));
  }

  /**
   * The trail of one record, newest first: the entries that name it as their target, and the list
   * reads that showed it (their detail's {@code listKey} array holds its id). The caller records
   * its own read of the trail.
   */
  public Uni<List<AuditEntry>> trailOf(String targetType, long id, String listKey, int limit) {
    if (!listKey.matches("[A-Za-z]+")) {
      throw new IllegalArgumentException("listKey " + listKey);
    }
    String select =
        "select id, at, actor_subject, actor_roles, action, target_type, target_id, member_id,"
            + " outcome, detail::text as detail, ip, request_id from audit_log"
            + " where (target_type = $1 and target_id = $2)"
            + " or detail -> '"
            + listKey
            + "' @> jsonb_build_array($3::bigint)"
            + " order by at desc, id desc limit $4";
    return pool.preparedQuery(select)
        .execute(Tuple.of(targetType, String.valueOf(id), id, (long) limit))
        .map(
            rows -> {
              List<AuditEntry> items = new ArrayList<>();
              for (Row row : rows) {
                items.add(entry(row));
              }
              return items;
            });
  }

  private static AuditEvent readEvent(
      CurrentUser admin, Filter filter, int page, int size, Page<AuditEntry> result) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("actor", filter.actor());
    detail.put("action", filter.action());
    detail.put("outcome", filter.outcome() == null ? null : filter.outcome().name());
    detail.put("from", filter.from() == null ? null : filter.from().toString());
    detail.put("to", filter.to() == null ? null : filter.to().toString());
    detail.put("page", page);
    detail.put("size", size);
    detail.put("rows", result.items().size());
    return AuditEvent.by(admin, AuditEvent.AUDIT_READ, AuditOutcome.ALLOWED)
        .withTarget("audit_log", null)
        .withMember(filter.memberId())
        .withDetail(detail);
  }

  private AuditEntry entry(Row row) {
    String detail = row.getString("detail");
    Map<String, Object> parsed;
    try {
      parsed = detail == null ? Map.of() : json.readValue(detail, MAP);
    } catch (JsonProcessingException e) {
      parsed = Map.of("unreadable", detail);
    }
    return new AuditEntry(
        row.getLong("id"),
        row.getOffsetDateTime("at"),
        row.getString("actor_subject"),
        row.getString("actor_roles"),
        row.getString("action"),
        row.getString("target_type"),
        row.getString("target_id"),
        row.getLong("member_id"),
        AuditOutcome.valueOf(row.getString("outcome")),
        parsed,
        row.getString("ip"),
        row.getString("request_id"));
  }
}
