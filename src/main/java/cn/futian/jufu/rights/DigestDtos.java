package cn.futian.jufu.rights;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** 以案释法: quarterly digests of resolved cases, de-identified and approved (ADR 0027). */
public final class DigestDtos {

  private DigestDtos() {}

  public enum DigestStatus {
    DRAFT,
    APPROVED,
    REJECTED
  }

  @Schema(name = "NewCaseDigestItem")
  public record NewItem(
      @NotNull @Min(1) Long caseId,
      @Schema(
              description =
                  "The legal point the case illustrates; numbers, places and forms of address are"
                      + " taken out")
          @Size(max = 2000)
          String lesson) {}

  @Schema(
      name = "NewCaseDigest",
      description = "Resolved or closed cases of a unit the supervisor supervises, 1 to 20")
  public record NewDigest(
      @NotNull @Min(1) Long orgUnitId,
      @NotBlank @Pattern(regexp = "\\d{4}-Q[1-4]") String quarter,
      @NotBlank @Size(max = 100) String title,
      @NotEmpty @Size(max = 20) List<@NotNull @Valid NewItem> items) {}

  @Schema(name = "CaseDigestItem")
  public record ItemView(
      int position,
      @Schema(description = "Absent once the case file has been erased") Long caseId,
      @Schema(description = "Built from the case's facts, never from what anyone wrote")
          String summary,
      String lesson) {}

  @Schema(name = "CaseDigest")
  public record DigestView(
      long id,
      long orgUnitId,
      String quarter,
      String title,
      DigestStatus status,
      String createdBy,
      OffsetDateTime createdAt,
      String decidedBy,
      OffsetDateTime decidedAt,
      String comment,
      List<ItemView> items) {}

  @Schema(name = "CaseDigestDecision")
  public record Decide(
      @NotNull @Schema(enumeration = {"APPROVED", "REJECTED"}) DigestStatus decision,
      @Size(max = 500) String comment) {}
}
