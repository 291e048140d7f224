package cn.futian.jufu.console;

import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.text.Texts;
import cn.futian.jufu.common.time.Times;
import cn.futian.jufu.events.CourseCategory;
import cn.futian.jufu.events.Eligibility;
import cn.futian.jufu.events.EventDtos.CreateEvent;
import cn.futian.jufu.events.EventDtos.EventView;
import cn.futian.jufu.events.EventDtos.SessionInput;
import cn.futian.jufu.events.EventDtos.SessionView;
import cn.futian.jufu.events.EventDtos.UpdateEvent;
import cn.futian.jufu.events.EventDtos.Venue;
import cn.futian.jufu.events.EventKind;
import cn.futian.jufu.events.EventQueries;
import cn.futian.jufu.events.EventService;
import cn.futian.jufu.events.SignUpMode;
import cn.futian.jufu.members.Gender;
import cn.futian.jufu.members.MemberDtos.UnitRef;
import cn.futian.jufu.orgunits.OrgUnitView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
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
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestForm;

/**
 * Writing events: the form to create one (with a weekly series of sessions), to copy one, to edit
 * its texts and venue, and to add a session. Each form becomes the API's command, checked by the
 * same constraints and the same service. Its class path is {@code /console}, as for every page
 * serving paths under another page's (see {@link CheckinPage}).
 */
@Path("/console")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class EventFormPage {

  /** At most this many weekly repeats of the first session (the API takes 60 sessions). */
  static final int MAX_REPEATS = 51;

  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

  @CheckedTemplate(basePath = "console")
  static class Templates {
    static native TemplateInstance eventNew(Chrome chrome, Choices c, Draft d);

    static native TemplateInstance eventEdit(Chrome chrome, EventView e, String address);
  }

  /** What the form offers to choose from. */
  @TemplateData
  public record Choices(List<OrgUnitView> units) {
    public List<EventKind> kinds() {
      return Arrays.asList(EventKind.values());
    }

    public List<CourseCategory> categories() {
      return Arrays.asList(CourseCategory.values());
    }

    public List<SignUpMode> modes() {
      return Arrays.asList(SignUpMode.values());
    }

    public List<Gender> genders() {
      return Arrays.asList(Gender.values());
    }
  }

  /** The form's values: empty for a new event, the original's for a copy. */
  @TemplateData
  public record Draft(
      Long ownerUnitId,
      EventKind kind,
      CourseCategory courseCategory,
      String title,
      String description,
      String address,
      List<Long> audience,
      Gender gender,
      Short minAge,
      Short maxAge,
      boolean residency,
      String startsAt,
      String endsAt,
      SignUpMode mode,
      Integer capacity,
      String closesAt,
      int repeatWeeks) {

    static Draft empty(Long unitId) {
      return new Draft(
          unitId,
          null,
          null,
          "",
          "",
          "",
          List.of(),
          null,
          null,
          null,
          false,
          "",
          "",
          SignUpMode.FIRST_COME,
          30,
          "",
          0);
    }

    /**
     * A copy of an event: its texts, audience and rules, its first session moved on by whole weeks
     * until it lies in the future, and as many weekly repeats as it had sessions.
     */
    static Draft copyOf(EventView e) {
      SessionView first = e.sessions().get(0);
      OffsetDateTime now = OffsetDateTime.now(Times.ZONE);
      long weeks = Math.max(1, ChronoUnit.WEEKS.between(first.startsAt(), now) + 1);
      Eligibility rules = e.eligibility() == null ? new Eligibility() : e.eligibility();
      return new Draft(
          e.ownerUnit().id(),
          e.kind(),
          e.courseCategory(),
          e.title(),
          e.description(),
          e.venue() == null ? "" : Optional.ofNullable(e.venue().address()).orElse(""),
          e.audience().stream().map(UnitRef::id).toList(),
          rules.gender,
          rules.minAge,
          rules.maxAge,
          rules.residency,
          local(first.startsAt().plusWeeks(weeks)),
          local(first.endsAt().plusWeeks(weeks)),
          first.mode(),
          first.capacity(),
          first.registrationClosesAt() == null
              ? ""
              : local(first.registrationClosesAt().plusWeeks(weeks)),
          Math.min(MAX_REPEATS, e.sessions().size() - 1));
    }

    public boolean isOwner(OrgUnitView u) {
      return ownerUnitId != null && ownerUnitId == u.id();
    }

    public boolean isKind(EventKind k) {
      return k == kind;
    }

    public boolean isCategory(CourseCategory c) {
      return c == courseCategory;
    }

    public boolean isMode(SignUpMode m) {
      return m == mode;
    }

    public boolean isGender(Gender g) {
      return g == gender;
    }

    public boolean inAudience(OrgUnitView u) {
      return audience.contains(u.id());
    }
  }

  /** The event form's fields. */
  public static class Form {
    @RestForm public Long ownerUnitId;
    @RestForm public EventKind kind;
    @RestForm public CourseCategory courseCategory;
    @RestForm public String title;
    @RestForm public String description;
    @RestForm public String address;
    @RestForm public List<Long> audience;
    @RestForm public Gender gender;
    @RestForm public Short minAge;
    @RestForm public Short maxAge;
    @RestForm public boolean residency;
    @RestForm public String startsAt;
    @RestForm public String endsAt;
    @RestForm public SignUpMode mode;
    @RestForm public Integer capacity;
    @RestForm public String closesAt;
    @RestForm public Integer repeatWeeks;
  }

  /** The fields of one session (the first of a new event, or one added later). */
  public static class SessionForm {
    @RestForm public String startsAt;
    @RestForm public String endsAt;
    @RestForm public SignUpMode mode;
    @RestForm public Integer capacity;
    @RestForm public String closesAt;
  }

  private final ConsoleView view;
  private final EventQueries queries;
  private final EventService events;
  private final Validator validator;
  private final SecurityIdentity identity;

  EventFormPage(
      ConsoleView view,
      EventQueries queries,
      EventService events,
      Validator validator,
      SecurityIdentity identity) {
    this.view = view;
    this.queries = queries;
    this.events = events;
    this.validator = validator;
    this.identity = identity;
  }

  /** The form for a new event in one of my units, or for a copy of one I manage. */
  @GET
  @Path("events/new")
  public Uni<TemplateInstance> form(
      @QueryParam("unit") Long unitId, @QueryParam("from") Long fromId, @Context HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.EVENTS);
    CurrentUser user = CurrentUser.of(identity);
    Uni<Draft> draft =
        fromId == null
            ? Uni.createFrom().item(Draft.empty(unitId))
            : queries.managed(user, fromId).map(Draft::copyOf);
    return draft.chain(
        d -> view.units(user).map(units -> Templates.eventNew(chrome, new Choices(units), d)));
  }

  @POST
  @Path("events")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> create(@BeanParam Form form) {
    CurrentUser user = view.require(identity, ConsolePage.EVENTS);
    SessionInput first =
        session(form.startsAt, form.endsAt, form.mode, form.capacity, form.closesAt);
    int repeats =
        form.repeatWeeks == null ? 0 : Math.max(0, Math.min(MAX_REPEATS, form.repeatWeeks));
    List<SessionInput> sessions = new ArrayList<>();
    sessions.add(first);
    for (int w = 1; w <= repeats && first.startsAt() != null && first.endsAt() != null; w++) {
      sessions.add(weeksLater(first, w));
    }
    Eligibility rules = new Eligibility();
    rules.gender = form.gender;
    rules.minAge = form.minAge;
    rules.maxAge = form.maxAge;
    rules.residency = form.residency;
    List<Long> audience =
        form.audience == null || form.audience.isEmpty()
            ? (form.ownerUnitId == null ? List.of() : List.of(form.ownerUnitId))
            : form.audience;
    String address = Texts.blankToNull(form.address);
    CreateEvent cmd =
        ConsoleForms.valid(
            validator,
            new CreateEvent(
                form.ownerUnitId,
                form.kind,
                form.courseCategory,
                Texts.blankToNull(form.title),
                Texts.blankToNull(form.description),
                address == null ? null : new Venue(address, null, null),
                null,
                audience,
                rules,
                List.of(),
                sessions,
                null));
    return events
        .create(user, cmd)
        .map(e -> Response.seeOther(URI.create("/console/events/" + e.id())).build());
  }

  @GET
  @Path("events/{id}/edit")
  public Uni<TemplateInstance> edit(@PathParam("id") @Min(1) long id, @Context HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.EVENTS);
    return queries
        .managed(CurrentUser.of(identity), id)
        .map(
            e ->
                Templates.eventEdit(
                    chrome,
                    e,
                    e.venue() == null || e.venue().address() == null ? "" : e.venue().address()));
  }

  /** Saves the texts and the venue's address (registrants hear of a changed venue). */
  @POST
  @Path("events/{id}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> update(
      @PathParam("id") @Min(1) long id,
      @RestForm String title,
      @RestForm String description,
      @RestForm String address) {
    CurrentUser user = view.require(identity, ConsolePage.EVENTS);
    UpdateEvent patch = new UpdateEvent();
    patch.title = Optional.ofNullable(Texts.blankToNull(title));
    patch.description = Optional.ofNullable(Texts.blankToNull(description));
    String where = Texts.blankToNull(address);
    return queries
        .managed(user, id)
        .chain(
            e -> {
              String before = e.venue() == null ? null : e.venue().address();
              // An unchanged address keeps the venue (and its map point) as it is.
              if (!java.util.Objects.equals(before, where)) {
                patch.venue =
                    Optional.ofNullable(where == null ? null : new Venue(where, null, null));
              }
              ConsoleForms.valid(validator, patch);
              return events.update(user, id, patch);
            })
        .map(e -> Response.seeOther(URI.create("/console/events/" + e.id())).build());
  }

  /** Adds one session to an event. */
  @POST
  @Path("events/{id}/sessions")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> addSession(@PathParam("id") @Min(1) long id, @BeanParam SessionForm form) {
    CurrentUser user = view.require(identity, ConsolePage.EVENTS);
    SessionInput input =
        ConsoleForms.valid(
            validator,
            session(form.startsAt, form.endsAt, form.mode, form.capacity, form.closesAt));
    return events
        .addSession(user, id, input)
        .map(e -> Response.seeOther(URI.create("/console/events/" + e.id())).build());
  }

  private static SessionInput session(
      String startsAt, String endsAt, SignUpMode mode, Integer capacity, String closesAt) {
    return new SessionInput(
        ConsoleForms.shanghaiTime("startsAt", startsAt),
        ConsoleForms.shanghaiTime("endsAt", endsAt),
        mode,
        capacity,
        null,
        null,
        null,
        ConsoleForms.shanghaiTime("closesAt", closesAt),
        null,
        null,
        null);
  }

  private static SessionInput weeksLater(SessionInput s, int weeks) {
    return new SessionInput(
        s.startsAt().plusWeeks(weeks),
        s.endsAt().plusWeeks(weeks),
        s.mode(),
        s.capacity(),
        null,
        null,
        null,
        s.registrationClosesAt() == null ? null : s.registrationClosesAt().plusWeeks(weeks),
        null,
        null,
        null);
  }

  private static String local(OffsetDateTime at) {
    return at.atZoneSameInstant(Times.ZONE).format(LOCAL);
  }
}
