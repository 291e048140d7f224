package cn.futian.jufu.rights;

import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.rights.HelpDtos.StatusView;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/me/help-requests")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Rights protection")
public class MyHelpRequestsResource {

  private final HelpRequestService service;
  private final SecurityIdentity identity;

  MyHelpRequestsResource(HelpRequestService service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
  }

  @GET
  @Operation(
      summary = "My requests for help (not those filed anonymously)",
      description = "Status and the time to respond; what she wrote is not shown back.")
  public Uni<List<StatusView>> listMyHelpRequests() {
    return service.mine(CurrentUser.of(identity));
  }
}
