package cn.futian.jufu.devices;

import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.devices.DeviceDtos.DeviceView;
import cn.futian.jufu.devices.DeviceDtos.RegisterDevice;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/me/devices")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Notifications", description = "Devices, inbox and what I want to hear (通知)")
public class DeviceResource {

  private final DeviceService service;
  private final SecurityIdentity identity;

  DeviceResource(DeviceService service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
  }

  @GET
  @Operation(summary = "My devices that receive pushes")
  public Uni<List<DeviceView>> listMyDevices() {
    return service.mine(CurrentUser.of(identity));
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Register or refresh a device's FCM token",
      description =
          "Call at every app start and whenever FCM gives a new token. A token not refreshed for"
              + " 60 days is removed, as is a token FCM reports as gone. At most 10 devices per"
              + " member; the least recently seen one gives way.")
  public Uni<DeviceView> registerMyDevice(@NotNull @Valid RegisterDevice body) {
    return service.register(CurrentUser.of(identity), body);
  }

  @DELETE
  @Path("/{id}")
  @Operation(summary = "Remove one of my devices (e.g. at logout)")
  public Uni<Void> removeMyDevice(@PathParam("id") @Min(1) long id) {
    return service.remove(CurrentUser.of(identity), id);
  }
}
