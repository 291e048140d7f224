package cn.futian.jufu.orgunits;

import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What clients see of a unit. */
@Schema(name = "OrgUnit")
public record OrgUnitView(
    long id,
    @Schema(examples = "FT-01-01") String code,
    @Schema(description = "Parent unit id; absent for the district") Long parentId,
    OrgUnitKind kind,
    @Schema(examples = "园岭街道妇联") String nameZh,
    @Schema(examples = "Yuanling Subdistrict Women's Federation") String nameEn,
    @Schema(
            description =
                "True when the name is a placeholder still to be replaced by the real one")
        boolean placeholder,
    @Schema(description = "0 for the district, 1 for a street, 2 for a community, ...") int depth,
    @Schema(description = "When the unit was retired; absent while active")
        OffsetDateTime retiredAt) {

  static OrgUnitView of(OrgUnit u) {
    return new OrgUnitView(
        u.id,
        u.code,
        u.parentId,
        u.kind,
        u.nameZh,
        u.nameEn,
        u.placeholder,
        u.depth(),
        u.retiredAt);
  }
}
