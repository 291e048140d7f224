package cn.futian.jufu.families;

import cn.futian.jufu.common.http.ClientAddress;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.security.Roles;
import cn.futian.jufu.families.FamilyDtos.FlaggedVote;
import cn.futian.jufu.families.FamilyDtos.Tally;
import cn.futian.jufu.families.FamilyDtos.VoteReceipt;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The public vote of the 最美家庭 search under {@code /family-searches/{id}}: voting, the count, the
 * flagged votes. The class path is {@code /family-searches}, as for {@link FamilySearchResource}:
 * JAX-RS picks a class by its path first, so a class at {@code /} would never be asked. Voiding a
 * vote is {@link FamilyVoteReviewResource}.
 */
@Path("/family-searches")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Family search")
public class FamilyVoteResource {

  private final FamilyVoteService service;
  private final ClientAddress addresses;
  private final SecurityIdentity identity;

  FamilyVoteResource(
      FamilyVoteService service, ClientAddress addresses, SecurityIdentity identity) {
    this.service = service;
    this.addresses = addresses;
    this.identity = identity;
  }

  @POST
  @Path("/{id}/candidates/{candidateId}/votes")
  @Operation(
      summary = "Vote for a finalist while the vote is open",
      description =
          "One vote per person, finalist and day (Shanghai), and the search's daily allowance over"
              + " all finalists. The person is her WeChat identity where she has bound one, else"
              + " her account. Votes per address and device are limited; unusual votes are"
              + " flagged for review.")
  public Uni<VoteReceipt> voteForFamily(
      @PathParam("id") @Min(1) long id,
      @PathParam("candidateId") @Min(1) long candidateId,
      @HeaderParam("X-Device-Id") @Pattern(regexp = "[A-Za-z0-9_-]{8,64}") String deviceId,
      @Context HttpServerRequest request) {
    FamilyVoteService.Origin origin =
        new FamilyVoteService.Origin(
            addresses.networkKey(request), addresses.limitKey(request), deviceId);
    CurrentUser user = CurrentUser.of(identity);
    return service.checkLimits(origin).chain(() -> service.vote(user, id, candidateId, origin));
  }

  @GET
  @Path("/{id}/tally")
  @Operation(
      summary = "The count per finalist and the vote-integrity summary (from the vote's opening)")
  public Uni<Tally> getFamilyTally(@PathParam("id") @Min(1) long id) {
    return service.tally(id);
  }

  @GET
  @Path("/{id}/flagged-votes")
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Votes flagged for review, newest first (district staff)")
  public Uni<List<FlaggedVote>> listFlaggedFamilyVotes(
      @PathParam("id") @Min(1) long id,
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1000) int page,
      @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
    return service.flagged(id, page, size);
  }
}
