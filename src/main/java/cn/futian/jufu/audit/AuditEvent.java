package cn.futian.jufu.audit;

import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.security.Roles;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One entry for the audit log: who did what to which record, and whether it was allowed. The time,
 * the client address, the request's method and path and its request id are added by {@link
 * AuditLog} from the current HTTP request.
 *
 * @param actorSubject the caller's Keycloak subject; null for an anonymous caller
 * @param actorRoles the caller's API roles, comma-separated (resident, cadre, admin)
 * @param action what was done, e.g. {@link #ATTENDEES_READ}
 * @param targetType the kind of record, e.g. {@code session}, {@code member}
 * @param targetId the record's id
 * @param memberId the member whose personal data it is, when it is one member
 * @param detail short facts: rows, fields revealed, status ... (kept small)
 */
public record AuditEvent(
    String actorSubject,
    String actorRoles,
    String action,
    String targetType,
    String targetId,
    Long memberId,
    AuditOutcome outcome,
    Map<String, Object> detail) {

  /** A cadre or admin read a session's attendee list. */
  public static final String ATTENDEES_READ = "attendees.read";

  /** A cadre or admin exported a session's attendee list (CSV, XLSX). */
  public static final String ATTENDEES_EXPORT = "attendees.export";

  /** A member's own data exported (PIPL access request). */
  public static final String MEMBER_EXPORT = "member.export";

  /** A member's data deleted (PIPL erasure). */
  public static final String MEMBER_DELETE = "member.delete";

  /** A write request (POST, PUT, PATCH, DELETE) by an admin. */
  public static final String ADMIN_WRITE = "admin.write";

  /** A request answered with 403 (or 401 for a bad token). */
  public static final String REQUEST_REFUSED = "request.refused";

  /** An admin searched the audit log. */
  public static final String AUDIT_READ = "audit.read";

  private static final Set<String> API_ROLES =
      Set.of(Roles.RESIDENT, Roles.CADRE, Roles.ADMIN, Roles.CASEWORKER, Roles.CASE_SUPERVISOR);

  public AuditEvent {
    Map<String, Object> kept = new LinkedHashMap<>();
    if (detail != null) {
      detail.forEach(
          (k, v) -> {
            if (k != null && v != null) {
              kept.put(k, v);
            }
          });
    }
    detail = java.util.Collections.unmodifiableMap(kept);
  }

  /** An event by this caller; add the target, member and detail with the {@code with} methods. */
  public static AuditEvent by(CurrentUser user, String action, AuditOutcome outcome) {
    return new AuditEvent(
        user == null ? null : user.subject(),
        user == null ? null : roles(user.roles()),
        action,
        null,
        null,
        null,
        outcome,
        Map.of());
  }

  /** An event by a caller known only by subject and roles (null subject: anonymous). */
  public static AuditEvent by(
      String subject, Collection<String> roles, String action, AuditOutcome outcome) {
    return new AuditEvent(subject, roles(roles), action, null, null, null, outcome, Map.of());
  }

  public AuditEvent withTarget(String type, Object id) {
    return new AuditEvent(
        actorSubject,
        actorRoles,
        action,
        type,
        id == null ? null : String.valueOf(id),
        memberId,
        outcome,
        detail);
  }

  public AuditEvent withMember(Long member) {
    return new AuditEvent(
        actorSubject, actorRoles, action, targetType, targetId, member, outcome, detail);
  }

  /** Adds to the detail (null values are left out). */
  public AuditEvent withDetail(Map<String, ?> more) {
    Map<String, Object> merged = new LinkedHashMap<>(detail);
    merged.putAll(more);
    return new AuditEvent(
        actorSubject, actorRoles, action, targetType, targetId, memberId, outcome, merged);
  }

  /** Only the roles the API knows, sorted: Keycloak's default roles say nothing here. */
  static String roles(Collection<String> roles) {
    if (roles == null) {
      return null;
    }
    TreeSet<String> known = new TreeSet<>();
    roles.stream().filter(API_ROLES::contains).forEach(known::add);
    return known.isEmpty() ? null : String.join(",", known);
  }
}
