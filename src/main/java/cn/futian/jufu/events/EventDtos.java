package cn.futian.jufu.events;

import cn.futian.jufu.members.MemberDtos.UnitRef;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the events API. */
public final class EventDtos {

  private EventDtos() {}

  @Schema(name = "Venue")
  public record Venue(
      @Size(max = 200) @Schema(examples = "深圳市福田区园岭街道百花二路 妇女儿童之家") String address,
      @DecimalMin("-90") @DecimalMax("90") Double lat,
      @DecimalMin("-180") @DecimalMax("180") Double lng) {}

  @Schema(name = "QuestionInput")
  public record QuestionInput(
      @NotNull EventQuestion.Type type,
      @NotBlank @Size(max = 200) String label,
      boolean required,
      @Size(max = 20) List<@NotBlank @Size(max = 50) String> options,
      Double minValue,
      Double maxValue,
      @Min(1) @Max(2000) Integer maxLength) {}

  @Schema(name = "SessionInput")
  public record SessionInput(
      @NotNull OffsetDateTime startsAt,
      @NotNull OffsetDateTime endsAt,
      @NotNull SignUpMode mode,
      @NotNull @Min(0) @Max(100000) Integer capacity,
      @Schema(description = "Gender-balanced sessions: seats for women (with capacityMale)")
          @Min(0)
          @Max(50000)
          Integer capacityFemale,
      @Min(0) @Max(50000) Integer capacityMale,
      OffsetDateTime registrationOpensAt,
      @Schema(description = "End of sign-up; for a lottery the end of the application window")
          OffsetDateTime registrationClosesAt,
      @Schema(description = "Members may cancel until then (default: the session's start)")
          OffsetDateTime cancelDeadline,
      @Schema(description = "Promoted people must confirm within this many minutes")
          @Min(5)
          @Max(10080)
          Integer offerWindowMinutes,
      @Schema(description = "Confirmed members must reconfirm 48 h to 24 h before the start")
          Boolean reconfirm) {}

  @Schema(name = "CreateEvent")
  public record CreateEvent(
      @NotNull @Positive Long ownerUnitId,
      @NotNull EventKind kind,
      @Schema(description = "Required for FAMILY_HAPPINESS_COURSE") CourseCategory courseCategory,
      @NotBlank @Size(max = 60) String title,
      @NotBlank @Size(max = 5000) String description,
      @Valid Venue venue,
      @Size(max = 500)
          @Pattern(regexp = "https://\\S+")
          @Schema(description = "Stored as given, never fetched by the server")
          String coverImageUrl,
      @NotEmpty @Size(max = 20) List<@NotNull @Positive Long> audienceUnitIds,
      @Valid Eligibility eligibility,
      @Size(max = 20) List<@NotNull @Valid QuestionInput> questions,
      @NotEmpty @Size(max = 60) List<@NotNull @Valid SessionInput> sessions,
      @Schema(description = "Minutes before each session to remind registrants (default 1440, 120)")
          @Size(max = 5)
          List<@NotNull @Min(10) @Max(20160) Integer> reminderOffsetsMinutes) {}

  /** Merge patch of an event's descriptive fields (absent = unchanged). */
  @Schema(name = "UpdateEvent")
  public static class UpdateEvent {
    @Schema(implementation = String.class, maxLength = 60)
    public Optional<@NotBlank @Size(max = 60) String> title;

    @Schema(implementation = String.class, maxLength = 5000)
    public Optional<@NotBlank @Size(max = 5000) String> description;

    @Schema(implementation = Venue.class, nullable = true)
    public Optional<@Valid Venue> venue;

    @Schema(implementation = String.class, nullable = true, maxLength = 500)
    public Optional<@Size(max = 500) @Pattern(regexp = "https://\\S+") String> coverImageUrl;
  }

  /** Changes to a session: times, capacity (with pools), windows. Absent = unchanged. */
  @Schema(name = "UpdateSession")
  public record UpdateSession(
      OffsetDateTime startsAt,
      OffsetDateTime endsAt,
      @Min(0) @Max(100000) Integer capacity,
      @Min(0) @Max(50000) Integer capacityFemale,
      @Min(0) @Max(50000) Integer capacityMale,
      OffsetDateTime registrationClosesAt,
      OffsetDateTime cancelDeadline) {}

  @Schema(name = "EventTransition")
  public record Transition(
      @NotNull EventLifecycle.Action action,
      @Size(max = 500) @Schema(description = "Why (rejections and cancellations)") String reason) {}

  @Schema(name = "Question")
  public record QuestionView(
      long id,
      int position,
      EventQuestion.Type type,
      String label,
      boolean required,
      List<String> options,
      Double minValue,
      Double maxValue,
      Integer maxLength) {

    static QuestionView of(EventQuestion q) {
      return new QuestionView(
          q.id,
          q.position,
          q.type,
          q.label,
          q.required,
          q.optionList(),
          q.minValue,
          q.maxValue,
          q.maxLength);
    }
  }

  @Schema(name = "MyRegistrationRef")
  public record MyRegistration(
      long id,
      String status,
      @Schema(description = "1-based place on the waitlist") Integer waitlistPosition) {}

  @Schema(name = "Session")
  public record SessionView(
      long id,
      OffsetDateTime startsAt,
      OffsetDateTime endsAt,
      SignUpMode mode,
      int capacity,
      Integer capacityFemale,
      Integer capacityMale,
      @Schema(description = "Free seats now (all pools)") int seatsLeft,
      Integer seatsLeftFemale,
      Integer seatsLeftMale,
      OffsetDateTime registrationOpensAt,
      OffsetDateTime registrationClosesAt,
      OffsetDateTime cancelDeadline,
      Integer offerWindowMinutes,
      boolean reconfirm,
      @Schema(description = "Lottery: SHA-256 of the seed, published before the window closes")
          String lotterySeedCommitment,
      @Schema(description = "Lottery: the seed, revealed at the draw") String lotterySeed,
      OffsetDateTime lotteryDrawnAt,
      OffsetDateTime cancelledAt,
      @Schema(description = "The caller's registration, if any") MyRegistration myRegistration) {}

  @Schema(name = "Event")
  public record EventView(
      long id,
      UnitRef ownerUnit,
      EventKind kind,
      CourseCategory courseCategory,
      String title,
      String description,
      Venue venue,
      String coverImageUrl,
      EventStatus status,
      List<UnitRef> audience,
      Eligibility eligibility,
      List<QuestionView> questions,
      List<SessionView> sessions,
      List<Integer> reminderOffsetsMinutes,
      OffsetDateTime publishedAt,
      @Schema(
              description = "The link to share (opens the event in the mini-program or the app)",
              examples = "https://api.fulian.example.invalid/app/events/12")
          String shareUrl) {}

  @Schema(name = "EventSummary", description = "An event in a list")
  public record EventSummary(
      long id,
      EventKind kind,
      CourseCategory courseCategory,
      String title,
      EventStatus status,
      UnitRef ownerUnit,
      Venue venue,
      String coverImageUrl,
      @Schema(description = "The next session's start") OffsetDateTime nextStartsAt,
      @Schema(description = "Free seats over the upcoming sessions") int seatsLeft,
      @Schema(description = "Distance from the given point, in metres") Integer distanceMetres) {}
}
