package cn.futian.jufu.notifications;

import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.notifications.PreferenceDtos.PreferencesUpdate;
import cn.futian.jufu.notifications.PreferenceDtos.PreferencesView;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/me/notification-preferences")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Notifications")
public class PreferenceResource {

  private final PreferenceService service;
  private final SecurityIdentity identity;

  PreferenceResource(PreferenceService service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
  }

  @GET
  @Operation(summary = "What I want to hear, when, and in which language")
  public Uni<PreferencesView> getMyNotificationPreferences() {
    return service.mine(CurrentUser.of(identity));
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Set what I want to hear, when, and in which language",
      description =
          "Campaigns are opt-in (a non-essential purpose under PIPL); the time of opting in is"
              + " kept. Quiet hours delay non-urgent pushes, never the inbox.")
  public Uni<PreferencesView> setMyNotificationPreferences(@NotNull @Valid PreferencesUpdate body) {
    return service.update(CurrentUser.of(identity), body);
  }
}
