package cn.futian.jufu.console;

import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.text.Texts;
import cn.futian.jufu.news.NewsCategory;
import cn.futian.jufu.news.NewsDtos.CreateNews;
import cn.futian.jufu.news.NewsDtos.NewsSummary;
import cn.futian.jufu.news.NewsDtos.NewsView;
import cn.futian.jufu.news.NewsDtos.UpdateNews;
import cn.futian.jufu.news.NewsService;
import cn.futian.jufu.news.NewsStatus;
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
import java.util.Optional;
import org.jboss.resteasy.reactive.RestForm;

/**
 * A unit's news (动态): the list with read counts, writing and editing an article, publishing and
 * withdrawing it. The same {@link NewsService} as the API, with the signed-in cadre as the caller.
 */
@Path("/console")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class NewsPage {

  @CheckedTemplate(basePath = "console")
  static class Templates {
    static native TemplateInstance news(Chrome chrome, NewsList d);

    static native TemplateInstance newsForm(Chrome chrome, NewsForm d);

    static native TemplateInstance article(Chrome chrome, NewsView a, Moves m);
  }

  /** The news list of one unit. */
  @TemplateData
  public record NewsList(
      List<OrgUnitView> units, OrgUnitView unit, NewsStatus status, Page<NewsSummary> news) {

    public List<NewsStatus> statuses() {
      return Arrays.asList(NewsStatus.values());
    }

    public boolean hasNext() {
      return (long) (news.page() + 1) * news.size() < news.total();
    }
  }

  /** What can be done with an article in its status. */
  @TemplateData
  public record Moves(boolean editable, boolean publishable, boolean withdrawable) {
    static Moves of(NewsStatus s) {
      return new Moves(s.editable(), s == NewsStatus.DRAFT, s == NewsStatus.PUBLISHED);
    }
  }

  /** The article form: a new one in a unit, or an article to edit. */
  @TemplateData
  public record NewsForm(List<OrgUnitView> units, OrgUnitView unit, NewsView article) {

    public List<NewsCategory> categories() {
      return Arrays.asList(NewsCategory.values());
    }

    public boolean isCategory(NewsCategory c) {
      return article != null && article.category() == c;
    }

    public String action() {
      return article == null ? "/console/news" : "/console/news/" + article.id();
    }
  }

  private final ConsoleView view;
  private final NewsService news;
  private final Validator validator;
  private final SecurityIdentity identity;

  NewsPage(ConsoleView view, NewsService news, Validator validator, SecurityIdentity identity) {
    this.view = view;
    this.news = news;
    this.validator = validator;
    this.identity = identity;
  }

  @GET
  @Path("news")
  public Uni<TemplateInstance> list(
      @QueryParam("unit") Long unitId,
      @QueryParam("status") NewsStatus status,
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1000) int page,
      @Context HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.NEWS);
    CurrentUser user = CurrentUser.of(identity);
    return view.inUnit(
        user,
        unitId,
        units -> Templates.news(chrome, new NewsList(units, null, status, null)),
        (units, unit) ->
            news.ofUnit(user, unit.id(), status, page, EventsPage.PAGE_SIZE)
                .map(p -> Templates.news(chrome, new NewsList(units, unit, status, p))));
  }

  @GET
  @Path("news/new")
  public Uni<TemplateInstance> compose(@QueryParam("unit") Long unitId, @Context HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.NEWS);
    return view.units(CurrentUser.of(identity))
        .map(
            units ->
                Templates.newsForm(
                    chrome,
                    new NewsForm(
                        units, units.isEmpty() ? null : ConsoleView.pick(units, unitId), null)));
  }

  @POST
  @Path("news")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> create(
      @RestForm Long unitId,
      @RestForm NewsCategory category,
      @RestForm String title,
      @RestForm String summary,
      @RestForm String body,
      @RestForm String coverImageUrl) {
    CurrentUser user = view.require(identity, ConsolePage.NEWS);
    CreateNews cmd =
        ConsoleForms.valid(
            validator,
            new CreateNews(
                category,
                Texts.blankToNull(title),
                Texts.blankToNull(summary),
                Texts.blankToNull(body),
                Texts.blankToNull(coverImageUrl)));
    if (unitId == null) {
      throw DomainException.invalid("unitId", "notNull");
    }
    return news.create(user, unitId, cmd).map(NewsPage::toArticle);
  }

  @GET
  @Path("news/{id}")
  public Uni<TemplateInstance> article(@PathParam("id") @Min(1) long id, @Context HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.NEWS);
    return managed(id).map(a -> Templates.article(chrome, a, Moves.of(a.status())));
  }

  @GET
  @Path("news/{id}/edit")
  public Uni<TemplateInstance> edit(@PathParam("id") @Min(1) long id, @Context HttpHeaders h) {
    Chrome chrome = view.chrome(identity, h, ConsolePage.NEWS);
    return managed(id).map(a -> Templates.newsForm(chrome, new NewsForm(List.of(), null, a)));
  }

  @POST
  @Path("news/{id}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> update(
      @PathParam("id") @Min(1) long id,
      @RestForm NewsCategory category,
      @RestForm String title,
      @RestForm String summary,
      @RestForm String body,
      @RestForm String coverImageUrl) {
    CurrentUser user = view.require(identity, ConsolePage.NEWS);
    UpdateNews patch = new UpdateNews();
    patch.category = Optional.ofNullable(category);
    patch.title = Optional.ofNullable(Texts.blankToNull(title));
    patch.summary = Optional.ofNullable(Texts.blankToNull(summary));
    patch.body = Optional.ofNullable(Texts.blankToNull(body));
    patch.coverImageUrl = Optional.ofNullable(Texts.blankToNull(coverImageUrl));
    ConsoleForms.valid(validator, patch);
    return news.update(user, id, patch).map(NewsPage::toArticle);
  }

  @POST
  @Path("news/{id}/{action:publish|withdraw}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> move(@PathParam("id") @Min(1) long id, @PathParam("action") String action) {
    CurrentUser user = view.require(identity, ConsolePage.NEWS);
    NewsStatus.Action a =
        "publish".equals(action) ? NewsStatus.Action.PUBLISH : NewsStatus.Action.WITHDRAW;
    return news.transition(user, id, a).map(NewsPage::toArticle);
  }

  /** An article for the cadres of its unit; 404 for anyone else, as in the API. */
  private Uni<NewsView> managed(long id) {
    return news.managed(CurrentUser.of(identity), id);
  }

  private static Response toArticle(NewsView a) {
    return Response.seeOther(URI.create("/console/news/" + a.id())).build();
  }
}
