package cn.futian.jufu.news;

import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.news.NewsDtos.NewsSummary;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /me/news}: the caller's news feed. */
@Path("/me/news")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "News")
public class MyNewsResource {

  private final NewsService service;
  private final SecurityIdentity identity;

  MyNewsResource(NewsService service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
  }

  @GET
  @Operation(
      summary = "My news feed",
      description =
          "Published articles of my home unit and the units above it (the district when I have no"
              + " home unit) and of the units I follow, newest first, with whether I read them.")
  public Uni<Page<NewsSummary>> listMyNews(
      @QueryParam("category") NewsCategory category,
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1000) int page,
      @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
    return service.feed(CurrentUser.of(identity), category, page, size);
  }
}
