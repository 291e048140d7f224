package cn.futian.jufu.privacy;

import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.time.Times;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/me/account")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "My data", description = "A member's rights over their data (PIPL): copy and deletion")
public class AccountResource {

  private final AccountService service;
  private final SecurityIdentity identity;

  AccountResource(AccountService service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
  }

  @GET
  @Path("/export")
  @Operation(
      summary = "Everything held about me, as one JSON document (数据导出)",
      description =
          "Profile, consents with their history, family record, sign-ups with answers and"
              + " history, attendance, no-shows, inbox, push deliveries, preferences, devices,"
              + " WeChat binding, follows, interests. Correct mistakes with PATCH /me.")
  @APIResponse(
      responseCode = "200",
      description = "The document (also offered as a download)",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema =
                  @Schema(
                      type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT)))
  public Uni<Response> exportMyData() {
    return service
        .export(CurrentUser.of(identity))
        .map(
            (ObjectNode doc) ->
                Response.ok(doc)
                    .header(
                        "Content-Disposition",
                        "attachment; filename=\"jufu-my-data-"
                            + LocalDate.now(Times.ZONE)
                            + ".json\"")
                    .build());
  }

  @DELETE
  @Operation(
      summary = "Delete my account (注销账号)",
      description =
          "Cancels my upcoming sign-ups (seats go to the next in line), erases my personal data"
              + " and disables my Keycloak login. My past sign-ups stay only as anonymous counts"
              + " in the federation's statistics. The erasure comes first: when the answer is an"
              + " error nothing was erased and I can try again; when it is 204 my data are gone"
              + " and the login is disabled at once or, if Keycloak was unreachable, within"
              + " minutes. Cannot be undone.")
  @APIResponse(responseCode = "204", description = "Deleted")
  public Uni<Void> deleteMyAccount() {
    return service.delete(CurrentUser.of(identity)).replaceWithVoid();
  }
}
