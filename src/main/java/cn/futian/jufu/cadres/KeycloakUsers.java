package cn.futian.jufu.cadres;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The part of Keycloak's admin REST API the backend uses, called with the {@code fulian-api}
 * service account's client-credentials token (realm-management view-users, query-users and
 * manage-users: the last to disable the account of a member who deletes it, and to create and mark
 * the accounts of members who sign in with WeChat).
 */
@RegisterRestClient(configKey = "keycloak-users")
@OidcClientFilter
interface KeycloakUsers {

  @GET
  @Path("/users/{id}")
  Uni<User> get(@PathParam("id") String id);

  /** The full representation, to write back with one change (a partial PUT may clear fields). */
  @GET
  @Path("/users/{id}")
  Uni<Map<String, Object>> representation(@PathParam("id") String id);

  @PUT
  @Path("/users/{id}")
  Uni<Void> update(@PathParam("id") String id, Map<String, Object> representation);

  /** Ends the user's sessions: their refresh tokens stop working. */
  @POST
  @Path("/users/{id}/logout")
  Uni<Void> logout(@PathParam("id") String id);

  /**
   * Creates a user: 201 with the new id at the end of {@code Location}, 409 if the name is taken.
   */
  @POST
  @Path("/users")
  Uni<Response> create(Map<String, Object> representation);

  @GET
  @Path("/users")
  Uni<List<User>> byUsername(
      @QueryParam("username") String username, @QueryParam("exact") boolean exact);

  /** The user's credentials (type {@code password}, {@code otp}, …), without their secrets. */
  @GET
  @Path("/users/{id}/credentials")
  Uni<List<Credential>> credentials(@PathParam("id") String id);

  /** A realm role; the role mapping calls need its id, not just its name. */
  @GET
  @Path("/roles/{name}")
  Uni<Map<String, Object>> realmRole(@PathParam("name") String name);

  @POST
  @Path("/users/{id}/role-mappings/realm")
  Uni<Void> grantRealmRoles(@PathParam("id") String id, List<Map<String, Object>> roles);

  @DELETE
  @Path("/users/{id}/role-mappings/realm")
  Uni<Void> revokeRealmRoles(@PathParam("id") String id, List<Map<String, Object>> roles);

  @JsonIgnoreProperties(ignoreUnknown = true)
  record User(String id, String username, String firstName, String lastName, Boolean enabled) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Credential(String id, String type) {}
}
