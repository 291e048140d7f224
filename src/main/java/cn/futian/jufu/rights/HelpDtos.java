package cn.futian.jufu.rights;

import cn.futian.jufu.rights.RiskScreening.Answer;
import cn.futian.jufu.rights.RiskScreening.Question;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public final class HelpDtos {

  private HelpDtos() {}

  /** How she may be contacted; anything sent to her carries a neutral text only. */
  public enum ContactBy {
    /** Messages in the app's inbox only, never a push or a call (a phone that may not be hers). */
    INBOX_ONLY,
    PHONE,
    WECHAT
  }

  @Schema(name = "HelpCategory", description = "A category of help requests (维权类别)")
  public record CategoryView(String code, String nameZh, String nameEn) {}

  @Schema(
      name = "NewHelpRequest",
      description =
          "A request for help (求助). Signed in or not: without a login, or with anonymous=true, it"
              + " is linked to no account and the reference code is the only way back to it.")
  public record NewHelpRequest(
      @Schema(description = "A code of GET /help-categories", example = "MARRIAGE_FAMILY")
          @NotBlank
          @Size(max = 40)
          String category,
      @Schema(description = "Violence at home (家庭暴力)") boolean domesticViolence,
      @Schema(description = "The request concerns a child") boolean concernsMinor,
      @Schema(description = "What happened and what help she asks for, in her own words")
          @NotBlank
          @Size(max = 4000)
          String account,
      @NotNull ContactBy contactBy,
      @Schema(
              description =
                  "How and when it is safe to reach her (a number, times to avoid); required for"
                      + " PHONE")
          @Size(max = 500)
          String safeContact,
      @Schema(description = "Signed in: true files the request without linking my account")
          boolean anonymous,
      @Schema(description = "The community or street she turns to; the district when absent")
          @Min(1)
          Long orgUnitId,
      @Schema(
              description =
                  "Answers of the risk screening (version 1); for domestic violence. Unanswered"
                      + " questions count as unknown.")
          Map<Question, Answer> riskAnswers,
      @Schema(
              description =
                  "The app's id of this submission: a retry answers with the same request")
          UUID clientRequestId) {}

  @Schema(
      name = "HelpRequestReceipt",
      description =
          "The acknowledgement: the request is stored. Keep the reference code: it is shown once"
              + " and is the way to follow up without an account.")
  public record Receipt(
      @Schema(example = "K7QM-2XHP-9RDA") String reference,
      String status,
      OffsetDateTime receivedAt,
      @Schema(description = "By when the federation responds") OffsetDateTime respondBy,
      boolean anonymous) {}

  @Schema(name = "HelpRequestLookup")
  public record Lookup(
      @Schema(example = "K7QM-2XHP-9RDA") @NotBlank @Size(max = 40) String reference) {}

  @Schema(
      name = "HelpRequestStatus",
      description = "Where a request stands; never what she wrote, nor staff notes")
  public record StatusView(
      @Schema(description = "Null in the reference look-up") Long id,
      String category,
      String status,
      OffsetDateTime receivedAt,
      OffsetDateTime respondBy) {}
}
