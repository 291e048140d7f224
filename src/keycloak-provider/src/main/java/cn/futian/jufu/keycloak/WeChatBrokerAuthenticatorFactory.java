package cn.futian.jufu.keycloak;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/** Registers {@link WeChatBrokerAuthenticator} under the id {@value #ID}. */
public final class WeChatBrokerAuthenticatorFactory implements AuthenticatorFactory {

  /** The provider id the realm's flow refers to. */
  public static final String ID = "fulian-wechat-broker";

  private static final WeChatBrokerAuthenticator SINGLETON = new WeChatBrokerAuthenticator();

  @Override
  public String getId() {
    return ID;
  }

  @Override
  public String getDisplayType() {
    return "WeChat sign-in brokered by the 聚FU家园 backend";
  }

  @Override
  public String getReferenceCategory() {
    return "wechat";
  }

  @Override
  public String getHelpText() {
    return "Signs in the user named by the backend's confidential client in the form parameter"
        + " wechat_user; the user must be enabled and hold the realm role wechat-login.";
  }

  @Override
  public boolean isConfigurable() {
    return false;
  }

  @Override
  public Requirement[] getRequirementChoices() {
    return new Requirement[] {Requirement.REQUIRED};
  }

  @Override
  public boolean isUserSetupAllowed() {
    return false;
  }

  @Override
  public List<ProviderConfigProperty> getConfigProperties() {
    return List.of();
  }

  @Override
  public Authenticator create(KeycloakSession session) {
    return SINGLETON;
  }

  @Override
  public void init(Config.Scope config) {
    // No configuration.
  }

  @Override
  public void postInit(KeycloakSessionFactory factory) {
    // Nothing to do.
  }

  @Override
  public void close() {
    // Nothing to release.
  }
}
