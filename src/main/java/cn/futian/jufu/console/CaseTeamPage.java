package cn.futian.jufu.console;

import cn.futian.jufu.audit.AuditEntry;
import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.security.Roles;
import cn.futian.jufu.common.text.Texts;
import cn.futian.jufu.rights.CaseDtos.CaseStatus;
import cn.futian.jufu.rights.CaseDtos.CaseView;
import cn.futian.jufu.rights.CaseDtos.EntryKind;
import cn.futian.jufu.rights.CaseDtos.EntryView;
import cn.futian.jufu.rights.CaseDtos.NewEntry;
import cn.futian.jufu.rights.CaseDtos.RevealEntries;
import cn.futian.jufu.rights.CaseDtos.RevealedEntry;
import cn.futian.jufu.rights.CaseService;
import cn.futian.jufu.rights.CaseWorkDtos.CaseRequestView;
import cn.futian.jufu.rights.CaseWorkDtos.Reveal;
import cn.futian.jufu.rights.CaseWorkDtos.Revealed;
import cn.futian.jufu.rights.CaseWorkDtos.SealedField;
import cn.futian.jufu.rights.CaseWorkService;
import cn.futian.jufu.rights.DifficultyDtos;
import cn.futian.jufu.rights.DifficultyDtos.EntryField;
import cn.futian.jufu.rights.DifficultyDtos.NewVisit;
import cn.futian.jufu.rights.DifficultyDtos.Support;
import cn.futian.jufu.rights.DifficultyDtos.VisitMode;
import cn.futian.jufu.rights.DifficultyDtos.VisitView;
import cn.futian.jufu.rights.DifficultyService;
import cn.futian.jufu.rights.HelpDtos.CategoryView;
import cn.futian.jufu.rights.HelpRequestService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
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
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The case team's pages (ADR 0021): requests for help, cases and the difficulty register, for
 * caseworkers and supervisors only. Everything is masked as in the API: a page shows facts and
 * which sealed fields exist; her words, contacts and identity appear only after a reveal with a
 * reason, on the answer to that form alone (never in a link, never cached), and every list, read
 * and reveal is audited by the services. Supervisors also see who read what (the trail).
 */
@Path("/console")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class CaseTeamPage {

  static final int ROWS = 30;

  @CheckedTemplate(basePath = "console")
  static class Templates {
    static native TemplateInstance helpRequests(Chrome chrome, RequestList d);

    static native TemplateInstance helpRequest(Chrome chrome, RequestPage d);

    static native TemplateInstance cases(Chrome chrome, CaseList d);

    static native TemplateInstance caseFile(Chrome chrome, CasePage d);

    static native TemplateInstance register(Chrome chrome, RegisterList d);

    static native TemplateInstance registerEntry(Chrome chrome, EntryPage d);
  }

  /** Requests in my reach, due soonest first. */
  @TemplateData
  public record RequestList(
      String status,
      String risk,
      boolean overdue,
      Page<CaseRequestView> requests,
      Map<String, String> names) {
    public String category(String code) {
      return names.getOrDefault(code, code);
    }

    public List<String> risks() {
      return List.of("HIGH", "MEDIUM", "STANDARD");
    }

    public boolean high(CaseRequestView r) {
      return "HIGH".equals(r.riskLevel());
    }
  }

  /** One request; {@code revealed} only on the answer to a reveal. */
  @TemplateData
  public record RequestPage(
      CaseRequestView r, Revealed revealed, List<AuditEntry> trail, Map<String, String> names) {
    public String category(String code) {
      return names.getOrDefault(code, code);
    }

    public boolean sealed() {
      return !r.sealedFields().isEmpty();
    }
  }

  /** Cases in my reach. */
  @TemplateData
  public record CaseList(CaseStatus status, Page<CaseView> cases, Map<String, String> names) {
    public String category(String code) {
      return names.getOrDefault(code, code);
    }

    public List<CaseStatus> statuses() {
      return Arrays.asList(CaseStatus.values());
    }
  }

  /** One case with its timeline; revealed notes only on the answer to a reveal. */
  @TemplateData
  public record CasePage(
      CaseView c,
      List<EntryView> timeline,
      List<RevealedEntry> revealed,
      List<AuditEntry> trail,
      Map<String, String> names) {
    public String category(String code) {
      return names.getOrDefault(code, code);
    }

    public List<EntryKind> kinds() {
      return Arrays.asList(EntryKind.values());
    }

    public boolean anyNotes() {
      return timeline.stream().anyMatch(EntryView::hasNote);
    }

    public boolean open() {
      return c.status() != CaseStatus.CLOSED;
    }
  }

  /** Register entries in my reach. */
  @TemplateData
  public record RegisterList(
      String status, Integer dueWithinDays, Page<DifficultyDtos.EntryView> entries) {
    public List<DifficultyDtos.Status> statuses() {
      return Arrays.asList(DifficultyDtos.Status.values());
    }

    public boolean isStatus(DifficultyDtos.Status s) {
      return s.name().equals(status);
    }
  }

  /** One register entry with its visits; the identity only on the answer to a reveal. */
  @TemplateData
  public record EntryPage(
      DifficultyDtos.EntryView e, List<VisitView> visits, DifficultyDtos.Revealed revealed) {
    public List<VisitMode> modes() {
      return Arrays.asList(VisitMode.values());
    }

    public List<Support> supports() {
      return Arrays.asList(Support.values());
    }

    public String today() {
      return LocalDate.now(cn.futian.jufu.common.time.Times.ZONE).toString();
    }
  }

  private final ConsoleView view;
  private final CaseWorkService requests;
  private final CaseService cases;
  private final DifficultyService register;
  private final HelpRequestService help;
  private final Validator validator;
  private final SecurityIdentity identity;

  CaseTeamPage(
      ConsoleView view,
      CaseWorkService requests,
      CaseService cases,
      DifficultyService register,
      HelpRequestService help,
      Validator validator,
      SecurityIdentity identity) {
    this.view = view;
    this.requests = requests;
    this.cases = cases;
    this.register = register;
    this.help = help;
    this.validator = validator;
    this.identity = identity;
  }

  // ------------------------------------------------------------------ requests for help

  @GET
  @Path("help-requests")
  public Uni<TemplateInstance> helpRequests(
      @QueryParam("status") String status,
      @QueryParam("risk") String risk,
      @QueryParam("overdue") boolean overdue,
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1000) int page,
      @Context HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.HELP_REQUESTS);
    String st = "RECEIVED".equals(status) || "TRIAGED".equals(status) ? status : null;
    String rl = risk != null && List.of("HIGH", "MEDIUM", "STANDARD").contains(risk) ? risk : null;
    return requests
        .list(CurrentUser.of(identity), st, rl, overdue ? Boolean.TRUE : null, page, ROWS)
        .chain(
            p ->
                categoryNames(h)
                    .map(
                        n ->
                            Templates.helpRequests(
                                chrome, new RequestList(st, rl, overdue, p, n))));
  }

  @GET
  @Path("help-requests/{id}")
  public Uni<TemplateInstance> helpRequest(
      @PathParam("id") @Min(1) long id, @Context HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.HELP_REQUESTS);
    return requestPage(id, null, h).map(d -> Templates.helpRequest(chrome, d));
  }

  /** Reveals sealed fields with a reason; they appear on this answer only. */
  @POST
  @Path("help-requests/{id}/reveal")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<TemplateInstance> revealRequest(
      @PathParam("id") @Min(1) long id,
      @RestForm List<SealedField> fields,
      @RestForm String reason,
      @Context HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.HELP_REQUESTS);
    Reveal body =
        ConsoleForms.valid(
            validator,
            new Reveal(
                fields == null || fields.isEmpty() ? Set.of() : EnumSet.copyOf(fields),
                Texts.blankToNull(reason)));
    return requests
        .reveal(CurrentUser.of(identity), id, body)
        .chain(revealed -> requestPage(id, revealed, h))
        .map(d -> Templates.helpRequest(chrome, d));
  }

  private Uni<RequestPage> requestPage(long id, Revealed revealed, HttpHeaders h) {
    CurrentUser user = CurrentUser.of(identity);
    return requests
        .get(user, id)
        .chain(
            r ->
                trail(user, requests.trail(user, id))
                    .chain(t -> categoryNames(h).map(n -> new RequestPage(r, revealed, t, n))));
  }

  // ------------------------------------------------------------------ cases

  @GET
  @Path("cases")
  public Uni<TemplateInstance> cases(
      @QueryParam("status") CaseStatus status,
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1000) int page,
      @Context HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.CASES);
    return cases
        .list(CurrentUser.of(identity), status, page, ROWS)
        .chain(p -> categoryNames(h).map(n -> Templates.cases(chrome, new CaseList(status, p, n))));
  }

  @GET
  @Path("cases/{id}")
  public Uni<TemplateInstance> caseFile(@PathParam("id") @Min(1) long id, @Context HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.CASES);
    return casePage(id, List.of(), h).map(d -> Templates.caseFile(chrome, d));
  }

  /** Reveals the notes of the chosen timeline entries with a reason; on this answer only. */
  @POST
  @Path("cases/{id}/reveal")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<TemplateInstance> revealNotes(
      @PathParam("id") @Min(1) long id,
      @RestForm List<Long> entryIds,
      @RestForm String reason,
      @Context HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.CASES);
    RevealEntries body =
        ConsoleForms.valid(
            validator,
            new RevealEntries(entryIds == null ? List.of() : entryIds, Texts.blankToNull(reason)));
    return cases
        .reveal(CurrentUser.of(identity), id, body)
        .chain(notes -> casePage(id, notes, h))
        .map(d -> Templates.caseFile(chrome, d));
  }

  /** Adds an entry (contact, counselling, safety plan, ...) to the case's timeline. */
  @POST
  @Path("cases/{id}/entries")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> addEntry(
      @PathParam("id") @Min(1) long id,
      @RestForm EntryKind kind,
      @RestForm String note,
      @RestForm String dueAt) {
    CurrentUser user = view.require(identity, ConsolePage.CASES);
    NewEntry body =
        ConsoleForms.valid(
            validator,
            new NewEntry(kind, Texts.blankToNull(note), ConsoleForms.shanghaiTime("dueAt", dueAt)));
    return cases
        .addEntry(user, id, body)
        .map(e -> Response.seeOther(URI.create("/console/cases/" + id)).build());
  }

  private Uni<CasePage> casePage(long id, List<RevealedEntry> revealed, HttpHeaders h) {
    CurrentUser user = CurrentUser.of(identity);
    return cases
        .get(user, id)
        .chain(
            c ->
                cases
                    .timeline(user, id)
                    .chain(
                        t ->
                            trail(user, cases.trail(user, id))
                                .chain(
                                    tr ->
                                        categoryNames(h)
                                            .map(n -> new CasePage(c, t, revealed, tr, n)))));
  }

  // ------------------------------------------------------------------ the difficulty register

  @GET
  @Path("register")
  public Uni<TemplateInstance> registerList(
      @QueryParam("status") DifficultyDtos.Status status,
      @QueryParam("due") @Min(0) @Max(366) Integer dueWithinDays,
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1000) int page,
      @Context HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.REGISTER);
    String st = status == null ? null : status.name();
    return register
        .list(CurrentUser.of(identity), st, dueWithinDays, page, ROWS)
        .map(p -> Templates.register(chrome, new RegisterList(st, dueWithinDays, p)));
  }

  @GET
  @Path("register/{id}")
  public Uni<TemplateInstance> registerEntry(
      @PathParam("id") @Min(1) long id, @Context HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.REGISTER);
    return entryPage(id, null).map(d -> Templates.registerEntry(chrome, d));
  }

  /** Reveals the entry's sealed identity fields with a reason; on this answer only. */
  @POST
  @Path("register/{id}/reveal")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<TemplateInstance> revealEntry(
      @PathParam("id") @Min(1) long id,
      @RestForm List<EntryField> fields,
      @RestForm String reason,
      @Context HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.REGISTER);
    DifficultyDtos.Reveal body =
        ConsoleForms.valid(
            validator,
            new DifficultyDtos.Reveal(
                fields == null || fields.isEmpty() ? Set.of() : EnumSet.copyOf(fields),
                Texts.blankToNull(reason)));
    return register
        .reveal(CurrentUser.of(identity), id, body)
        .chain(revealed -> entryPage(id, revealed))
        .map(d -> Templates.registerEntry(chrome, d));
  }

  /** Records a visit (home, phone, office) with the support given. */
  @POST
  @Path("register/{id}/visits")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> visit(
      @PathParam("id") @Min(1) long id,
      @RestForm String visitedOn,
      @RestForm VisitMode mode,
      @RestForm List<Support> support,
      @RestForm String needs,
      @RestForm String nextVisitDue) {
    CurrentUser user = view.require(identity, ConsolePage.REGISTER);
    NewVisit body =
        ConsoleForms.valid(
            validator,
            new NewVisit(
                date("visitedOn", visitedOn),
                mode,
                support == null || support.isEmpty() ? Set.of() : EnumSet.copyOf(support),
                Texts.blankToNull(needs),
                date("nextVisitDue", nextVisitDue)));
    return register
        .visit(user, id, body)
        .map(v -> Response.seeOther(URI.create("/console/register/" + id)).build());
  }

  private Uni<EntryPage> entryPage(long id, DifficultyDtos.Revealed revealed) {
    CurrentUser user = CurrentUser.of(identity);
    return register
        .get(user, id)
        .chain(e -> register.visits(user, id).map(v -> new EntryPage(e, v, revealed)));
  }

  // ------------------------------------------------------------------ helpers

  /** The help categories' names in the reader's language (categories are data, ADR 0020). */
  private Uni<Map<String, String>> categoryNames(HttpHeaders h) {
    boolean zh = "zh".equals(ConsoleView.locale(h).getLanguage());
    return help.categories()
        .map(
            list ->
                list.stream()
                    .collect(
                        Collectors.toMap(
                            CategoryView::code, c -> zh ? c.nameZh() : c.nameEn(), (a, b) -> a)));
  }

  /**
   * The trail for a supervisor; nothing for a caseworker (the services answer supervisors only, and
   * a caseworker's page does not ask).
   */
  private static Uni<List<AuditEntry>> trail(CurrentUser user, Uni<List<AuditEntry>> trail) {
    if (!user.roles().contains(Roles.CASE_SUPERVISOR)) {
      return Uni.createFrom().item(List.of());
    }
    return trail.onFailure(DomainException.class).recoverWithItem(List.of());
  }

  private static LocalDate date(String field, String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw DomainException.invalid(field, "date");
    }
  }
}
