package cn.futian.jufu.registrations;

import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.registrations.RegistrationDtos.RegistrationView;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /me/registrations}: its own class, since JAX-RS matches {@code /me} by class first. */
@Path("/me/registrations")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sign-up")
public class MyRegistrationsResource {

  private final RegistrationService service;
  private final SecurityIdentity identity;

  MyRegistrationsResource(RegistrationService service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
  }

  @GET
  @Operation(summary = "My registrations: upcoming or past, with status and waitlist place")
  public Uni<Page<RegistrationView>> listMyRegistrations(
      @QueryParam("scope") @DefaultValue("upcoming") @Pattern(regexp = "upcoming|past")
          String scope,
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1000) int page,
      @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
    return service.myRegistrations(CurrentUser.of(identity), "upcoming".equals(scope), page, size);
  }
}
