package cn.futian.jufu.cadres;

import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.error.ProblemCode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/** Looks users up in Keycloak; a user that does not exist is a 404 problem, an outage a 503. */
@ApplicationScoped
public class UserDirectory {

  private static final Logger LOG = Logger.getLogger(UserDirectory.class);
  private final KeycloakUsers keycloak;

  UserDirectory(@RestClient KeycloakUsers keycloak) {
    this.keycloak = keycloak;
  }

  /**
   * Disables a Keycloak user and ends their sessions (account deletion). A user Keycloak no longer
   * knows is already gone; an outage is a 503 problem, so the caller erases nothing before this has
   * succeeded.
   */
  public Uni<Void> disable(String subject) {
    return keycloak
        .representation(subject)
        .chain(
            rep -> {
              java.util.Map<String, Object> changed = new java.util.HashMap<>(rep);
              changed.put("enabled", false);
              return keycloak.update(subject, changed);
            })
        .chain(() -> keycloak.logout(subject))
        .onFailure(UserDirectory::isNotFound)
        .recoverWithNull()
        .onFailure()
        .transform(
            e -> {
              LOG.warnf("Keycloak: disabling a user failed: %s", e.toString());
              return new DomainException(
                  ProblemCode.DEPENDENCY_UNAVAILABLE, "dependency-unavailable");
            });
  }

  private static boolean isNotFound(Throwable e) {
    return e instanceof WebApplicationException web
        && web.getResponse() != null
        && web.getResponse().getStatus() == 404;
  }

  Uni<KeycloakUsers.User> require(String subject) {
    return keycloak
        .get(subject)
        .onFailure(
            e ->
                e instanceof WebApplicationException web
                    && web.getResponse() != null
                    && web.getResponse().getStatus() == 404)
        .transform(e -> DomainException.notFound("user", subject))
        .onFailure(e -> !(e instanceof DomainException))
        .transform(
            e -> {
              LOG.warnf("Keycloak user look-up failed: %s", e.toString());
              return new DomainException(
                  ProblemCode.DEPENDENCY_UNAVAILABLE, "dependency-unavailable");
            });
  }
}
