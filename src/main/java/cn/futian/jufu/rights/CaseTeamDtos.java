package cn.futian.jufu.rights;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public final class CaseTeamDtos {

  private CaseTeamDtos() {}

  /** A place on the case team; the Keycloak user must also hold the matching realm role. */
  public enum CaseRole {
    /**
     * Reads the requests assigned to her; records intake in her unit's subtree. Role caseworker.
     */
    CASEWORKER,
    /** Reads and assigns everything of her unit and below. Role case-supervisor. */
    SUPERVISOR
  }

  @Schema(name = "AssignCaseTeam")
  public record AssignCaseTeam(
      @NotNull
          @Pattern(regexp = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
          @Schema(
              description = "Keycloak user id",
              examples = "0a000000-0000-4000-8000-000000000007")
          String subject,
      @NotNull @Positive Long orgUnitId,
      @NotNull CaseRole role) {}

  @Schema(name = "CaseTeamMember", description = "An appointment to the case team (维权工作队伍)")
  public record CaseTeamView(
      long id,
      @Schema(description = "Keycloak user id (token sub)") String subject,
      long orgUnitId,
      CaseRole role,
      String assignedBy,
      OffsetDateTime assignedAt,
      String revokedBy,
      OffsetDateTime revokedAt,
      boolean active) {}
}
