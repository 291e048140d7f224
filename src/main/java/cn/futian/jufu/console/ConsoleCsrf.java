package cn.futian.jufu.console;

import cn.futian.jufu.common.crypto.Hmac;
import cn.futian.jufu.common.error.HtmlProblem;
import cn.futian.jufu.common.error.Messages;
import cn.futian.jufu.common.error.ProblemCode;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

/**
 * CSRF protection of the console's forms (docs/adr/0028): a token bound to the signed-in session
 * (an HMAC of the user and Keycloak's session id under a server key), sent back by every form as
 * the field {@code csrf} and by htmx as the header {@code X-CSRF-Token}. Every request to {@code
 * /console} that is not GET, HEAD or OPTIONS without the right token is refused with 403 before it
 * reaches a page. Only the console: the API takes bearer tokens, which a browser never sends on its
 * own.
 */
@ApplicationScoped
public class ConsoleCsrf {

  public static final String FIELD = "csrf";
  public static final String HEADER = "X-CSRF-Token";
  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

  private final byte[] key;
  private final CurrentIdentityAssociation identities;

  ConsoleCsrf(
      @ConfigProperty(name = "quarkus.oidc.console.token-state-manager.encryption-secret")
          String sessionSecret,
      CurrentIdentityAssociation identities) {
    this.key = Hmac.sha256(sessionSecret.getBytes(StandardCharsets.UTF_8), "console-csrf");
    this.identities = identities;
  }

  /** The token of this signed-in session. */
  public String tokenFor(SecurityIdentity identity) {
    String session = "";
    if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getClaim("sid") != null) {
      session = jwt.getClaim("sid").toString();
    }
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(Hmac.sha256(key, identity.getPrincipal().getName() + "|" + session));
  }

  boolean valid(SecurityIdentity identity, String token) {
    if (identity.isAnonymous() || token == null || token.isBlank()) {
      return false;
    }
    return MessageDigest.isEqual(
        tokenFor(identity).getBytes(StandardCharsets.US_ASCII),
        token.strip().getBytes(StandardCharsets.US_ASCII));
  }

  @ServerRequestFilter
  @WithFormRead
  public Uni<Response> verify(ResteasyReactiveContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if (SAFE.contains(request.getMethod()) || !isConsole(path)) {
      return Uni.createFrom().nullItem();
    }
    String token = request.getHeaderString(HEADER);
    if (token == null) {
      Object field =
          ((ResteasyReactiveRequestContext) request.getServerRequestContext())
              .getFormParameter(FIELD, true, false);
      token = field == null ? null : field.toString();
    }
    String sent = token;
    return identities
        .getDeferredIdentity()
        .map(
            identity ->
                valid(identity, sent)
                    ? null
                    : HtmlProblem.of(
                        ProblemCode.FORBIDDEN,
                        "console.csrf",
                        Messages.negotiate(request.getHeaderString("Accept-Language"))));
  }

  static boolean isConsole(String path) {
    return HtmlProblem.isPage(path);
  }
}
