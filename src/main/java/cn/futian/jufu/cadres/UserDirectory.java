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
class UserDirectory {

  private static final Logger LOG = Logger.getLogger(UserDirectory.class);
  private final KeycloakUsers keycloak;

  UserDirectory(@RestClient KeycloakUsers keycloak) {
    this.keycloak = keycloak;
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
