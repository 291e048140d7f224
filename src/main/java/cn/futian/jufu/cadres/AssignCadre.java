package cn.futian.jufu.cadres;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "AssignCadre")
public record AssignCadre(
    @NotNull
        @Pattern(regexp = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
        @Schema(description = "Keycloak user id", examples = "0a000000-0000-4000-8000-000000000003")
        String subject,
    @NotNull @Positive Long orgUnitId) {}
