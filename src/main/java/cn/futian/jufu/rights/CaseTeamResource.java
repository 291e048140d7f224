package cn.futian.jufu.rights;

import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.security.Roles;
import cn.futian.jufu.rights.CaseTeamDtos.AssignCaseTeam;
import cn.futian.jufu.rights.CaseTeamDtos.CaseTeamView;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/case-team")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "Case team", description = "Who handles rights-protection work where (维权工作队伍)")
public class CaseTeamResource {

  private final CaseTeamService service;
  private final SecurityIdentity identity;

  CaseTeamResource(CaseTeamService service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
  }

  @GET
  @Operation(summary = "List case team appointments, by unit or user (admins)")
  public Uni<Page<CaseTeamView>> listCaseTeam(
      @QueryParam("orgUnitId") @Min(1) Long orgUnitId,
      @QueryParam("subject") @Pattern(regexp = "[0-9a-f-]{36}") String subject,
      @QueryParam("includeRevoked") @DefaultValue("false") boolean includeRevoked,
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10000) int page,
      @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
    return service.list(orgUnitId, subject, includeRevoked, page, size);
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Appoint a Keycloak user as caseworker or supervisor of a unit (admins)",
      description =
          "The user also needs the realm role caseworker or case-supervisor: the appointment gives"
              + " the reach, the role is the second key. Appointing gives the admin no access to"
              + " the requests.")
  public Uni<Response> appointCaseTeamMember(@NotNull @Valid AssignCaseTeam body) {
    return service
        .assign(CurrentUser.of(identity), body)
        .map(a -> Response.created(URI.create("/case-team/" + a.id())).entity(a).build());
  }

  @DELETE
  @Path("/{id}")
  @Operation(summary = "Revoke a case team appointment (admins); the record is kept as history")
  public Uni<CaseTeamView> revokeCaseTeamMember(@PathParam("id") @Min(1) long id) {
    return service.revoke(CurrentUser.of(identity), id);
  }
}
