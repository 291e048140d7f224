package cn.futian.jufu.noshows;

import cn.futian.jufu.common.api.Reason;
import cn.futian.jufu.common.security.CurrentUser;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/no-shows")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "No-shows", description = "爽约: recorded after a session, explained, waivable")
public class NoShowResource {

  private final NoShowService service;
  private final SecurityIdentity identity;

  NoShowResource(NoShowService service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
  }

  @GET
  @Path("/mine")
  @Operation(summary = "My no-shows and what they mean for my sign-ups, per kind")
  public Uni<NoShowService.Mine> listMyNoShows() {
    return service.mine(CurrentUser.of(identity));
  }

  @POST
  @Path("/{registrationId}/waive")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Waive a no-show, with a reason (cadres of the event's unit)")
  public Uni<NoShowService.NoShowView> waiveNoShow(
      @PathParam("registrationId") @Min(1) long registrationId, @NotNull @Valid Reason body) {
    return service.waive(CurrentUser.of(identity), registrationId, body.reason());
  }
}
