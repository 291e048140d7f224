package cn.futian.jufu.audit;

import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Reading the audit log (admins). There is no endpoint that changes or deletes audit rows. */
@Path("/admin/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(
    name = "Audit",
    description = "审计日志: who read or exported whose personal data, admin actions, refusals")
public class AuditResource {

  private final AuditService service;
  private final SecurityIdentity identity;

  AuditResource(AuditService service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
  }

  @GET
  @Operation(
      summary = "Search the audit log, newest first (admins; the search is itself audited)",
      description =
          "memberId matches records about that member and lists or exports in which her data"
              + " appeared.")
  public Uni<Page<AuditEntry>> searchAuditLog(
      @QueryParam("actor")
          @Pattern(regexp = "[0-9a-f-]{36}")
          @Parameter(description = "Keycloak user id (token sub) of the caller")
          String actor,
      @QueryParam("memberId") @Min(1) Long memberId,
      @QueryParam("action")
          @Pattern(regexp = "[a-z][a-z.-]{0,63}")
          @Parameter(description = "e.g. attendees.read, attendees.export, admin.write")
          String action,
      @QueryParam("outcome") AuditOutcome outcome,
      @QueryParam("from") @Parameter(description = "From this time, inclusive (ISO 8601)")
          OffsetDateTime from,
      @QueryParam("to") @Parameter(description = "Before this time (ISO 8601)") OffsetDateTime to,
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10000) int page,
      @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
    return service.search(
        CurrentUser.of(identity),
        new AuditService.Filter(actor, memberId, action, outcome, from, to),
        page,
        size);
  }
}
