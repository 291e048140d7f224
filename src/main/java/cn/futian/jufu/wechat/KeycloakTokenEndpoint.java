package cn.futian.jufu.wechat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * Keycloak's token and logout endpoints of the realm, called as the confidential client {@code
 * fulian-wechat-broker} (ADR 0014). The direct grant of that client runs only the project's
 * WeChat-broker authenticator, which reads the account id from {@code wechat_user}.
 */
@RegisterRestClient(configKey = "keycloak-token")
@Path("/protocol/openid-connect")
interface KeycloakTokenEndpoint {

  @POST
  @Path("/token")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  Uni<TokenAnswer> signIn(
      @FormParam("grant_type") String grantType,
      @FormParam("client_id") String clientId,
      @FormParam("client_secret") String clientSecret,
      @FormParam("wechat_user") String accountId);

  @POST
  @Path("/token")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  Uni<TokenAnswer> refresh(
      @FormParam("grant_type") String grantType,
      @FormParam("client_id") String clientId,
      @FormParam("client_secret") String clientSecret,
      @FormParam("refresh_token") String refreshToken);

  @POST
  @Path("/logout")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  Uni<Void> logout(
      @FormParam("client_id") String clientId,
      @FormParam("client_secret") String clientSecret,
      @FormParam("refresh_token") String refreshToken);

  @JsonIgnoreProperties(ignoreUnknown = true)
  record TokenAnswer(
      @JsonProperty("access_token") String accessToken,
      @JsonProperty("token_type") String tokenType,
      @JsonProperty("expires_in") long expiresIn,
      @JsonProperty("refresh_token") String refreshToken,
      @JsonProperty("refresh_expires_in") long refreshExpiresIn) {}
}
