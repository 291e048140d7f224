package cn.futian.jufu.servicepoints;

import cn.futian.jufu.members.MemberDtos.UnitRef;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the services directory. */
public final class ServicePointDtos {

  private ServicePointDtos() {}

  /** Digits and dashes: "12338", "0755-83912338". A public service number, not personal data. */
  static final String PHONE = "[0-9][0-9-]*";

  @Schema(name = "CreateServicePoint")
  public record CreateServicePoint(
      @NotNull ServicePointKind kind,
      @NotBlank @Size(max = 100) @Schema(examples = "园岭街道百花社区妇女儿童之家") String nameZh,
      @Size(max = 200) String nameEn,
      @Size(max = 200) @Schema(examples = "深圳市福田区园岭街道百花二路 8 号") String address,
      @Size(max = 200) @Schema(examples = "周一至周五 09:00–18:00") String openingHours,
      @Size(max = 20)
          @Pattern(regexp = PHONE)
          @Schema(description = "A public service number: digits and dashes", examples = "12338")
          String phone,
      @DecimalMin("-90")
          @DecimalMax("90")
          @Schema(description = "WGS-84 latitude; with lng, or neither (a hotline)")
          Double lat,
      @DecimalMin("-180") @DecimalMax("180") @Schema(description = "WGS-84 longitude") Double lng,
      @Size(max = 10) @Schema(description = "Facilities, e.g. 哺乳椅, 尿布台, 无障碍")
          List<@NotBlank @Size(max = 20) String> tags) {}

  /** A JSON merge patch (RFC 7396): a field left out stays, a field sent as null is cleared. */
  @Schema(name = "UpdateServicePoint")
  public static class UpdateServicePoint {
    @Schema(implementation = ServicePointKind.class)
    public Optional<ServicePointKind> kind;

    @Schema(implementation = String.class, maxLength = 100)
    public Optional<@NotBlank @Size(max = 100) String> nameZh;

    @Schema(implementation = String.class, nullable = true, maxLength = 200)
    public Optional<@Size(max = 200) String> nameEn;

    @Schema(implementation = String.class, nullable = true, maxLength = 200)
    public Optional<@Size(max = 200) String> address;

    @Schema(implementation = String.class, nullable = true, maxLength = 200)
    public Optional<@Size(max = 200) String> openingHours;

    @Schema(implementation = String.class, nullable = true, maxLength = 20)
    public Optional<@Size(max = 20) @Pattern(regexp = PHONE) String> phone;

    @Schema(implementation = Double.class, nullable = true)
    public Optional<@DecimalMin("-90") @DecimalMax("90") Double> lat;

    @Schema(implementation = Double.class, nullable = true)
    public Optional<@DecimalMin("-180") @DecimalMax("180") Double> lng;

    @Schema(implementation = String[].class, nullable = true)
    public Optional<@Size(max = 10) List<@NotBlank @Size(max = 20) String>> tags;
  }

  @Schema(name = "ServicePoint", description = "A place or hotline of the services directory")
  public record ServicePointView(
      long id,
      @Schema(description = "The unit that maintains the entry") UnitRef unit,
      ServicePointKind kind,
      String nameZh,
      String nameEn,
      String address,
      @Schema(description = "Free text, e.g. 周一至周五 09:00–18:00") String openingHours,
      String phone,
      @Schema(description = "WGS-84; absent for a hotline") Double lat,
      Double lng,
      List<String> tags,
      @Schema(description = "True while the entry is demo data not yet checked by its unit")
          boolean placeholder,
      @Schema(description = "Metres from the `near` point; only in nearby searches")
          Double distanceMetres,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt,
      int version) {}
}
