package cn.futian.jufu.checkin;

import cn.futian.jufu.checkin.CheckinDtos.AttendanceView;
import cn.futian.jufu.checkin.CheckinDtos.BatchResult;
import cn.futian.jufu.checkin.CheckinDtos.CodeView;
import cn.futian.jufu.checkin.CheckinDtos.ScanResult;
import cn.futian.jufu.checkin.CheckinDtos.VenueCodeView;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.security.Roles;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Check-in", description = "签到: QR codes verified offline, scans, self check-in")
public class CheckinResource {

  private final CheckinService service;
  private final SecurityIdentity identity;

  CheckinResource(CheckinService service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
  }

  @GET
  @Path("registrations/{id}/checkin-code")
  @Authenticated
  @Operation(summary = "My signed check-in code for a confirmed registration")
  public Uni<CodeView> getCheckinCode(@PathParam("id") @Min(1) long id) {
    return service.code(CurrentUser.of(identity), id);
  }

  @GET
  @Path("registrations/{id}/checkin-code/qr")
  @Authenticated
  @Produces({"image/png", "application/problem+json"})
  @Operation(summary = "My check-in code as a QR image (PNG) to show at the venue")
  public Uni<Response> getCheckinQr(@PathParam("id") @Min(1) long id) {
    // The code is read and signed on the event loop; the image is drawn on a worker.
    return service
        .code(CurrentUser.of(identity), id)
        .emitOn(Infrastructure.getDefaultWorkerPool())
        .map(
            code ->
                Response.ok(QrCodes.png(code.code(), 360), "image/png")
                    .header("Cache-Control", "private, no-store")
                    .build());
  }

  @GET
  @Path("checkin/keys")
  @PermitAll
  @SecurityRequirementsSet // public: no token needed
  @Operation(
      summary = "Public keys (JWK set) that verify check-in codes offline",
      description = "No login needed. Cache for a few minutes; fetch again on an unknown kid.")
  public Uni<Response> getCheckinKeys() {
    return service
        .publicKeys()
        .map(
            jwks ->
                Response.ok(jwks, "application/jwk-set+json")
                    .header("Cache-Control", "public, max-age=300")
                    .build());
  }

  @POST
  @Path("checkin/keys/rotate")
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Start signing with a new key; codes already issued stay valid (admins)")
  public Uni<Map<String, String>> rotateCheckinKey() {
    return service.rotate().map(kid -> Map.of("kid", kid));
  }

  @POST
  @Path("checkin/keys/{kid}/retire")
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Stop accepting codes signed with a key (admins)")
  public Uni<Response> retireCheckinKey(
      @PathParam("kid") @Pattern(regexp = "[A-Za-z0-9-]{1,40}") String kid) {
    return service.retire(kid).map(v -> Response.noContent().build());
  }

  @POST
  @Path("sessions/{id}/checkins")
  @Authenticated
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Check one person in by scanning their code (cadres, online)")
  public Uni<ScanResult> scanCheckin(
      @PathParam("id") @Min(1) long id, @NotNull @Valid CheckinDtos.Scan body) {
    return service.scan(CurrentUser.of(identity), id, body.code());
  }

  @POST
  @Path("sessions/{id}/checkins/batch")
  @Authenticated
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Upload codes scanned offline; every item gets its own outcome",
      description = "Idempotent: a code checked in before is reported ALREADY_CHECKED_IN.")
  public Uni<BatchResult> uploadCheckins(
      @PathParam("id") @Min(1) long id, @NotNull @Valid CheckinDtos.ScanBatch body) {
    return service.batch(CurrentUser.of(identity), id, body.items());
  }

  @POST
  @Path("sessions/{id}/venue-codes")
  @Authenticated
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Open self check-in with a venue code valid for a few minutes (cadres)")
  public Uni<VenueCodeView> openVenueCode(
      @PathParam("id") @Min(1) long id, @NotNull @Valid CheckinDtos.NewVenueCode body) {
    return service.openVenueCode(CurrentUser.of(identity), id, body.minutes());
  }

  @GET
  @Path("sessions/{id}/attendance")
  @Authenticated
  @Operation(summary = "Who came: when, how and checked in by whom (cadres)")
  public Uni<List<AttendanceView>> listAttendance(@PathParam("id") @Min(1) long id) {
    return service.attendance(CurrentUser.of(identity), id);
  }
}
