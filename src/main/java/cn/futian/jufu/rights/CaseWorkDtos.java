package cn.futian.jufu.rights;

import cn.futian.jufu.rights.HelpDtos.ContactBy;
import cn.futian.jufu.rights.RiskScreening.Answer;
import cn.futian.jufu.rights.RiskScreening.Question;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the case team sends and reads (ADR 0021): masked by default, revealed with a reason. */
public final class CaseWorkDtos {

  private CaseWorkDtos() {}

  /** How a contact reached staff. */
  public enum StaffChannel {
    PHONE,
    VISIT,
    REFERRAL
  }

  /** Who referred her (channel REFERRAL). */
  public enum ReferralSource {
    HOTLINE_12338,
    POLICE,
    COURT,
    PROCURATORATE,
    SCHOOL,
    HOSPITAL,
    COMMUNITY_POINT,
    OTHER_UNIT
  }

  /** The sealed fields of a request; each is shown only when revealed with a reason. */
  public enum SealedField {
    ACCOUNT,
    SAFE_CONTACT,
    RISK_ANSWERS,
    TRIAGE_NOTE,
    PHONE,
    ID_NUMBER
  }

  /** What triage made of a contact (分流), so contacts and cases are both counted honestly. */
  public enum Outcome {
    /** Answered on the spot (咨询). */
    CONSULTATION,
    /** Information given or a pointer elsewhere (信息). */
    INFORMATION,
    /** Becomes a case (立案). */
    CASE,
    /** Nothing to do: spam, a prank, a duplicate. */
    NOTHING
  }

  public enum NothingReason {
    SPAM,
    PRANK,
    DUPLICATE
  }

  @Schema(name = "TriageHelpRequest")
  public record Triage(
      @NotNull Outcome outcome,
      @Schema(description = "Required for NOTHING") NothingReason nothingReason,
      @Schema(description = "The earlier request this one repeats (DUPLICATE)") @Min(1)
          Long duplicateOf,
      @Schema(description = "What was answered or noted; sealed, shown only when revealed")
          @Size(max = 2000)
          String note,
      @Schema(
              description =
                  "CASE only: join this open case of the same person instead of opening a new one")
          @Min(1)
          Long caseId) {}

  @Schema(
      name = "HelpRequestSearch",
      description =
          "Find the requests of one person by phone or ID number, through their keyed hashes: the"
              + " numbers travel in the body, never in a URL, and are not stored by the search")
  public record Search(
      @Schema(example = "13812345678") @Size(max = 30) String phone,
      @Size(max = 30) String idNumber) {}

  @Schema(
      name = "StaffIntake",
      description =
          "A call, visit or referral recorded by staff (来电来访登记), under the federation's legal"
              + " duty. Linked to no account; the reference code in the answer can be given to her.")
  public record StaffIntake(
      @Schema(example = "MARRIAGE_FAMILY") @NotBlank @Size(max = 40) String category,
      boolean domesticViolence,
      boolean concernsMinor,
      @Schema(description = "What she told, as recorded") @NotBlank @Size(max = 4000)
          String account,
      @NotNull ContactBy contactBy,
      @Size(max = 500) String safeContact,
      @Schema(description = "The unit that takes it; within the recorder's reach") @NotNull @Min(1)
          Long orgUnitId,
      @NotNull StaffChannel channel,
      @Schema(description = "Required for REFERRAL, absent otherwise")
          ReferralSource referralSource,
      Map<Question, Answer> riskAnswers,
      @Schema(description = "Her phone number, sealed; links her other requests") @Size(max = 30)
          String phone,
      @Schema(description = "Her ID card number, sealed; links her other requests") @Size(max = 30)
          String idNumber,
      @Schema(description = "The console's id of this entry: a retry answers with the same request")
          UUID clientRequestId) {}

  @Schema(name = "RecordedHelpRequest")
  public record Recorded(
      long id,
      @Schema(description = "Shown once: give it to her so she can follow up without an account")
          String reference,
      String riskLevel,
      OffsetDateTime respondBy,
      @Schema(description = "The caseworker it is assigned to; the recorder when she is one")
          String assignedTo) {}

  @Schema(
      name = "CaseHelpRequest",
      description =
          "A request for help as the case team sees it: facts only. What she wrote, how to reach"
              + " her and the risk answers are sealed: see sealedFields and POST .../reveal.")
  public record CaseRequestView(
      long id,
      String category,
      boolean domesticViolence,
      boolean concernsMinor,
      @Schema(enumeration = {"MINI_APP", "PHONE", "VISIT", "REFERRAL"}) String channel,
      ReferralSource referralSource,
      @Schema(description = "Absent: filed without a unit (the district's)") Long orgUnitId,
      boolean anonymous,
      @Schema(description = "Filed from a resident's account (which one is not shown)")
          boolean linkedToAccount,
      ContactBy contactBy,
      @Schema(enumeration = {"STANDARD", "MEDIUM", "HIGH"}) String riskLevel,
      Integer riskVersion,
      @Schema(enumeration = {"CONSENT", "LEGAL_DUTY"}) String legalBasis,
      String status,
      OffsetDateTime receivedAt,
      OffsetDateTime respondBy,
      @Schema(description = "Not answered and past its time to respond") boolean overdue,
      String assignedTo,
      String recordedBy,
      @Schema(description = "The sealed fields this request has") List<SealedField> sealedFields,
      Outcome outcome,
      NothingReason nothingReason,
      Long duplicateOf,
      OffsetDateTime triagedAt,
      String triagedBy,
      @Schema(description = "The case it opened or joined") Long caseId,
      @Schema(
              description =
                  "In the detail only: other requests in my reach with the same phone or ID number"
                      + " (blind index), newest first")
          List<Long> samePersonIds) {}

  @Schema(name = "RevealHelpRequestFields")
  public record Reveal(
      @NotEmpty @Size(max = 6) Set<SealedField> fields,
      @Schema(
              description =
                  "Why you need to see it (kept in the audit log, read by the supervisor)",
              example = "回电核实安全联系时间")
          @NotBlank
          @Size(min = 4, max = 300)
          String reason) {}

  @Schema(name = "RevealedHelpRequestFields", description = "Only the fields asked for")
  public record Revealed(
      long id,
      String account,
      String safeContact,
      Map<Question, Answer> riskAnswers,
      Integer riskVersion,
      String triageNote,
      String phone,
      String idNumber) {}

  @Schema(name = "AssignHelpRequest")
  public record Assign(
      @NotNull
          @Pattern(regexp = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
          @Schema(description = "Keycloak user id of a caseworker or supervisor on the team")
          String subject) {}
}
