package cn.futian.jufu.home;

import cn.futian.jufu.common.security.CurrentUser;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/me/home")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Me", description = "The calling member's profile and consents (我的)")
public class HomeResource {

  private final HomeService service;
  private final SecurityIdentity identity;

  HomeResource(HomeService service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
  }

  @GET
  @Operation(
      summary =
          "My online home (我的): profile, next sessions, waitlist, lotteries, inbox, news,"
              + " recommendations")
  public Uni<HomeView> getMyHome() {
    return service.home(CurrentUser.of(identity));
  }
}
