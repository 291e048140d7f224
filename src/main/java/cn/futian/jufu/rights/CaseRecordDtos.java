package cn.futian.jufu.rights;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Protection orders, warning letters and mediation of a case (ADR 0023). */
public final class CaseRecordDtos {

  private CaseRecordDtos() {}

  public enum OrderKind {
    /** 人身安全保护令 (court). */
    PROTECTION_ORDER,
    /** 告诫书 (police). */
    WARNING_LETTER
  }

  public enum OrderStatus {
    APPLIED,
    ISSUED,
    REFUSED
  }

  public enum Venue {
    /** 人民调解委员会 (婚姻家庭纠纷调解). */
    COMMITTEE,
    /** The court's mediation room (诉调对接). */
    COURT_ROOM
  }

  public enum MediationOutcome {
    SETTLED,
    NOT_SETTLED,
    WITHDRAWN
  }

  @Schema(name = "NewCaseOrder")
  public record NewOrder(
      @NotNull OrderKind kind,
      @Schema(example = "福田区人民法院") @Size(max = 100) String issuer,
      @NotNull LocalDate appliedOn) {}

  @Schema(name = "CaseOrderDecision")
  public record OrderDecision(
      @NotNull @Schema(enumeration = {"ISSUED", "REFUSED"}) OrderStatus status,
      @NotNull LocalDate decidedOn,
      @Schema(description = "Required for an issued protection order; reminded before")
          LocalDate expiresOn) {}

  @Schema(name = "CaseOrderViolation")
  public record Violation(
      @Schema(description = "What happened; sealed on the timeline")
          @NotNull
          @Size(min = 1, max = 2000)
          String note) {}

  @Schema(name = "CaseOrder")
  public record OrderView(
      long id,
      long caseId,
      OrderKind kind,
      OrderStatus status,
      String issuer,
      LocalDate appliedOn,
      LocalDate decidedOn,
      LocalDate expiresOn,
      int violations) {}

  @Schema(name = "NewMediation")
  public record NewMediation(
      @NotNull Venue venue,
      @Schema(description = "How many parties (roles, never names)") @Min(2) @Max(10) int parties,
      @NotNull LocalDate startedOn) {}

  @Schema(name = "NewMediationSession")
  public record NewSession(
      @NotNull LocalDate heldOn, @Schema(description = "Sealed") @Size(max = 4000) String note) {}

  @Schema(name = "MediationOutcomeBody")
  public record Outcome(@NotNull MediationOutcome outcome, @NotNull LocalDate endedOn) {}

  @Schema(name = "Mediation")
  public record MediationView(
      long id,
      long caseId,
      Venue venue,
      int parties,
      MediationOutcome outcome,
      LocalDate startedOn,
      LocalDate endedOn,
      List<SessionView> sessions) {}

  @Schema(name = "MediationSession")
  public record SessionView(long id, LocalDate heldOn, String mediator, boolean hasNote) {}
}
