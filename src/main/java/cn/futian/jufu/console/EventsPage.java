package cn.futian.jufu.console;

import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.text.Texts;
import cn.futian.jufu.events.EventDtos;
import cn.futian.jufu.events.EventDtos.EventSummary;
import cn.futian.jufu.events.EventDtos.EventView;
import cn.futian.jufu.events.EventLifecycle;
import cn.futian.jufu.events.EventQueries;
import cn.futian.jufu.events.EventService;
import cn.futian.jufu.events.EventStatus;
import cn.futian.jufu.events.SessionFacts;
import cn.futian.jufu.events.SignUpMode;
import cn.futian.jufu.orgunits.OrgUnitView;
import cn.futian.jufu.registrations.AttendeeExport;
import cn.futian.jufu.registrations.LotteryService;
import cn.futian.jufu.registrations.RegistrationDtos.CadreView;
import cn.futian.jufu.registrations.RegistrationDtos.LotteryAudit;
import cn.futian.jufu.registrations.RegistrationService;
import cn.futian.jufu.registrations.RegistrationStatus;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Arrays;
import java.util.List;

/**
 * Events of the units I manage: the list, one event with its sessions and lifecycle moves, and the
 * registrations of a session (approve, reject, export). Every call goes to the services the API
 * uses, with the signed-in cadre as the caller, so the API's checks and audit apply unchanged.
 */
@Path("/console")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class EventsPage {

  static final int PAGE_SIZE = 20;
  static final int ROWS = 100;

  @CheckedTemplate(basePath = "console")
  static class Templates {
    static native TemplateInstance events(Chrome chrome, EventList d);

    static native TemplateInstance event(Chrome chrome, EventPage d);

    static native TemplateInstance registrations(Chrome chrome, SessionRegistrations d);

    static native TemplateInstance registrations$table(Chrome chrome, SessionRegistrations d);

    static native TemplateInstance lottery(Chrome chrome, SessionFacts session, LotteryAudit d);
  }

  /** The events list of one unit. */
  @TemplateData
  public record EventList(
      List<OrgUnitView> units,
      OrgUnitView unit,
      EventStatus status,
      List<EventStatus> statuses,
      Page<EventSummary> events) {

    public boolean hasNext() {
      return (long) (events.page() + 1) * events.size() < events.total();
    }
  }

  /** One event and the moves its status allows. */
  @TemplateData
  public record EventPage(EventView event, List<Move> moves) {

    /** Whether its texts and sessions may still change (the service says the same). */
    public boolean editable() {
      return event.status() != EventStatus.COMPLETED && event.status() != EventStatus.CANCELLED;
    }

    public List<SignUpMode> modes() {
      return Arrays.asList(SignUpMode.values());
    }
  }

  /** A lifecycle button; rejecting and cancelling ask why. */
  @TemplateData
  public record Move(EventLifecycle.Action action, boolean withReason) {}

  /** The registrations of one session. */
  @TemplateData
  public record SessionRegistrations(
      SessionFacts session, RegistrationStatus status, Page<CadreView> rows) {

    public List<RegistrationStatus> statuses() {
      return Arrays.asList(RegistrationStatus.values());
    }

    /** Whether seats are drawn by lot. */
    public boolean lottery() {
      return session.mode() == SignUpMode.LOTTERY;
    }

    public boolean drawn() {
      return session.lotteryDrawnAt() != null;
    }

    public String drawnAt() {
      return ConsoleFormats.fmt(session.lotteryDrawnAt());
    }

    public String windowCloses() {
      return ConsoleFormats.fmt(session.effectiveRegistrationClose());
    }

    /** Whether the row waits for a cadre's approval. */
    public boolean pending(CadreView row) {
      return row.status() == RegistrationStatus.PENDING;
    }
  }

  private final ConsoleView view;
  private final EventQueries queries;
  private final EventService events;
  private final RegistrationService registrations;
  private final AttendeeExport export;
  private final LotteryService lottery;
  private final SecurityIdentity identity;

  EventsPage(
      ConsoleView view,
      EventQueries queries,
      EventService events,
      RegistrationService registrations,
      AttendeeExport export,
      LotteryService lottery,
      SecurityIdentity identity) {
    this.lottery = lottery;
    this.view = view;
    this.queries = queries;
    this.events = events;
    this.registrations = registrations;
    this.export = export;
    this.identity = identity;
  }

  @GET
  @Path("events")
  public Uni<TemplateInstance> list(
      @QueryParam("unit") Long unitId,
      @QueryParam("status") EventStatus status,
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1000) int page,
      @Context HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.EVENTS);
    CurrentUser user = CurrentUser.of(identity);
    List<EventStatus> statuses = List.of(EventStatus.values());
    return view.inUnit(
        user,
        unitId,
        units -> Templates.events(chrome, new EventList(units, null, status, statuses, null)),
        (units, unit) ->
            queries
                .ofUnit(user, unit.id(), status, page, PAGE_SIZE)
                .map(
                    p ->
                        Templates.events(chrome, new EventList(units, unit, status, statuses, p))));
  }

  @GET
  @Path("events/{id}")
  public Uni<TemplateInstance> event(@PathParam("id") @Min(1) long id, @Context HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.EVENTS);
    return queries
        .managed(CurrentUser.of(identity), id)
        .map(e -> Templates.event(chrome, new EventPage(e, movesFrom(e.status()))));
  }

  @POST
  @Path("events/{id}/transition")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> transition(
      @PathParam("id") @Min(1) long id,
      @FormParam("action") EventLifecycle.Action action,
      @FormParam("reason") @Size(max = 500) String reason) {
    CurrentUser user = view.require(identity, ConsolePage.EVENTS);
    return events
        .transition(user, id, new EventDtos.Transition(action, Texts.blankToNull(reason)))
        .map(e -> Response.seeOther(URI.create("/console/events/" + e.id())).build());
  }

  @GET
  @Path("sessions/{id}/registrations")
  public Uni<TemplateInstance> registrations(
      @PathParam("id") @Min(1) long sessionId,
      @QueryParam("status") RegistrationStatus status,
      @Context HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.EVENTS);
    return rows(sessionId, status).map(d -> Templates.registrations(chrome, d));
  }

  @POST
  @Path("registrations/{id}/approve")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<TemplateInstance> approve(
      @PathParam("id") @Min(1) long id,
      @FormParam("status") RegistrationStatus shown,
      @Context HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.EVENTS);
    return registrations
        .approve(CurrentUser.of(identity), id)
        .chain(r -> rows(r.sessionId(), shown))
        .map(d -> Templates.registrations$table(chrome, d));
  }

  @POST
  @Path("registrations/{id}/reject")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<TemplateInstance> reject(
      @PathParam("id") @Min(1) long id,
      @FormParam("reason") @Size(max = 500) String reason,
      @FormParam("status") RegistrationStatus shown,
      @Context HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.EVENTS);
    return registrations
        .reject(CurrentUser.of(identity), id, Texts.blankToNull(reason))
        .chain(r -> rows(r.sessionId(), shown))
        .map(d -> Templates.registrations$table(chrome, d));
  }

  /** Draws a lottery session once its window has closed, then shows the audit of the draw. */
  @POST
  @Path("sessions/{id}/draw")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> draw(@PathParam("id") @Min(1) long sessionId) {
    return lottery
        .draw(view.require(identity, ConsolePage.EVENTS), sessionId)
        .map(
            a ->
                Response.seeOther(URI.create("/console/sessions/" + sessionId + "/lottery"))
                    .build());
  }

  /** What anyone needs to re-run a draw: commitment, seed, entries and ranks (ADR 0007). */
  @GET
  @Path("sessions/{id}/lottery")
  public Uni<TemplateInstance> lotteryAudit(
      @PathParam("id") @Min(1) long sessionId, @Context HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.EVENTS);
    return lottery
        .auditForManager(CurrentUser.of(identity), sessionId)
        .map(pair -> Templates.lottery(chrome, pair.getKey(), pair.getValue()));
  }

  @GET
  @Path("sessions/{id}/export")
  @Produces({"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/csv"})
  public Uni<Response> exportAttendees(@PathParam("id") @Min(1) long sessionId) {
    return export.render(view.require(identity, ConsolePage.EVENTS), sessionId, "xlsx", false);
  }

  private Uni<SessionRegistrations> rows(long sessionId, RegistrationStatus status) {
    CurrentUser user = CurrentUser.of(identity);
    return registrations
        .ofSession(user, sessionId, status, false, 0, ROWS)
        .chain(
            p ->
                queries
                    .sessionFacts(sessionId)
                    .map(facts -> new SessionRegistrations(facts, status, p)));
  }

  /** The moves the table allows from this status (the service still checks who may make them). */
  static List<Move> movesFrom(EventStatus status) {
    return Arrays.stream(EventLifecycle.Action.values())
        .filter(a -> EventLifecycle.move(a).from().contains(status))
        .map(
            a ->
                new Move(a, a == EventLifecycle.Action.CANCEL || a == EventLifecycle.Action.REJECT))
        .toList();
  }
}
