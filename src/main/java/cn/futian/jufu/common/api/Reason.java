package cn.futian.jufu.common.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Why a cadre does what she does (a rejection, a waiver): kept with the change. */
@Schema(name = "Reason")
public record Reason(@NotBlank @Size(max = 500) String reason) {}
