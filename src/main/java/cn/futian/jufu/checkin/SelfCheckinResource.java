package cn.futian.jufu.checkin;

import cn.futian.jufu.checkin.CheckinDtos.ScanResult;
import cn.futian.jufu.common.security.CurrentUser;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /me/checkins}: its own class, since JAX-RS matches {@code /me} by class first. */
@Path("/me/checkins")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Check-in")
public class SelfCheckinResource {

  private final CheckinService service;
  private final SecurityIdentity identity;

  SelfCheckinResource(CheckinService service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Check myself in with the venue code the cadre shows")
  public Uni<ScanResult> selfCheckin(@NotNull @Valid CheckinDtos.SelfCheckin body) {
    return service.selfCheckin(CurrentUser.of(identity), body.venueCode());
  }
}
