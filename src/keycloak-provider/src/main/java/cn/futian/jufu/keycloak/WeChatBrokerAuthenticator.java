package cn.futian.jufu.keycloak;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;

/**
 * The only step of the direct-grant flow bound to the backend's confidential {@code
 * fulian-wechat-broker} client: the backend has already asked WeChat who is behind a {@code
 * wx.login} code and found (or created) the member's Keycloak user; it now names that user in the
 * form parameter {@value #USER_PARAMETER} and Keycloak issues the user's tokens.
 *
 * <p>Three guards keep this from being a skeleton key: the flow is bound to one confidential client
 * only, so a caller must hold that client's secret (Keycloak authenticates the client before the
 * flow runs, and this step refuses public clients anyway); the user must be enabled; and the user
 * must hold the realm role {@value #LOGIN_ROLE}, which the backend grants only to accounts bound to
 * a WeChat user. An administrator account that never bound WeChat cannot be signed in this way.
 */
final class WeChatBrokerAuthenticator implements Authenticator {

  /** The form parameter that names the Keycloak user id. */
  static final String USER_PARAMETER = "wechat_user";

  /** The realm role that marks accounts that may sign in through WeChat. */
  static final String LOGIN_ROLE = "wechat-login";

  @Override
  public void authenticate(AuthenticationFlowContext context) {
    ClientModel client = context.getAuthenticationSession().getClient();
    if (client == null || client.isPublicClient()) {
      refuse(
          context,
          AuthenticationFlowError.CLIENT_CREDENTIALS_SETUP_REQUIRED,
          "unauthorized_client",
          "WeChat sign-in is only for the backend's confidential client");
      return;
    }
    String userId = context.getHttpRequest().getDecodedFormParameters().getFirst(USER_PARAMETER);
    if (userId == null || userId.isBlank()) {
      refuse(
          context,
          AuthenticationFlowError.INVALID_USER,
          "invalid_request",
          "Missing parameter: " + USER_PARAMETER);
      return;
    }
    RealmModel realm = context.getRealm();
    UserModel user = context.getSession().users().getUserById(realm, userId);
    if (user == null) {
      refuse(context, AuthenticationFlowError.INVALID_USER, "invalid_grant", "Unknown user");
      return;
    }
    context.getEvent().user(user);
    if (!user.isEnabled()) {
      refuse(context, AuthenticationFlowError.USER_DISABLED, "invalid_grant", "Account disabled");
      return;
    }
    RoleModel role = realm.getRole(LOGIN_ROLE);
    if (role == null || !user.hasRole(role)) {
      refuse(
          context,
          AuthenticationFlowError.INVALID_USER,
          "invalid_grant",
          "Account is not bound to WeChat");
      return;
    }
    context.setUser(user);
    context.success();
  }

  private static void refuse(
      AuthenticationFlowContext context,
      AuthenticationFlowError error,
      String oauthError,
      String description) {
    context.getEvent().error(oauthError);
    Response response =
        Response.status(oauthError.equals("unauthorized_client") ? 401 : 400)
            .entity(new OAuth2ErrorRepresentation(oauthError, description))
            .type(MediaType.APPLICATION_JSON_TYPE)
            .build();
    context.failure(error, response);
  }

  @Override
  public void action(AuthenticationFlowContext context) {
    // A direct grant has no second round trip.
  }

  @Override
  public boolean requiresUser() {
    return false;
  }

  @Override
  public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
    return true;
  }

  @Override
  public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    // Nothing to set up.
  }

  @Override
  public void close() {
    // Stateless.
  }
}
