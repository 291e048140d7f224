package cn.futian.jufu.devices;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public final class DeviceDtos {

  private DeviceDtos() {}

  public enum Platform {
    ANDROID,
    IOS,
    WEB
  }

  @Schema(name = "RegisterDevice")
  public record RegisterDevice(
      @Schema(description = "FCM registration token from the app")
          @NotBlank
          @Size(max = 512)
          @Pattern(regexp = "[A-Za-z0-9_:\\-.]+")
          String token,
      @NotNull Platform platform,
      @Size(max = 40) String appVersion,
      @Schema(description = "BCP 47 language tag of the device, e.g. zh-CN")
          @Size(max = 20)
          @Pattern(regexp = "[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")
          String locale) {}

  @Schema(name = "Device", description = "A phone or browser that receives pushes")
  public record DeviceView(
      long id,
      @Schema(description = "The first characters of the token only") String tokenPrefix,
      Platform platform,
      String appVersion,
      String locale,
      OffsetDateTime createdAt,
      OffsetDateTime lastSeenAt) {}
}
