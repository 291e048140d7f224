package cn.futian.jufu.common.security;

import io.quarkus.security.identity.SecurityIdentity;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, taken from the verified Keycloak access token.
 *
 * @param subject the token's {@code sub}: the stable id of the Keycloak user
 * @param name a display name from the token ({@code name}, else {@code preferred_username})
 */
public record CurrentUser(String subject, String name, Set<String> roles) {

  public static CurrentUser of(SecurityIdentity identity) {
    String name = null;
    if (identity.getPrincipal() instanceof JsonWebToken jwt) {
      name = jwt.getClaim("name");
      if (name == null || name.isBlank()) {
        name = jwt.getClaim("preferred_username");
      }
      return new CurrentUser(jwt.getSubject(), name, Set.copyOf(identity.getRoles()));
    }
    return new CurrentUser(
        identity.getPrincipal().getName(), identity.getPrincipal().getName(), identity.getRoles());
  }

  public boolean isAdmin() {
    return roles.contains(Roles.ADMIN);
  }

  public boolean isCadre() {
    return roles.contains(Roles.CADRE);
  }
}
