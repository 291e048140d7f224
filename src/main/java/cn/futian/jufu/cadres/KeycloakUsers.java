package cn.futian.jufu.cadres;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The part of Keycloak's admin REST API the backend uses, called with the {@code fulian-api}
 * service account's client-credentials token (realm-management view-users, query-users and
 * manage-users: the last only to disable the account of a member who deletes it).
 */
@RegisterRestClient(configKey = "keycloak-users")
@OidcClientFilter
@Path("/users")
interface KeycloakUsers {

  @GET
  @Path("/{id}")
  Uni<User> get(@PathParam("id") String id);

  /** The full representation, to write back with one change (a partial PUT may clear fields). */
  @GET
  @Path("/{id}")
  Uni<java.util.Map<String, Object>> representation(@PathParam("id") String id);

  @PUT
  @Path("/{id}")
  Uni<Void> update(@PathParam("id") String id, java.util.Map<String, Object> representation);

  /** Ends the user's sessions: their refresh tokens stop working. */
  @POST
  @Path("/{id}/logout")
  Uni<Void> logout(@PathParam("id") String id);

  @JsonIgnoreProperties(ignoreUnknown = true)
  record User(String id, String username, String firstName, String lastName, Boolean enabled) {}
}
