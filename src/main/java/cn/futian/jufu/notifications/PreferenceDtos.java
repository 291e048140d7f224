package cn.futian.jufu.notifications;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public final class PreferenceDtos {

  private PreferenceDtos() {}

  static final String HH_MM = "([01][0-9]|2[0-3]):[0-5][0-9]";

  @Schema(
      name = "QuietHours",
      description = "Times in Asia/Shanghai; the window may cross midnight")
  public record QuietHours(
      @NotNull Boolean enabled,
      @NotNull @Pattern(regexp = HH_MM) @Schema(example = "22:00") String start,
      @NotNull @Pattern(regexp = HH_MM) @Schema(example = "08:00") String end) {}

  @Schema(
      name = "NotificationPreferences",
      description =
          "Sign-up updates (confirmations, waitlist moves, changed or cancelled events) always"
              + " reach the inbox and the phone. Reminders can be switched off; campaigns reach"
              + " only members who opted in. Non-urgent pushes wait for the end of quiet hours.")
  public record PreferencesView(
      @Schema(description = "Always true: sign-up updates cannot be switched off")
          boolean signUpUpdates,
      boolean reminders,
      boolean campaigns,
      OffsetDateTime campaignsOptedInAt,
      QuietHours quietHours,
      @Schema(enumeration = {"zh-CN", "en"}) String language) {}

  @Schema(name = "NotificationPreferencesUpdate")
  public record PreferencesUpdate(
      @NotNull Boolean reminders,
      @Schema(description = "Opt in to (true) or out of (false) the federation's campaigns")
          @NotNull
          Boolean campaigns,
      @NotNull @Valid QuietHours quietHours,
      @NotNull @Pattern(regexp = "zh-CN|en") @Schema(enumeration = {"zh-CN", "en"})
          String language) {}
}
