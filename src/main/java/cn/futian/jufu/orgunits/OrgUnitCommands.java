package cn.futian.jufu.orgunits;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request bodies of the admin operations on the tree. */
public final class OrgUnitCommands {

  private OrgUnitCommands() {}

  @Schema(name = "CreateOrgUnit")
  public record Create(
      @NotBlank
          @Size(max = 40)
          @Pattern(regexp = "[A-Z0-9][A-Z0-9-]*")
          @Schema(
              description = "Stable code, upper case letters, digits and '-'",
              examples = "FT-01-10")
          String code,
      @NotNull @Positive Long parentId,
      @NotNull OrgUnitKind kind,
      @NotBlank @Size(max = 100) @Schema(examples = "百花社区妇联") String nameZh,
      @Size(max = 200) @Schema(examples = "Baihua Community Women's Federation") String nameEn) {}

  @Schema(name = "RenameOrgUnit")
  public record Rename(@NotBlank @Size(max = 100) String nameZh, @Size(max = 200) String nameEn) {}

  @Schema(name = "MoveOrgUnit")
  public record Move(@NotNull @Positive Long parentId) {}

  /** A unit as written in {@code seeds/org-units.csv}. */
  public record Seed(
      String code,
      String parentCode,
      OrgUnitKind kind,
      String nameZh,
      String nameEn,
      boolean placeholder) {}
}
