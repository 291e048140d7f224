package cn.futian.jufu.news;

import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.news.NewsDtos.NewsView;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /news/{id}}: one article, its edits and its lifecycle. */
@Path("/news/{id}")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "News", description = "新闻资讯: articles units publish for their members and followers")
public class NewsResource {

  private final NewsService service;
  private final SecurityIdentity identity;

  NewsResource(NewsService service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
  }

  @GET
  @Operation(
      summary = "Read one article",
      description =
          "Members read published articles of the units they belong to (home unit and above) or"
              + " follow; their first read is counted. The unit's cadres read any status, with the"
              + " read count, without counting. Anything else is 404.")
  public Uni<NewsView> getNews(@PathParam("id") @Min(1) long id) {
    return service.read(CurrentUser.of(identity), id);
  }

  @PATCH
  @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
  @Operation(
      summary = "Change an article (merge patch), for the unit's cadres",
      description = "Drafts and published articles; a withdrawn article is final (409).")
  public Uni<NewsView> updateNews(
      @PathParam("id") @Min(1) long id, @NotNull @Valid NewsDtos.UpdateNews body) {
    return service.update(CurrentUser.of(identity), id, body);
  }

  @POST
  @Path("/publish")
  @Operation(summary = "Publish a draft (409 in any other status)")
  public Uni<NewsView> publishNews(@PathParam("id") @Min(1) long id) {
    return service.transition(CurrentUser.of(identity), id, NewsStatus.Action.PUBLISH);
  }

  @POST
  @Path("/withdraw")
  @Operation(
      summary = "Withdraw a published article (409 in any other status)",
      description = "Members no longer see it; it cannot be published again.")
  public Uni<NewsView> withdrawNews(@PathParam("id") @Min(1) long id) {
    return service.transition(CurrentUser.of(identity), id, NewsStatus.Action.WITHDRAW);
  }
}
