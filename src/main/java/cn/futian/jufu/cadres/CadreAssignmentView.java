package cn.futian.jufu.cadres;

import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "CadreAssignment")
public record CadreAssignmentView(
    long id,
    @Schema(description = "Keycloak user id (token sub) of the cadre") String subject,
    long orgUnitId,
    String assignedBy,
    OffsetDateTime assignedAt,
    String revokedBy,
    OffsetDateTime revokedAt,
    boolean active) {

  static CadreAssignmentView of(CadreAssignment a) {
    return new CadreAssignmentView(
        a.id,
        a.subject,
        a.orgUnitId,
        a.assignedBy,
        a.assignedAt,
        a.revokedBy,
        a.revokedAt,
        a.isActive());
  }
}
