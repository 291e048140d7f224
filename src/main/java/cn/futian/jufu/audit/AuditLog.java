package cn.futian.jufu.audit;

import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.error.ProblemCode;
import cn.futian.jufu.common.http.ClientAddress;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Appends to the audit log. Other features call {@link #record} and chain the returned Uni, so the
 * row is written before their response goes out; if it cannot be written the Uni fails with a 503
 * problem and the read it guards fails with it.
 *
 * <p>The row is written with the reactive SQL client in a statement of its own, not through the
 * Hibernate session: it commits even when the caller's transaction rolls back (a refused attempt is
 * recorded all the same). See docs/adr/0011-audit-log-outside-the-transaction.md.
 */
@ApplicationScoped
public class AuditLog {

  private static final Logger LOG = Logger.getLogger(AuditLog.class);

  /** Set on the request once a feature has recorded a refusal, so the filter does not repeat it. */
  static final String REFUSAL_RECORDED = "fulian.audit.refusal-recorded";

  static final String REQUEST_ID_HEADER = "X-Request-Id";

  private static final String INSERT =
      "insert into audit_log (actor_subject, actor_roles, action, target_type, target_id,"
          + " member_id, outcome, detail, ip, request_id)"
          + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

  private final Pool pool;
  private final ObjectMapper json;
  private final CurrentVertxRequest currentRequest;
  private final ClientAddress addresses;

  AuditLog(
      Pool pool, ObjectMapper json, CurrentVertxRequest currentRequest, ClientAddress addresses) {
    this.addresses = addresses;
    this.pool = pool;
    this.json = json;
    this.currentRequest = currentRequest;
  }

  /**
   * Writes one row. The time is the database's; the client address, method, path and request id
   * come from the current HTTP request when there is one (the client's address as {@link
   * ClientAddress} finds it behind trusted proxies).
   */
  public Uni<Void> record(AuditEvent event) {
    RoutingContext http = currentHttpRequest();
    Map<String, Object> detail = new LinkedHashMap<>();
    String ip = null;
    String requestId = null;
    if (http != null) {
      detail.put("method", http.request().method().name());
      detail.put("path", http.request().path());
      ip = addresses.of(http.request());
      requestId = clip(http.request().getHeader(REQUEST_ID_HEADER), 100);
      if (event.outcome() == AuditOutcome.REFUSED) {
        http.put(REFUSAL_RECORDED, Boolean.TRUE);
      }
    }
    detail.putAll(event.detail());
    Tuple row;
    try {
      row =
          Tuple.from(
              Arrays.asList(
                  event.actorSubject(),
                  event.actorRoles(),
                  event.action(),
                  event.targetType(),
                  clip(event.targetId(), 200),
                  event.memberId(),
                  event.outcome().name(),
                  new JsonObject(json.writeValueAsString(detail)),
                  ip,
                  requestId));
    } catch (JsonProcessingException e) {
      return Uni.createFrom().failure(unavailable(event, e));
    }
    return pool.preparedQuery(INSERT)
        .execute(row)
        .replaceWithVoid()
        .onFailure()
        .transform(e -> unavailable(event, e));
  }

  /** The HTTP request being served, or null (a scheduled job, a startup task). */
  RoutingContext currentHttpRequest() {
    ManagedContext requestContext = Arc.container().requestContext();
    if (!requestContext.isActive()) {
      return null;
    }
    return currentRequest.getCurrent();
  }

  private static DomainException unavailable(AuditEvent event, Throwable cause) {
    LOG.errorf(
        cause,
        "Could not write the audit record action=%s actor=%s target=%s:%s",
        event.action(),
        event.actorSubject(),
        event.targetType(),
        event.targetId());
    return new DomainException(ProblemCode.DEPENDENCY_UNAVAILABLE, "dependency-unavailable");
  }

  private static String clip(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
