package cn.futian.jufu.news;

import cn.futian.jufu.common.api.Page;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.news.NewsDtos.NewsSummary;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /org-units/{id}/news}: its own class, as JAX-RS matches {@code /org-units} first. */
@Path("/org-units/{id}/news")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "News")
public class UnitNewsResource {

  private final NewsService service;
  private final SecurityIdentity identity;

  UnitNewsResource(NewsService service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Write an article (a draft) for a unit I manage")
  public Uni<Response> createNews(
      @PathParam("id") @Min(1) long id, @NotNull @Valid NewsDtos.CreateNews body) {
    return service
        .create(CurrentUser.of(identity), id, body)
        .map(n -> Response.created(URI.create("/news/" + n.id())).entity(n).build());
  }

  @GET
  @Operation(summary = "Articles of a unit I manage, in any status, with read counts")
  public Uni<Page<NewsSummary>> listUnitNews(
      @PathParam("id") @Min(1) long id,
      @QueryParam("status") NewsStatus status,
      @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1000) int page,
      @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
    return service.ofUnit(CurrentUser.of(identity), id, status, page, size);
  }
}
