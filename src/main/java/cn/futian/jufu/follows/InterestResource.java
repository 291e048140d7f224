package cn.futian.jufu.follows;

import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.events.EventKind;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /me/interests}: the kinds of events the caller wants to hear about. */
@Path("/me/interests")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Follows")
public class InterestResource {

  private final FollowService service;
  private final SecurityIdentity identity;

  InterestResource(FollowService service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
  }

  @GET
  @Operation(summary = "The kinds of events I am interested in")
  public Uni<Set<EventKind>> getMyInterests() {
    return service.interests(CurrentUser.of(identity));
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Replace the kinds of events I am interested in (empty: none)")
  public Uni<Set<EventKind>> setMyInterests(@NotNull @Size(max = 20) Set<@NotNull EventKind> body) {
    return service.setInterests(CurrentUser.of(identity), body);
  }
}
