package cn.futian.jufu.audit;

import java.time.OffsetDateTime;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One row of the audit log, as admins read it. */
@Schema(name = "AuditEntry", description = "审计记录: who did what to which record, when, from where")
public record AuditEntry(
    long id,
    OffsetDateTime at,
    @Schema(description = "Keycloak user id (token sub) of the caller; null when anonymous")
        String actorSubject,
    @Schema(description = "The caller's API roles, comma-separated", example = "cadre,resident")
        String actorRoles,
    @Schema(example = "attendees.export") String action,
    @Schema(example = "sessions") String targetType,
    String targetId,
    @Schema(description = "The member whose personal data it is, when it is one member")
        Long memberId,
    AuditOutcome outcome,
    @Schema(description = "method, path, status, rows, fields revealed, memberIds of a list")
        Map<String, Object> detail,
    @Schema(description = "Client address as the server saw it") String ip,
    String requestId) {}
