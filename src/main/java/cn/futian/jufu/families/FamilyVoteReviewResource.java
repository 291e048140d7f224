package cn.futian.jufu.families;

import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.security.Roles;
import cn.futian.jufu.families.FamilyDtos.VoidVote;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /family-votes/{id}}: a vote under review. */
@Path("/family-votes/{id}")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Family search")
public class FamilyVoteReviewResource {

  private final FamilyVoteService service;
  private final SecurityIdentity identity;

  FamilyVoteReviewResource(FamilyVoteService service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
  }

  @POST
  @Path("/void")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Void a vote with a reason (district staff; audited, shown in the count)")
  public Uni<Void> voidFamilyVote(@PathParam("id") @Min(1) long id, @NotNull @Valid VoidVote body) {
    return service.voidVote(CurrentUser.of(identity), id, body.reason());
  }
}
