package cn.futian.jufu.rights;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Cases (个案) and their timeline (ADR 0022). */
public final class CaseDtos {

  private CaseDtos() {}

  /** received (the request) → assessment → case plan → in progress → resolved → closed. */
  public enum CaseStatus {
    ASSESSMENT,
    CASE_PLAN,
    IN_PROGRESS,
    RESOLVED,
    CLOSED
  }

  /** How a case was resolved. */
  public enum Resolution {
    SAFE_AND_SUPPORTED,
    DISPUTE_SETTLED,
    REFERRED_ON,
    WITHDRAWN,
    LOST_CONTACT
  }

  /** What waits for a supervisor. */
  public enum ApprovalKind {
    CASE_PLAN,
    CLOSURE
  }

  public enum Decision {
    APPROVED,
    REJECTED
  }

  /** What a caseworker adds to the timeline herself; the other kinds are written by the moves. */
  public enum EntryKind {
    CONTACT,
    COUNSELLING,
    SAFETY_PLAN,
    FOLLOW_UP,
    NOTE
  }

  @Schema(name = "Case", description = "A case as the case team sees it: facts, no words of hers")
  public record CaseView(
      long id,
      CaseStatus status,
      @Schema(description = "What waits for a supervisor's decision") ApprovalKind pending,
      Long orgUnitId,
      String caseworker,
      String category,
      boolean domesticViolence,
      boolean concernsMinor,
      @Schema(enumeration = {"STANDARD", "MEDIUM", "HIGH"}) String riskLevel,
      Resolution resolution,
      OffsetDateTime resolvedAt,
      OffsetDateTime followUpDue,
      String openedBy,
      OffsetDateTime openedAt,
      OffsetDateTime closedAt,
      @Schema(description = "The requests for help of this case") List<Long> requestIds,
      int version) {}

  @Schema(name = "NewCaseEntry")
  public record NewEntry(
      @NotNull EntryKind kind,
      @Schema(description = "What happened, sealed; shown only when revealed")
          @NotBlank
          @Size(max = 4000)
          String note,
      @Schema(description = "A follow-up due then (SAFETY_PLAN, CONTACT, ...)")
          OffsetDateTime dueAt) {}

  @Schema(name = "CaseEntry", description = "One line of the timeline; its note is sealed")
  public record EntryView(
      long id,
      OffsetDateTime at,
      String actor,
      String kind,
      CaseStatus fromStatus,
      CaseStatus toStatus,
      boolean hasNote,
      OffsetDateTime dueAt,
      Map<String, Object> detail) {}

  @Schema(name = "RevealCaseEntries")
  public record RevealEntries(
      @NotEmpty @Size(max = 50) List<@NotNull @Min(1) Long> entryIds,
      @Schema(example = "准备个案会议") @NotBlank @Size(min = 4, max = 300) String reason) {}

  @Schema(name = "RevealedCaseEntry")
  public record RevealedEntry(long id, String note) {}

  @Schema(name = "CaseApprovalRequest")
  public record ApprovalRequest(
      @NotNull ApprovalKind kind,
      @Schema(description = "The plan, or the closure summary; sealed") @NotBlank @Size(max = 4000)
          String text) {}

  @Schema(name = "CaseApprovalDecision")
  public record DecisionBody(
      @NotNull Decision decision,
      @Schema(description = "Kept with the decision; required for REJECTED") @Size(max = 2000)
          String comment) {}

  @Schema(name = "CaseApproval")
  public record ApprovalView(
      long id,
      long caseId,
      ApprovalKind kind,
      String requestedBy,
      OffsetDateTime requestedAt,
      Decision decision,
      String decidedBy,
      OffsetDateTime decidedAt) {}

  @Schema(name = "ResolveCase")
  public record Resolve(
      @NotNull Resolution resolution,
      @Schema(description = "When to follow up before the case may close") @NotNull
          OffsetDateTime followUpDue,
      @Size(max = 4000) String note) {}

  @Schema(name = "ReopenCase")
  public record Reopen(@NotBlank @Size(min = 4, max = 500) String reason) {}

  @Schema(name = "TransferCase")
  public record Transfer(
      @NotNull @Min(1) Long orgUnitId, @NotBlank @Size(min = 4, max = 500) String reason) {}

  @Schema(name = "AssignCase")
  public record AssignCase(
      @NotNull @Pattern(regexp = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
          String subject) {}
}
