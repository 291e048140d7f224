package cn.futian.jufu.common.links;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What an app link ({@code /app/…}, {@link PublicLinks#app}) shows when it is opened in a browser
 * rather than in the mini-program or the app: how to open it there. The page is the same for every
 * link and reads nothing: a shared link tells a stranger nothing about the event or the member.
 */
@Path(PublicLinks.APP)
@PermitAll
@SecurityRequirementsSet // public: a link anyone may open
@Tag(name = "Links", description = "链接: what a shared or printed app link shows in a browser")
public class AppLinkResource {

  static final String PAGE =
      """
      <!doctype html>
      <html lang="zh-CN">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <meta name="robots" content="noindex">
      <title>聚FU家园</title>
      </head>
      <body>
      <h1>聚FU家园 · 福田区妇联</h1>
      <p>请在微信中打开“聚FU家园”小程序，或在聚FU家园 App 中打开此链接。</p>
      <p lang="en">Open this link in the 聚FU家园 WeChat mini-program or app.</p>
      </body>
      </html>
      """;

  @GET
  @Path("{route: .*}")
  @Produces(MediaType.TEXT_HTML)
  @Operation(
      summary = "An app link opened in a browser: how to open it in the mini-program or the app",
      description =
          "Links handed to residents (events and news to share, venue check-in codes, what a"
              + " notification opens) are https://…/app/…; the mini-program and the apps claim"
              + " them. A browser gets this page, the same for every link.")
  public Response openAppLink(@PathParam("route") String route) {
    CacheControl cache = new CacheControl();
    cache.setMaxAge(3600);
    return Response.ok(PAGE, MediaType.TEXT_HTML + "; charset=utf-8")
        .cacheControl(cache)
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Security-Policy", "default-src 'none'")
        .build();
  }
}
