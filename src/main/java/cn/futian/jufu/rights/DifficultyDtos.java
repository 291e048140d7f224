package cn.futian.jufu.rights;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The register of women and children in difficulty and the visits to them (ADR 0024). */
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
      LocalDate nextVisitDue) {}

  @Schema(name = "DifficultyEntry", description = "An entry as the case team sees it: masked")
  public record EntryView(
      long id,
      long orgUnitId,
      String caseworker,
      Kind kind,
      List<Situation> situations,
      Long caseId,
      @Schema(enumeration = {"ACTIVE", "EXITED"}) String status,
      ExitReason exitReason,
      LocalDate nextVisitDue,
      @Schema(description = "Not visited by its due date") boolean visitOverdue,
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

  @Schema(name = "ExitDifficultyEntry")
  public record Exit(@NotNull ExitReason reason) {}
}
