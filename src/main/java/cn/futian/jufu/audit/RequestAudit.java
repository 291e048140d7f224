package cn.futian.jufu.audit;

import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Audits requests in one place, after the response is decided and before it is sent:
 *
 * <ul>
 *   <li>every write (POST, PUT, PATCH, DELETE) by an admin → one {@code admin.write} row, REFUSED
 *       when answered 401/403, ALLOWED otherwise (the status is in the detail);
 *   <li>every other 403 to an authenticated caller, and every 401 to a request that carried a token
 *       → one {@code request.refused} row, unless the feature already recorded the refusal.
 * </ul>
 *
 * One row per request. Search {@code outcome=REFUSED} for every refusal. These rows are awaited; if
 * the audit log cannot be written the failure is logged and the response (already decided, the
 * write already committed) goes out unchanged.
 */
public class RequestAudit {

  private static final Logger LOG = Logger.getLogger(RequestAudit.class);
  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

  private final AuditLog audit;

  RequestAudit(AuditLog audit) {
    this.audit = audit;
  }

  @ServerResponseFilter
  public Uni<Void> auditRequest(
      ContainerRequestContext request,
      ContainerResponseContext response,
      ResourceInfo resource,
      UriInfo uri) {
    int status = response.getStatus();
    boolean refused = status == 401 || status == 403;
    boolean write = WRITES.contains(request.getMethod());
    if (!refused && !write) {
      return Uni.createFrom().voidItem();
    }
    RoutingContext http = audit.currentHttpRequest();
    SecurityIdentity identity =
        http != null && http.user() instanceof QuarkusHttpUser user
            ? user.getSecurityIdentity()
            : null;
    boolean authenticated = identity != null && !identity.isAnonymous();
    boolean admin = authenticated && identity.hasRole(Roles.ADMIN);
    String action;
    if (admin && write) {
      action = AuditEvent.ADMIN_WRITE;
    } else if (!refused
        || (http != null && Boolean.TRUE.equals(http.get(AuditLog.REFUSAL_RECORDED)))) {
      return Uni.createFrom().voidItem();
    } else if (status == 403 && authenticated) {
      action = AuditEvent.REQUEST_REFUSED;
    } else if (status == 401 && request.getHeaderString(HttpHeaders.AUTHORIZATION) != null) {
      action = AuditEvent.REQUEST_REFUSED;
    } else {
      return Uni.createFrom().voidItem();
    }
    String template = template(resource);
    Target target = target(template, uri);
    Map<String, Object> detail = new HashMap<>();
    detail.put("status", status);
    detail.put("template", template);
    AuditEvent event =
        (authenticated
                ? AuditEvent.by(
                    CurrentUser.of(identity),
                    action,
                    refused ? AuditOutcome.REFUSED : AuditOutcome.ALLOWED)
                : AuditEvent.by((String) null, List.of(), action, AuditOutcome.REFUSED))
            .withTarget(target.type(), target.id())
            .withDetail(detail);
    return audit
        .record(event)
        .onFailure()
        .recoverWithItem(
            e -> {
              LOG.errorf(
                  "The %s row for %s %s was not written",
                  action, request.getMethod(), uri.getPath());
              return null;
            });
  }

  /** The matched path template, e.g. {@code /sessions/{id}/registrations}; null if none matched. */
  static String template(ResourceInfo resource) {
    if (resource == null || resource.getResourceClass() == null) {
      return null;
    }
    Path classPath = resource.getResourceClass().getAnnotation(Path.class);
    Method method = resource.getResourceMethod();
    Path methodPath = method == null ? null : method.getAnnotation(Path.class);
    String joined =
        "/"
            + (classPath == null ? "" : classPath.value())
            + "/"
            + (methodPath == null ? "" : methodPath.value());
    String normalised = joined.replaceAll("/+", "/");
    return normalised.length() > 1 && normalised.endsWith("/")
        ? normalised.substring(0, normalised.length() - 1)
        : normalised;
  }

  record Target(String type, String id) {}

  /**
   * The record a request is about, from its template: the literal segment before the first path
   * parameter and that parameter's value ({@code /sessions/{id}/registrations} → session 5); else
   * the last literal segment ({@code POST /org-units} → org-units, no id).
   */
  static Target target(String template, UriInfo uri) {
    if (template == null) {
      return new Target(null, null);
    }
    String[] segments = template.split("/");
    String previous = null;
    for (String segment : segments) {
      if (segment.startsWith("{") && segment.endsWith("}")) {
        String name = segment.substring(1, segment.length() - 1);
        int colon = name.indexOf(':');
        if (colon >= 0) {
          name = name.substring(0, colon).trim();
        }
        String value = uri == null ? null : uri.getPathParameters().getFirst(name);
        return new Target(previous, value);
      }
      if (!segment.isEmpty()) {
        previous = segment;
      }
    }
    return new Target(previous, null);
  }
}
