package cn.futian.jufu.common.links;

import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.Locale;

/**
 * Absolute links for what residents and cadres are handed (ADR 0016): a calendar feed to subscribe
 * to, a venue check-in code to print, an event or article to share, the place a notification opens.
 * All start with {@code fulian.links.base-url}; what a phone opens in the app lives under {@code
 * /app/} ({@link #app}), which the mini-program's and the apps' link rules claim and which the
 * service answers itself for a browser without the app.
 */
// Built at start-up, so that a bad base URL fails the start and not the first link.
@Startup
@Singleton
public class PublicLinks {

  /** Where app links live. */
  public static final String APP = "/app";

  private final String base;
  private final String authority;

  PublicLinks(LinkConfig config) {
    URI uri = config.baseUrl();
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("https") || scheme.equals("http"))
        || uri.getHost() == null
        || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))
        || uri.getQuery() != null
        || uri.getFragment() != null) {
      throw new IllegalStateException(
          "fulian.links.base-url must be an absolute http(s) address without a path, e.g."
              + " https://api.fulian.example.invalid (FULIAN_LINKS_BASE_URL); it is "
              + uri);
    }
    this.authority = uri.getRawAuthority();
    this.base = scheme + "://" + authority;
  }

  /** {@code path} (starting with /) of this service, absolute. */
  public String url(String path) {
    return base + path;
  }

  /** The same resource for calendar apps, {@code webcal://host/path}. */
  public String webcal(String path) {
    return "webcal://" + authority + path;
  }

  /** An app route such as {@code /events/12} as the link that opens it: {@code …/app/events/12}. */
  public String app(String route) {
    if (route == null || route.isBlank()) {
      return null;
    }
    if (route.startsWith("https://") || route.startsWith("http://")) {
      return route;
    }
    return base + APP + (route.startsWith("/") ? route : "/" + route);
  }
}
