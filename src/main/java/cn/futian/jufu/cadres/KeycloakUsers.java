package cn.futian.jufu.cadres;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The part of Keycloak's admin REST API the backend uses, called with the {@code fulian-api}
 * service account's client-credentials token (realm-management view-users).
 */
@RegisterRestClient(configKey = "keycloak-users")
@OidcClientFilter
@Path("/users")
interface KeycloakUsers {

  @GET
  @Path("/{id}")
  Uni<User> get(@PathParam("id") String id);

  @JsonIgnoreProperties(ignoreUnknown = true)
  record User(String id, String username, String firstName, String lastName, Boolean enabled) {}
}
