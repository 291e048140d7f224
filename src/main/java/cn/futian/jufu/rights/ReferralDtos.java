package cn.futian.jufu.rights;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Referrals of a case to the partners who act on it (转介), ADR 0023. */
public final class ReferralDtos {

  private ReferralDtos() {}

  public enum TargetKind {
    MEDIATION_COMMITTEE,
    LEGAL_AID,
    POLICE,
    COURT,
    HOTLINE_12338,
    SHELTER,
    VOLUNTEER_LAWYER,
    /** A unit of the federation: its case team receives the referral in this service. */
    OTHER_UNIT
  }

  public enum ReferralStatus {
    SENT,
    ACCEPTED,
    REJECTED,
    DONE,
    REVOKED
  }

  @Schema(
      name = "NewReferral",
      description =
          "Needs her consent, recorded by staff (consentRecorded); without it only a supervisor who"
              + " reaches the case may send it, with a reason (overrideReason).")
  public record NewReferral(
      @NotNull TargetKind targetKind,
      @Schema(description = "Required for OTHER_UNIT, absent otherwise") @Min(1) Long targetUnitId,
      @Schema(example = "福田区法律援助处") @Size(max = 100) String targetName,
      @Schema(description = "What the receiver is told, and nothing more; sealed")
          @NotBlank
          @Size(max = 4000)
          String summary,
      @Schema(description = "She agreed to this referral (staff record it)")
          boolean consentRecorded,
      @Schema(description = "A supervisor's reason to refer without her consent") @Size(max = 500)
          String overrideReason) {}

  @Schema(name = "Referral", description = "A referral as the sending side sees it")
  public record ReferralView(
      long id,
      long caseId,
      TargetKind targetKind,
      Long targetUnitId,
      String targetName,
      @Schema(enumeration = {"RECORDED", "OVERRIDDEN"}) String consent,
      ReferralStatus status,
      String statusReason,
      String sentBy,
      OffsetDateTime sentAt,
      String respondedBy,
      OffsetDateTime respondedAt,
      OffsetDateTime finishedAt) {}

  @Schema(
      name = "IncomingReferral",
      description =
          "What a receiving unit sees: the referral and its summary, nothing else of the case")
  public record IncomingView(
      long id,
      Long targetUnitId,
      String category,
      boolean domesticViolence,
      boolean concernsMinor,
      @Schema(enumeration = {"STANDARD", "MEDIUM", "HIGH"}) String riskLevel,
      String summary,
      ReferralStatus status,
      OffsetDateTime sentAt) {}

  @Schema(name = "ReferralResponse")
  public record Response(
      @NotNull @Schema(enumeration = {"ACCEPTED", "REJECTED"}) ReferralStatus decision,
      @Schema(description = "Required when rejected") @Size(max = 500) String reason) {}

  @Schema(name = "ReferralReason")
  public record Reason(@NotBlank @Size(min = 4, max = 500) String reason) {}
}
