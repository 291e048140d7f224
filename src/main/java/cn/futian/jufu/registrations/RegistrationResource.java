package cn.futian.jufu.registrations;

import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.api.Reason;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.registrations.RegistrationDtos.RegistrationView;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sign-up", description = "报名: sign up, waitlist, cancel, approve, lottery")
public class RegistrationResource {

  private final RegistrationService service;
  private final SignUpService signUps;
  private final LotteryService lottery;
  private final AttendeeExport export;
  private final SecurityIdentity identity;

  RegistrationResource(
      RegistrationService service,
      SignUpService signUps,
      LotteryService lottery,
      AttendeeExport export,
      SecurityIdentity identity) {
    this.service = service;
    this.signUps = signUps;
    this.lottery = lottery;
    this.export = export;
    this.identity = identity;
  }

  @POST
  @Path("sessions/{id}/registrations")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Sign up for a session (myself, and children from my family record)",
      description =
          "First come: confirmed while seats last, then waitlisted. Approval: pending. Lottery:"
              + " applied until the draw. A retry with the same Idempotency-Key returns the"
              + " registration the first request made, as it stands now (200), and creates"
              + " nothing; the same key with a different request is refused (422).")
  public Uni<Response> signUp(
      @PathParam("id") @Min(1) long id,
      @HeaderParam("Idempotency-Key")
          @Pattern(regexp = "[A-Za-z0-9_.:-]{8,100}")
          @Parameter(description = "A client-chosen key, unique per attempt (e.g. a UUID)")
          String idempotencyKey,
      @Valid RegistrationDtos.SignUp body) {
    return signUps
        .signUp(CurrentUser.of(identity), id, body, idempotencyKey)
        .map(
            outcome ->
                outcome.created()
                    ? Response.created(URI.create("/registrations/" + outcome.registration().id()))
                        .entity(outcome.registration())
                        .build()
                    : Response.ok(outcome.registration()).build());
  }

  @GET
  @Path("sessions/{id}/registrations")
  @Operation(summary = "Registrations of a session (cadres of the event's unit)")
  public Uni<Page<RegistrationDtos.CadreView>> listSessionRegistrations(
      @PathParam("id") @Min(1) long id,
      @QueryParam("status") RegistrationStatus status,
      @QueryParam("includePhone")
          @DefaultValue("false")
          @Parameter(description = "Show full phone numbers (recorded in the access log)")
          boolean includePhone,
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10000) int page,
      @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
    return service.ofSession(CurrentUser.of(identity), id, status, includePhone, page, size);
  }

  @GET
  @Path("sessions/{id}/registrations/export")
  @Produces({
    "text/csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/problem+json"
  })
  @Operation(summary = "Attendee list as CSV or XLSX (phones masked unless includePhone)")
  public Uni<Response> exportSessionRegistrations(
      @PathParam("id") @Min(1) long id,
      @QueryParam("format") @DefaultValue("csv") @Pattern(regexp = "csv|xlsx") String format,
      @QueryParam("includePhone") @DefaultValue("false") boolean includePhone) {
    return export.render(CurrentUser.of(identity), id, format, includePhone);
  }

  @POST
  @Path("sessions/{id}/lottery/draw")
  @Operation(summary = "Draw a lottery session after its application window (cadres)")
  public Uni<RegistrationDtos.LotteryAudit> drawLottery(@PathParam("id") @Min(1) long id) {
    return lottery.draw(CurrentUser.of(identity), id);
  }

  @GET
  @Path("sessions/{id}/lottery")
  @Operation(summary = "A lottery's commitment, and after the draw its seed and entries")
  public Uni<RegistrationDtos.LotteryAudit> getLottery(@PathParam("id") @Min(1) long id) {
    return lottery.lotteryAudit(id);
  }

  @GET
  @Path("registrations/{id}")
  @Operation(summary = "One registration (mine, or of an event I manage)")
  public Uni<RegistrationView> getRegistration(@PathParam("id") @Min(1) long id) {
    return service.get(CurrentUser.of(identity), id);
  }

  @GET
  @Path("registrations/{id}/history")
  @Operation(summary = "Every status change of a registration: who, when, why")
  public Uni<java.util.List<RegistrationDtos.Change>> getRegistrationHistory(
      @PathParam("id") @Min(1) long id) {
    return service.history(CurrentUser.of(identity), id);
  }

  @POST
  @Path("registrations/{id}/cancel")
  @Operation(summary = "Cancel my registration (until the session's cancellation deadline)")
  public Uni<RegistrationView> cancelRegistration(@PathParam("id") @Min(1) long id) {
    return service.cancelMine(CurrentUser.of(identity), id);
  }

  @POST
  @Path("registrations/{id}/confirm")
  @Operation(summary = "Take the seat I was offered from the waitlist")
  public Uni<RegistrationView> confirmRegistration(@PathParam("id") @Min(1) long id) {
    return service.confirmOffer(CurrentUser.of(identity), id);
  }

  @POST
  @Path("registrations/{id}/reconfirm")
  @Operation(
      summary = "Reconfirm my seat (sessions that ask for it, 48 h to 24 h before the start)",
      description = "Seats not reconfirmed by 24 h before the start go to the waitlist.")
  public Uni<RegistrationView> reconfirmRegistration(@PathParam("id") @Min(1) long id) {
    return service.reconfirm(CurrentUser.of(identity), id);
  }

  @POST
  @Path("registrations/{id}/cadre-cancel")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Cancel a registration of an event I manage, with a reason")
  public Uni<RegistrationView> cancelRegistrationAsCadre(
      @PathParam("id") @Min(1) long id, @NotNull @Valid Reason body) {
    return service.cancelAsCadre(CurrentUser.of(identity), id, body.reason());
  }

  @POST
  @Path("registrations/{id}/approve")
  @Operation(summary = "Approve a pending registration (approval mode)")
  public Uni<RegistrationView> approveRegistration(@PathParam("id") @Min(1) long id) {
    return service.approve(CurrentUser.of(identity), id);
  }

  @POST
  @Path("registrations/{id}/reject")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Reject a pending registration, with a reason")
  public Uni<RegistrationView> rejectRegistration(
      @PathParam("id") @Min(1) long id, @NotNull @Valid Reason body) {
    return service.reject(CurrentUser.of(identity), id, body.reason());
  }
}
