package cn.futian.jufu.members;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What {@code /me} reads and writes. */
public final class MemberDtos {

  private MemberDtos() {}

  @Schema(name = "Me", description = "The calling member's own profile")
  public record MeView(
      long id,
      String displayName,
      @Schema(description = "Home community, when chosen") UnitRef homeUnit,
      @Schema(description = "Mobile number; only with the profile consent") String phone,
      @Schema(description = "Only with the profile consent") Integer birthYear,
      @Schema(description = "Only with the profile consent") Gender gender,
      @Schema(description = "Only with the marital-status consent; used for matchmaking only")
          MaritalStatus maritalStatus,
      @Schema(description = "Realm roles from the token") List<String> roles,
      @Schema(description = "Units this member manages as a cadre (with their subtrees)")
          List<UnitRef> managedUnits,
      @Schema(description = "Purposes with an active consent") List<ConsentPurpose> consents) {}

  @Schema(name = "UnitRef")
  public record UnitRef(long id, String code, String nameZh, String nameEn) {}

  /**
   * A JSON merge patch (RFC 7396) of the profile: a field left out stays as it is, a field sent as
   * null is cleared. Phone, birth year and gender need an active PROFILE consent.
   */
  @Schema(name = "MePatch")
  public static class MePatch {
    @Schema(implementation = String.class, nullable = true, maxLength = 50, examples = "李娜")
    public Optional<@NotBlank @Size(max = 50) String> displayName;

    @Schema(implementation = Long.class, nullable = true, description = "A community's id")
    public Optional<@Positive Long> homeUnitId;

    @Schema(
        implementation = String.class,
        nullable = true,
        pattern = "^1[3-9][0-9]{9}$",
        examples = "13800138000")
    public Optional<@Pattern(regexp = "1[3-9][0-9]{9}") String> phone;

    @Schema(implementation = Integer.class, nullable = true, minimum = "1900", maximum = "2100")
    public Optional<@Min(1900) @Max(2100) Integer> birthYear;

    @Schema(implementation = Gender.class, nullable = true)
    public Optional<Gender> gender;

    @Schema(
        implementation = MaritalStatus.class,
        nullable = true,
        description = "Needs an active MARITAL_STATUS consent")
    public Optional<MaritalStatus> maritalStatus;
  }

  @Schema(name = "Dependant", description = "A child or spouse in the member's family record")
  public record DependantView(
      long id,
      Dependant.Relation relation,
      String name,
      int birthYear,
      Gender gender,
      @Schema(description = "When the guardian's consent was recorded (children)")
          OffsetDateTime guardianConsentAt) {

    static DependantView of(Dependant d) {
      return new DependantView(
          d.id, d.relation, d.name, d.birthYear, d.gender, d.guardianConsentAt);
    }
  }

  @Schema(name = "AddDependant")
  public record AddDependant(
      @NotNull Dependant.Relation relation,
      @NotBlank @Size(max = 50) String name,
      @NotNull @Min(1900) @Max(2100) Integer birthYear,
      Gender gender) {}

  /** What eligibility checks may know of a member: consented fields only. */
  public record EligibilityProfile(
      long memberId,
      Long homeUnitId,
      Gender gender,
      Integer birthYear,
      MaritalStatus maritalStatus,
      List<ChildRef> children) {}

  /** A child from the family record, usable for family sign-ups. */
  public record ChildRef(long dependantId, int birthYear) {}

  @Schema(name = "GiveConsent")
  public record GiveConsent(
      @NotNull ConsentPurpose purpose,
      @NotBlank
          @Size(max = 20)
          @Schema(description = "Version of the text the member was shown", examples = "2026-11")
          String textVersion) {}

  @Schema(name = "Consent")
  public record ConsentView(
      long id,
      ConsentPurpose purpose,
      String textVersion,
      OffsetDateTime grantedAt,
      OffsetDateTime withdrawnAt,
      boolean active) {

    static ConsentView of(Consent c) {
      return new ConsentView(
          c.id, c.purpose, c.textVersion, c.grantedAt, c.withdrawnAt, c.isActive());
    }
  }

  @Schema(name = "ConsentTextVersion")
  public record ConsentTextVersion(ConsentPurpose purpose, String currentVersion) {}
}
