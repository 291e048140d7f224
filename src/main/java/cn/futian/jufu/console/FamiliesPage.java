package cn.futian.jufu.console;

import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.text.Texts;
import cn.futian.jufu.families.FamilyDtos.Consent;
import cn.futian.jufu.families.FamilyDtos.Decision;
import cn.futian.jufu.families.FamilyDtos.FlaggedVote;
import cn.futian.jufu.families.FamilyDtos.HonourLevel;
import cn.futian.jufu.families.FamilyDtos.JuryScore;
import cn.futian.jufu.families.FamilyDtos.Level;
import cn.futian.jufu.families.FamilyDtos.MemberView;
import cn.futian.jufu.families.FamilyDtos.NewHonour;
import cn.futian.jufu.families.FamilyDtos.NominationView;
import cn.futian.jufu.families.FamilyDtos.Phase;
import cn.futian.jufu.families.FamilyDtos.Result;
import cn.futian.jufu.families.FamilyDtos.Review;
import cn.futian.jufu.families.FamilyDtos.SearchView;
import cn.futian.jufu.families.FamilyDtos.Status;
import cn.futian.jufu.families.FamilyDtos.Tally;
import cn.futian.jufu.families.FamilyDtos.VoidVote;
import cn.futian.jufu.families.FamilyResultService;
import cn.futian.jufu.families.FamilySearchService;
import cn.futian.jufu.families.FamilyVoteService;
import cn.futian.jufu.orgunits.OrgUnitKind;
import cn.futian.jufu.orgunits.OrgUnitView;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The 最美家庭 search for cadres (ADR 0030): the searches and their phases, the nominations of my units
 * with the places of my quotas used, and one nomination with its members' consent and the review
 * (forward or decline with a reason), through {@link FamilySearchService}.
 */
@Path("/console")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class FamiliesPage {

  @CheckedTemplate(basePath = "console")
  static class Templates {
    static native TemplateInstance familySearches(Chrome chrome, List<SearchView> searches);

    static native TemplateInstance familySearch(Chrome chrome, SearchPage d);

    static native TemplateInstance familyNomination(Chrome chrome, NominationPage d);

    static native TemplateInstance familyTally(Chrome chrome, TallyPage d);

    static native TemplateInstance familyResult(Chrome chrome, ResultPage d);
  }

  /** A unit of mine and the places of its quota used in the search. */
  @TemplateData
  public record Quota(OrgUnitView unit, int used, int of) {}

  /** One search with the nominations of my units. */
  @TemplateData
  public record SearchPage(
      SearchView search,
      Status status,
      Level level,
      List<Quota> quotas,
      Page<NominationView> nominations) {

    public List<Status> statuses() {
      return Arrays.asList(Status.values());
    }

    public List<Level> levels() {
      return Arrays.asList(Level.values());
    }

    public boolean hasNext() {
      return (long) (nominations.page() + 1) * nominations.size() < nominations.total();
    }

    /** Whether the vote has opened (its count is public from then on). */
    public boolean counting() {
      return search.phase().ordinal() >= Phase.VOTING.ordinal();
    }

    /** Whether the vote has closed (the result is public from then on). */
    public boolean decided() {
      return search.phase().ordinal() >= Phase.OBJECTION.ordinal();
    }
  }

  /** One nomination; the review form in the review phase while it waits. */
  @TemplateData
  public record NominationPage(NominationView n, SearchView search) {

    public boolean reviewable() {
      return search.phase() == Phase.REVIEW && n.status() == Status.IN_REVIEW;
    }

    public boolean pending(MemberView m) {
      return m.consentAt() == null;
    }
  }

  /** The count and, for district staff, the votes flagged for review. */
  @TemplateData
  public record TallyPage(SearchView search, Tally tally, List<FlaggedVote> flagged) {

    public boolean reviewer() {
      return flagged != null;
    }
  }

  /** The weighted result; the jury's and the honours' forms for district staff. */
  @TemplateData
  public record ResultPage(SearchView search, Result result, boolean admin) {

    public List<HonourLevel> levels() {
      return Arrays.asList(HonourLevel.values());
    }

    /** Jurors score until the objections close; honours are recorded after. */
    public boolean scoring() {
      return admin && search.phase() != Phase.CLOSED;
    }

    public boolean honouring() {
      return admin && search.phase() == Phase.CLOSED;
    }
  }

  private final ConsoleView view;
  private final FamilySearchService families;
  private final FamilyVoteService votes;
  private final FamilyResultService results;
  private final Validator validator;
  private final SecurityIdentity identity;

  FamiliesPage(
      ConsoleView view,
      FamilySearchService families,
      FamilyVoteService votes,
      FamilyResultService results,
      Validator validator,
      SecurityIdentity identity) {
    this.view = view;
    this.families = families;
    this.votes = votes;
    this.results = results;
    this.validator = validator;
    this.identity = identity;
  }

  @GET
  @Path("families")
  public Uni<TemplateInstance> searches(@Context HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.FAMILIES);
    return families.list().map(list -> Templates.familySearches(chrome, list));
  }

  @GET
  @Path("families/{id}")
  public Uni<TemplateInstance> search(
      @PathParam("id") @Min(1) long id,
      @QueryParam("status") Status status,
      @QueryParam("level") Level level,
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1000) int page,
      @Context HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.FAMILIES);
    CurrentUser user = CurrentUser.of(identity);
    return families
        .get(id)
        .chain(
            search ->
                view.units(user)
                    .chain(
                        units ->
                            families
                                .quotaUsed(id, units.stream().map(OrgUnitView::id).toList())
                                .map(used -> quotas(search, units, used)))
                    .chain(
                        quotas ->
                            families
                                .nominations(user, id, status, level, page, EventsPage.PAGE_SIZE)
                                .map(p -> new SearchPage(search, status, level, quotas, p))))
        .map(d -> Templates.familySearch(chrome, d));
  }

  /** The public vote's count and integrity summary; the flagged votes for district staff. */
  @GET
  @Path("families/{id}/tally")
  public Uni<TemplateInstance> tally(@PathParam("id") @Min(1) long id, @Context HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.FAMILIES);
    CurrentUser user = CurrentUser.of(identity);
    return families
        .get(id)
        .chain(
            search ->
                votes
                    .tally(id)
                    .chain(
                        t ->
                            (user.isAdmin()
                                    ? votes.flagged(id, 0, 100)
                                    : Uni.createFrom().<List<FlaggedVote>>nullItem())
                                .map(f -> new TallyPage(search, t, f))))
        .map(d -> Templates.familyTally(chrome, d));
  }

  /** The weighted result once the vote has closed, with the jury's and the honours' forms. */
  @GET
  @Path("families/{id}/result")
  public Uni<TemplateInstance> result(@PathParam("id") @Min(1) long id, @Context HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.FAMILIES);
    boolean admin = CurrentUser.of(identity).isAdmin();
    return families
        .get(id)
        .chain(search -> results.result(id).map(r -> new ResultPage(search, r, admin)))
        .map(d -> Templates.familyResult(chrome, d));
  }

  /** A juror's score of a finalist (district staff). */
  @POST
  @Path("families/{id}/candidates/{candidate}/jury-scores")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> score(
      @PathParam("id") @Min(1) long id,
      @PathParam("candidate") @Min(1) long candidate,
      @RestForm String juror,
      @RestForm Integer score) {
    CurrentUser user = requireAdmin();
    JuryScore body = ConsoleForms.valid(validator, new JuryScore(Texts.blankToNull(juror), score));
    return results.score(user, candidate, body).map(v -> toResult(id));
  }

  /** An honour of a finalist once the search has closed (district staff). */
  @POST
  @Path("families/{id}/candidates/{candidate}/honours")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> honour(
      @PathParam("id") @Min(1) long id,
      @PathParam("candidate") @Min(1) long candidate,
      @RestForm HonourLevel level,
      @RestForm String title,
      @RestForm Integer year) {
    CurrentUser user = requireAdmin();
    NewHonour body =
        ConsoleForms.valid(validator, new NewHonour(level, Texts.blankToNull(title), year));
    return results.honour(user, candidate, body).map(v -> toResult(id));
  }

  private CurrentUser requireAdmin() {
    CurrentUser user = view.require(identity, ConsolePage.FAMILIES);
    if (!user.isAdmin()) {
      throw new io.quarkus.security.ForbiddenException();
    }
    return user;
  }

  private static Response toResult(long id) {
    return Response.seeOther(URI.create("/console/families/" + id + "/result")).build();
  }

  /** Voids a flagged vote with a reason (district staff). */
  @POST
  @Path("families/{id}/votes/{vote}/void")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> voidVote(
      @PathParam("id") @Min(1) long id,
      @PathParam("vote") @Min(1) long vote,
      @RestForm String reason) {
    CurrentUser user = requireAdmin();
    VoidVote body = ConsoleForms.valid(validator, new VoidVote(Texts.blankToNull(reason)));
    return votes
        .voidVote(user, vote, body.reason())
        .map(v -> Response.seeOther(URI.create("/console/families/" + id + "/tally")).build());
  }

  @GET
  @Path("family-nominations/{id}")
  public Uni<TemplateInstance> nomination(
      @PathParam("id") @Min(1) long id, @Context HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.FAMILIES);
    return page(id).map(d -> Templates.familyNomination(chrome, d));
  }

  /** Records a member's consent collected in person or on paper. */
  @POST
  @Path("family-nominations/{id}/consents")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> consent(
      @PathParam("id") @Min(1) long id, @RestForm Long memberId, @RestForm String guardianName) {
    CurrentUser user = view.require(identity, ConsolePage.FAMILIES);
    Consent body =
        ConsoleForms.valid(validator, new Consent(memberId, Texts.blankToNull(guardianName)));
    return families.consent(user, id, body).map(n -> backTo(id));
  }

  /** Forwards or declines the nomination at its level, with a reason. */
  @POST
  @Path("family-nominations/{id}/review")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> review(
      @PathParam("id") @Min(1) long id, @RestForm Decision decision, @RestForm String reason) {
    CurrentUser user = view.require(identity, ConsolePage.FAMILIES);
    Review body = ConsoleForms.valid(validator, new Review(decision, Texts.blankToNull(reason)));
    return families.review(user, id, body).map(n -> backTo(id));
  }

  private Uni<NominationPage> page(long id) {
    return families
        .nomination(CurrentUser.of(identity), id)
        .chain(n -> families.get(n.searchId()).map(s -> new NominationPage(n, s)));
  }

  /** My units that review at a level, with the places of their quota used. */
  static List<Quota> quotas(SearchView s, List<OrgUnitView> units, Map<Long, Integer> used) {
    return units.stream()
        .filter(
            u ->
                u.kind() == OrgUnitKind.COMMUNITY
                    || u.kind() == OrgUnitKind.STREET
                    || u.depth() == 0)
        .map(
            u ->
                new Quota(
                    u,
                    used.getOrDefault(u.id(), 0),
                    u.depth() == 0
                        ? s.finalists()
                        : u.kind() == OrgUnitKind.STREET ? s.streetQuota() : s.communityQuota()))
        .toList();
  }

  private static Response backTo(long id) {
    return Response.seeOther(URI.create("/console/family-nominations/" + id)).build();
  }
}
