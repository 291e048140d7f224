package cn.futian.jufu.campaigns;

import cn.futian.jufu.events.EventKind;
import cn.futian.jufu.registrations.RegistrationStatus;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public final class CampaignDtos {

  private CampaignDtos() {}

  public enum Status {
    DRAFT,
    SCHEDULED,
    RUNNING,
    PAUSED,
    COMPLETED,
    CANCELLED
  }

  public enum AudienceRole {
    RESIDENT,
    CADRE
  }

  @Schema(
      name = "CampaignAudience",
      description =
          "Who receives the campaign: members matching every criterion given. With none of unitId,"
              + " followersOf and eventId, the residents of the owner unit's subtree. Only members"
              + " who opted in to campaigns receive it, at most the daily cap per member.")
  public record Audience(
      @Schema(description = "Members whose home unit lies in this unit's subtree") @Positive
          Long unitId,
      @Schema(description = "Members who follow this unit") @Positive Long followersOf,
      @Schema(description = "Members interested in any of these kinds of events") @Size(max = 10)
          Set<@NotNull EventKind> kinds,
      @Schema(description = "Members signed up for this event") @Positive Long eventId,
      @Schema(description = "With eventId: only sign-ups in these states") @Size(max = 10)
          Set<@NotNull RegistrationStatus> statuses,
      @Schema(description = "Only residents without an appointment, or only cadres")
          AudienceRole role) {}

  static final String LINK = "/[A-Za-z0-9/_?=&%.-]{0,499}";

  @Schema(name = "CreateCampaign")
  public record CreateCampaign(
      @Schema(description = "The unit sending it; the caller must manage it") @NotNull @Positive
          Long ownerUnitId,
      @NotBlank @Size(max = 60) String titleZh,
      @NotBlank @Size(max = 500) String bodyZh,
      @Size(min = 1, max = 120) String titleEn,
      @Size(min = 1, max = 1000) String bodyEn,
      @Schema(description = "Route in the app, e.g. /events/12") @Pattern(regexp = LINK)
          String link,
      @NotNull @Valid Audience audience,
      @Schema(description = "Send at this time (null: when asked to send)") OffsetDateTime sendAt,
      @Schema(description = "Throttle: messages per minute (null: as fast as the quota allows)")
          @Min(1)
          @Max(600000)
          Integer perMinute) {}

  @Schema(name = "CampaignProgress")
  public record Progress(
      @Schema(description = "Members queued (opted in when the campaign started)") int queued,
      @Schema(description = "Pushes accepted by FCM or WeChat") int sent,
      @Schema(description = "Pushes that failed for good") int failed,
      @Schema(description = "Device tokens removed because FCM said they are gone") int pruned,
      @Schema(description = "Members reached only through the inbox (no device)") int inboxOnly,
      @Schema(description = "Members skipped: opted out since, or over the daily cap") int skipped,
      @Schema(description = "Batches still to send") int batchesLeft) {}

  @Schema(name = "Campaign")
  public record CampaignView(
      long id,
      long ownerUnitId,
      Status status,
      String titleZh,
      String bodyZh,
      String titleEn,
      String bodyEn,
      String link,
      Audience audience,
      OffsetDateTime sendAt,
      Integer perMinute,
      @Schema(description = "Members in the audience when it started") Integer audienceSize,
      Progress progress,
      String createdBy,
      OffsetDateTime createdAt,
      OffsetDateTime startedAt,
      OffsetDateTime finishedAt) {}

  @Schema(name = "AudienceQuery")
  public record AudienceQuery(
      @NotNull @Positive Long ownerUnitId, @NotNull @Valid Audience audience) {}

  @Schema(name = "AudienceEstimate")
  public record AudienceEstimate(
      @Schema(description = "Members matching the audience") long members,
      @Schema(description = "Of those, members who opted in to campaigns") long optedIn,
      @Schema(description = "Of those, members with at least one FCM device") long withDevice,
      @Schema(description = "Of those, members with WeChat bound and no FCM device")
          long withWeChatOnly) {}

  @Schema(name = "CampaignDryRun")
  public record DryRun(
      AudienceEstimate audience,
      @Schema(description = "Payload size of the FCM message in bytes (limit 4096)")
          int payloadBytes,
      @Schema(description = "Device tokens validated with FCM (validate_only)") int sampled,
      @Schema(description = "Of those, tokens FCM accepted") int valid,
      @Schema(description = "Errors FCM reported for the sample, by code")
          Map<String, Integer> errors,
      @Schema(description = "False when FCM is not configured here") boolean fcmChecked) {}

  @Schema(name = "CampaignReport")
  public record Report(
      CampaignView campaign,
      @Schema(description = "Failed pushes by error code") Map<String, Long> failuresByCode,
      @Schema(description = "Seconds from start to finish (or to now)") Long durationSeconds,
      @Schema(description = "Pushes per second over that time") Double messagesPerSecond) {}
}
