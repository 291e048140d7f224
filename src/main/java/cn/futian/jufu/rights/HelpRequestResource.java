package cn.futian.jufu.rights;

import cn.futian.jufu.common.http.ClientAddress;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.rights.HelpDtos.CategoryView;
import cn.futian.jufu.rights.HelpDtos.Lookup;
import cn.futian.jufu.rights.HelpDtos.NewHelpRequest;
import cn.futian.jufu.rights.HelpDtos.Receipt;
import cn.futian.jufu.rights.HelpDtos.StatusView;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Rights protection", description = "求助与维权: asking for help, signed in or not")
public class HelpRequestResource {

  private final HelpRequestService service;
  private final CurrentIdentityAssociation identities;
  private final ClientAddress addresses;

  HelpRequestResource(
      HelpRequestService service, CurrentIdentityAssociation identities, ClientAddress addresses) {
    this.service = service;
    this.identities = identities;
    this.addresses = addresses;
  }

  @GET
  @Path("help-categories")
  @PermitAll
  @SecurityRequirementsSet // public: the form is shown before any login
  @Operation(summary = "The categories a request for help is filed under (no login)")
  public Uni<List<CategoryView>> listHelpCategories() {
    return service.categories();
  }

  @POST
  @Path("help-requests")
  @PermitAll
  @SecurityRequirementsSet // a login is optional: an anonymous request links to no account
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Ask for help (求助), signed in or anonymously",
      description =
          "Answered once the request is stored. The reference code in the answer is shown once:"
              + " with it she can follow the request from any phone without an account. A retry"
              + " with the same clientRequestId answers with the same request. Without a login the"
              + " requests of one address and one device (X-Device-Id) are limited.")
  @APIResponse(
      responseCode = "201",
      description = "Stored: the receipt with the reference code",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Receipt.class)))
  public Uni<Response> submitHelpRequest(
      @NotNull @Valid NewHelpRequest body,
      @HeaderParam("X-Device-Id") @Pattern(regexp = "[A-Za-z0-9_-]{8,64}") String deviceId,
      @Context HttpServerRequest request) {
    String address = addresses.limitKey(request);
    // A login is optional here: the identity is resolved without blocking the event loop.
    return identities
        .getDeferredIdentity()
        .chain(
            caller ->
                service.submit(
                    new HelpRequestService.Origin(
                        caller.isAnonymous() ? null : CurrentUser.of(caller), address, deviceId),
                    body))
        .map(receipt -> Response.status(Response.Status.CREATED).entity(receipt).build());
  }

  @POST
  @Path("help-requests/lookup")
  @PermitAll
  @SecurityRequirementsSet // the reference code is the credential
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Where a request for help stands, by its reference code (no login)",
      description =
          "The code travels in the body, not in a URL that logs keep. Shows the status and the"
              + " time to respond, never what was written. Unknown codes: 404.")
  public Uni<StatusView> lookUpHelpRequest(
      @NotNull @Valid Lookup body, @Context HttpServerRequest request) {
    return service.lookup(addresses.limitKey(request), body.reference());
  }
}
