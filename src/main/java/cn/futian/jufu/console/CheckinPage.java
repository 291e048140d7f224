package cn.futian.jufu.console;

import cn.futian.jufu.checkin.CheckinDtos.BatchResult;
import cn.futian.jufu.checkin.CheckinDtos.ScanBatch;
import cn.futian.jufu.checkin.CheckinDtos.VenueCodeView;
import cn.futian.jufu.checkin.CheckinService;
import cn.futian.jufu.checkin.QrCodes;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.events.EventQueries;
import cn.futian.jufu.events.SessionFacts;
import cn.futian.jufu.registrations.RegistrationService;
import cn.futian.jufu.registrations.RegistrationStatus;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Check-in at the door on a cadre's phone (docs/adr/0029): the scanner page reads residents' codes
 * with the camera, verifies their signatures in the browser with the published keys, keeps what it
 * scanned while offline and uploads the batch when the network is back; and the venue code to print
 * for self check-in. Codes are checked in by the same service as the API's batch upload. (Its class
 * path is {@code /console} like every page's: JAX-RS would send every {@code /console/sessions/...}
 * request to a class with a longer path, and the other pages would 404.)
 */
@Path("/console")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class CheckinPage {

  /** Camera frames larger than this are not read (1920 × 1080). */
  static final long MAX_FRAME_PIXELS = 1920L * 1080;

  @CheckedTemplate(basePath = "console")
  static class Templates {
    static native TemplateInstance checkin(Chrome chrome, Desk d);

    static native TemplateInstance venueCode(Chrome chrome, SessionFacts session, VenueQr d);
  }

  /** The scanner page: the session and how many of its confirmed people have come. */
  @TemplateData
  public record Desk(SessionFacts session, long confirmed, long checkedIn) {}

  /** A venue code and its link drawn as a QR image to print. */
  @TemplateData
  public record VenueQr(VenueCodeView code, String pngBase64) {

    /** Until when the code lets residents in, as the console writes times. */
    public String until() {
      return ConsoleFormats.fmt(code.validTo());
    }
  }

  private final ConsoleView view;
  private final CheckinService checkin;
  private final EventQueries queries;
  private final RegistrationService registrations;
  private final SecurityIdentity identity;

  CheckinPage(
      ConsoleView view,
      CheckinService checkin,
      EventQueries queries,
      RegistrationService registrations,
      SecurityIdentity identity) {
    this.view = view;
    this.checkin = checkin;
    this.queries = queries;
    this.registrations = registrations;
    this.identity = identity;
  }

  @GET
  @Path("sessions/{id}/checkin")
  public Uni<TemplateInstance> desk(
      @PathParam("id") @Min(1) long sessionId, @Context HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.EVENTS);
    return checkin
        .attendance(CurrentUser.of(identity), sessionId)
        .chain(
            came ->
                registrations
                    .statusCounts(List.of(sessionId))
                    .chain(
                        counts ->
                            queries
                                .sessionFacts(sessionId)
                                .map(
                                    facts ->
                                        Templates.checkin(
                                            chrome,
                                            new Desk(
                                                facts,
                                                counts
                                                    .getOrDefault(sessionId, Map.of())
                                                    .getOrDefault(RegistrationStatus.CONFIRMED, 0L),
                                                came.size())))));
  }

  /**
   * The code in a camera frame, for browsers without a barcode reader of their own: {@code {"code":
   * "..."}}, or 204 when the frame holds none. Nothing is checked in here; the page verifies the
   * code and sends it with the others.
   */
  @POST
  @Path("sessions/{id}/checkin/frame")
  @Consumes({"image/jpeg", "image/png"})
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<Response> readFrame(@PathParam("id") @Min(1) long sessionId, byte[] frame) {
    view.require(identity, ConsolePage.EVENTS);
    return Uni.createFrom()
        .item(() -> QrCodes.read(frame, MAX_FRAME_PIXELS))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
        .map(
            code ->
                code == null
                    ? Response.noContent().build()
                    : Response.ok(Map.of("code", code)).build());
  }

  /** The codes the page scanned (online at once, offline later), checked in as the API's batch. */
  @POST
  @Path("sessions/{id}/checkin/batch")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<BatchResult> upload(
      @PathParam("id") @Min(1) long sessionId, @NotNull @Valid ScanBatch batch) {
    return checkin.batch(view.require(identity, ConsolePage.EVENTS), sessionId, batch.items());
  }

  /** Opens self check-in for a while and shows its code and QR image, ready to print. */
  @POST
  @Path("sessions/{id}/venue-code")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<TemplateInstance> venueCode(
      @PathParam("id") @Min(1) long sessionId,
      @FormParam("minutes") @DefaultValue("60") @Min(5) @Max(240) int minutes,
      @Context HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.EVENTS);
    // The database first, on its context; the image is drawn last, on a worker.
    return checkin
        .openVenueCode(CurrentUser.of(identity), sessionId, minutes)
        .chain(code -> queries.sessionFacts(sessionId).map(facts -> Map.entry(facts, code)))
        .emitOn(Infrastructure.getDefaultWorkerPool())
        .map(
            pair ->
                Templates.venueCode(
                    chrome,
                    pair.getKey(),
                    new VenueQr(
                        pair.getValue(),
                        Base64.getEncoder()
                            .encodeToString(QrCodes.png(pair.getValue().url(), 480)))));
  }
}
