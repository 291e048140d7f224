package cn.futian.jufu.follows;

import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.orgunits.OrgUnitView;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Min;
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

/** {@code /me/follows}: communities (or any org unit) the caller follows. */
@Path("/me/follows")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Follows", description = "Communities I follow and kinds of events I care about")
public class FollowResource {

  private final FollowService service;
  private final SecurityIdentity identity;

  FollowResource(FollowService service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
  }

  @GET
  @Operation(summary = "The org units I follow")
  public Uni<List<OrgUnitView>> listMyFollows() {
    return service.follows(CurrentUser.of(identity));
  }

  @PUT
  @Path("/{orgUnitId}")
  @Operation(
      summary = "Follow an org unit (idempotent)",
      description = "Its news and campaigns for followers reach me. At most 50 follows.")
  public Uni<List<OrgUnitView>> followOrgUnit(@PathParam("orgUnitId") @Min(1) long orgUnitId) {
    return service.follow(CurrentUser.of(identity), orgUnitId);
  }

  @DELETE
  @Path("/{orgUnitId}")
  @Operation(summary = "Stop following an org unit (idempotent)")
  public Uni<Void> unfollowOrgUnit(@PathParam("orgUnitId") @Min(1) long orgUnitId) {
    return service.unfollow(CurrentUser.of(identity), orgUnitId);
  }
}
