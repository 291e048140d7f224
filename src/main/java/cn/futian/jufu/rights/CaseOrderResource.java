package cn.futian.jufu.rights;

import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.security.Roles;
import cn.futian.jufu.rights.CaseRecordDtos.NewOrder;
import cn.futian.jufu.rights.CaseRecordDtos.OrderDecision;
import cn.futian.jufu.rights.CaseRecordDtos.OrderView;
import cn.futian.jufu.rights.CaseRecordDtos.Violation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/cases/{id}/orders")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CASEWORKER, Roles.CASE_SUPERVISOR})
@Tag(name = "Cases")
public class CaseOrderResource {

  private final CaseRecordService service;
  private final SecurityIdentity identity;

  CaseOrderResource(CaseRecordService service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
  }

  @GET
  @Operation(summary = "Protection orders and warning letters of a case")
  public Uni<List<OrderView>> listCaseOrders(@PathParam("id") @Min(1) long id) {
    return service.orders(CurrentUser.of(identity), id);
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Record an application for a protection order (人身安全保护令) or a warning letter (告诫书)")
  @APIResponse(
      responseCode = "201",
      description = "Recorded",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = OrderView.class)))
  public Uni<Response> applyForCaseOrder(
      @PathParam("id") @Min(1) long id, @NotNull @Valid NewOrder body) {
    return service
        .applyForOrder(CurrentUser.of(identity), id, body)
        .map(o -> Response.status(Response.Status.CREATED).entity(o).build());
  }

  @POST
  @Path("/{orderId}/decision")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Record the decision: issued (with its expiry, reminded before) or refused")
  public Uni<OrderView> decideCaseOrder(
      @PathParam("id") @Min(1) long id,
      @PathParam("orderId") @Min(1) long orderId,
      @NotNull @Valid OrderDecision body) {
    return service.decideOrder(CurrentUser.of(identity), id, orderId, body);
  }

  @POST
  @Path("/{orderId}/violations")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Report a violation of an issued order")
  public Uni<OrderView> reportCaseOrderViolation(
      @PathParam("id") @Min(1) long id,
      @PathParam("orderId") @Min(1) long orderId,
      @NotNull @Valid Violation body) {
    return service.reportViolation(CurrentUser.of(identity), id, orderId, body);
  }
}
