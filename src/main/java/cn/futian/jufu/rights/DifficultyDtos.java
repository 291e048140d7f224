package cn.futian.jufu.rights;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The register of women and children in difficulty and the visits to them (ADR 0024), with the
 * seed's dimensions, confirmation by the street and households (ADR 0025).
 */
public final class DifficultyDtos {

  private DifficultyDtos() {}

  public enum Kind {
    WOMAN,
    CHILD
  }

  /** Why she (or the child) is on the register; several may apply. */
  public enum Situation {
    SINGLE_PARENT,
    LOW_INCOME,
    SERIOUS_ILLNESS,
    DISABILITY,
    DV_SURVIVOR,
    LEFT_BEHIND_CHILD,
    MIGRANT_CHILD,
    OTHER
  }

  /** Proposed by a community, confirmed (active, improving) or rejected by its street; exited. */
  public enum Status {
    PROPOSED,
    ACTIVE,
    IMPROVING,
    EXITED,
    REJECTED
  }

  /** Highest schooling completed (the annual report's education structure). */
  public enum Education {
    NONE,
    PRIMARY,
    JUNIOR_SECONDARY,
    SENIOR_SECONDARY,
    VOCATIONAL,
    COLLEGE,
    UNIVERSITY
  }

  /** The household's monthly income per head against Shenzhen's thresholds. */
  public enum IncomeBand {
    NO_INCOME,
    SUBSISTENCE,
    LOW,
    LOWER_MIDDLE,
    MIDDLE_OR_ABOVE
  }

  public enum ChangeKind {
    REGISTER,
    UPDATE,
    EXIT
  }

  public enum Decision {
    CONFIRMED,
    REJECTED
  }

  public enum ExitReason {
    SITUATION_IMPROVED,
    MOVED_AWAY,
    AGED_OUT,
    DECEASED,
    DECLINED
  }

  public enum VisitMode {
    HOME,
    PHONE,
    OFFICE
  }

  public enum Support {
    MATERIAL,
    CASH_GRANT,
    COUNSELLING,
    LEGAL,
    REFERRAL,
    SCHOOLING,
    MEDICAL
  }

  public enum EntryField {
    NAME,
    PHONE,
    ID_NUMBER,
    ADDRESS,
    NOTES
  }

  @Schema(name = "NewDifficultyEntry", description = "Who she is is sealed; only facts stay clear")
  public record NewEntry(
      @NotNull @Min(1) Long orgUnitId,
      @NotNull Kind kind,
      @NotEmpty @Size(max = 8) Set<@NotNull Situation> situations,
      @NotBlank @Size(max = 50) String name,
      @Size(max = 30) String phone,
      @Size(max = 30) String idNumber,
      @Size(max = 200) String address,
      @Size(max = 2000) String notes,
      @Schema(description = "A case of hers the caller reaches") @Min(1) Long caseId,
      @Schema(description = "Default: the visit frequency of the risk level from confirmation")
          LocalDate nextVisitDue,
      @Min(1900) @Max(2100) Integer birthYear,
      Education education,
      IncomeBand incomeBand,
      @Schema(description = "Sets how often she is visited (HIGH 30, MEDIUM 90, STANDARD 180 days)")
          RiskScreening.Level riskLevel,
      @Schema(description = "For a child: the entry of her mother (the household)") @Min(1)
          Long householdId) {}

  @Schema(name = "DifficultyEntry", description = "An entry as the case team sees it: masked")
  public record EntryView(
      long id,
      long orgUnitId,
      String caseworker,
      Kind kind,
      List<Situation> situations,
      Long caseId,
      Status status,
      ExitReason exitReason,
      Integer birthYear,
      Education education,
      IncomeBand incomeBand,
      RiskScreening.Level riskLevel,
      @Schema(description = "Days between visits, from the risk level") int visitEveryDays,
      @Schema(description = "The mother's entry, for a child") Long householdId,
      LocalDate nextVisitDue,
      @Schema(description = "Not visited by its due date") boolean visitOverdue,
      @Schema(description = "When the street reviews the entry again") LocalDate reviewDue,
      boolean reviewOverdue,
      @Schema(description = "Absent while proposed") OffsetDateTime confirmedAt,
      @Schema(description = "The change waiting for the street, if any") ChangeKind pendingChange,
      long visits,
      LocalDate lastVisitedOn,
      OffsetDateTime registeredAt,
      @Schema(description = "The sealed fields this entry has") List<EntryField> sealedFields) {}

  @Schema(name = "RevealDifficultyEntry")
  public record Reveal(
      @NotEmpty @Size(max = 5) Set<EntryField> fields,
      @NotBlank @Size(min = 4, max = 300) String reason) {}

  @Schema(name = "RevealedDifficultyEntry")
  public record Revealed(
      long id, String name, String phone, String idNumber, String address, String notes) {}

  @Schema(name = "NewDifficultyVisit")
  public record NewVisit(
      @NotNull LocalDate visitedOn,
      @NotNull VisitMode mode,
      @Size(max = 7) Set<@NotNull Support> support,
      @Schema(description = "What she needs, sealed") @Size(max = 2000) String needs,
      @Schema(description = "When to visit next") LocalDate nextVisitDue) {}

  @Schema(name = "DifficultyVisit")
  public record VisitView(
      long id,
      LocalDate visitedOn,
      String visitor,
      VisitMode mode,
      List<Support> support,
      boolean hasNeeds) {}

  @Schema(
      name = "NewDifficultyChange",
      description =
          "UPDATE: the facts to change (absent ones stay); EXIT: exitReason. Confirmed by a"
              + " supervisor seated at the street or the district, never the proposer.")
  public record NewChange(
      @NotNull ChangeKind kind,
      @Size(min = 1, max = 8) Set<@NotNull Situation> situations,
      @Schema(description = "ACTIVE or IMPROVING") Status status,
      @Min(1900) @Max(2100) Integer birthYear,
      Education education,
      IncomeBand incomeBand,
      RiskScreening.Level riskLevel,
      ExitReason exitReason) {}

  @Schema(name = "DifficultyChange")
  public record ChangeView(
      long id,
      long entryId,
      long orgUnitId,
      ChangeKind kind,
      @Schema(description = "The facts proposed, in clear (never a name)")
          Map<String, Object> proposed,
      String proposedBy,
      OffsetDateTime proposedAt,
      Decision decision,
      String decidedBy,
      OffsetDateTime decidedAt,
      String reason) {}

  @Schema(name = "DifficultyChangeDecision")
  public record Decide(
      @NotNull Decision decision,
      @Schema(description = "Required to reject") @Size(max = 300) String reason) {}
}
