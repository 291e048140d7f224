package cn.futian.jufu.checkin;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of check-in. */
public final class CheckinDtos {

  private CheckinDtos() {}

  @Schema(name = "CheckinCode", description = "A signed code to show as a QR image at the venue")
  public record CodeView(
      long registrationId,
      long sessionId,
      int persons,
      @Schema(description = "Compact JWS (ES256); verify with GET /checkin/keys") String code,
      String kid,
      OffsetDateTime validFrom,
      OffsetDateTime validTo) {}

  @Schema(name = "Scan")
  public record Scan(@NotBlank @Size(max = 2000) String code) {}

  @Schema(name = "ScannedItem")
  public record ScannedItem(
      @NotBlank @Size(max = 2000) String code,
      @Schema(description = "When the phone scanned it (offline); default: now")
          OffsetDateTime scannedAt) {}

  @Schema(name = "ScanBatch", description = "Codes scanned offline, uploaded later")
  public record ScanBatch(@NotEmpty @Size(max = 500) List<@NotNull @Valid ScannedItem> items) {}

  /** What happened to one scanned code. */
  public enum Outcome {
    CHECKED_IN,
    ALREADY_CHECKED_IN,
    WRONG_SESSION,
    NOT_CONFIRMED,
    INVALID,
    UNKNOWN_KEY,
    NOT_YET_VALID,
    EXPIRED
  }

  @Schema(name = "ScanResult")
  public record ScanResult(
      @Schema(description = "Position in the uploaded batch (0 for a single scan)") int index,
      Outcome outcome,
      Long registrationId,
      Integer persons,
      OffsetDateTime checkedInAt) {}

  @Schema(name = "ScanBatchResult")
  public record BatchResult(
      int checkedIn, int alreadyCheckedIn, int refused, List<ScanResult> items) {}

  @Schema(name = "NewVenueCode")
  public record NewVenueCode(
      @NotNull @Min(5) @Max(240) @Schema(description = "How long the code is valid")
          Integer minutes) {}

  @Schema(name = "VenueCode", description = "Shown by a cadre; residents enter or scan it")
  public record VenueCodeView(
      long sessionId,
      String code,
      OffsetDateTime validFrom,
      OffsetDateTime validTo,
      @Schema(
              description =
                  "The code as a link to print as a QR code: a phone's camera or WeChat opens the"
                      + " check-in page of the mini-program or the app with it",
              examples = "https://api.fulian.example.invalid/app/checkin?session=42&code=K7Q2M9XP")
          String url) {}

  @Schema(name = "SelfCheckin")
  public record SelfCheckin(@NotBlank @Pattern(regexp = "[A-Za-z0-9]{6,16}") String venueCode) {}

  @Schema(name = "Attendance")
  public record AttendanceView(
      long registrationId,
      long memberId,
      int persons,
      String method,
      String checkedInBy,
      OffsetDateTime checkedInAt) {}
}
