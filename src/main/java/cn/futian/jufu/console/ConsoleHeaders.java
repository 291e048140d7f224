package cn.futian.jufu.console;

import cn.futian.jufu.common.error.HtmlProblem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Console pages hold personal data (sign-up lists with phone numbers, revealed case notes): no
 * browser or proxy may keep them ({@code Cache-Control: no-store}), and no other site learns their
 * addresses from a link ({@code Referrer-Policy: same-origin}). The static assets are not pages.
 */
public class ConsoleHeaders {

  @ServerResponseFilter
  public void noStore(ContainerRequestContext request, ContainerResponseContext response) {
    if (!HtmlProblem.isPage(request.getUriInfo().getPath())) {
      return;
    }
    if (!response.getHeaders().containsKey("Cache-Control")) {
      response.getHeaders().putSingle("Cache-Control", "no-store");
    }
    response.getHeaders().putSingle("Referrer-Policy", "same-origin");
  }
}
