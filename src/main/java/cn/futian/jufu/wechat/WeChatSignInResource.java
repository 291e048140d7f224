package cn.futian.jufu.wechat;

import cn.futian.jufu.common.http.ClientAddress;
import cn.futian.jufu.wechat.WeChatDtos.RefreshToken;
import cn.futian.jufu.wechat.WeChatDtos.SignInWithWeChat;
import cn.futian.jufu.wechat.WeChatDtos.SignedIn;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /auth/wechat}: the WeChat mini-program signs in with a {@code wx.login} code and gets
 * Keycloak's tokens (no login here: the code is the credential; bounded per address).
 */
@Path("/auth/wechat")
@PermitAll
@SecurityRequirementsSet // public: the code is the credential
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "WeChat sign-in", description = "Signing in from the WeChat mini-program (微信登录)")
public class WeChatSignInResource {

  private final ClientAddress addresses;

  private final WeChatSignInService service;

  WeChatSignInResource(WeChatSignInService service, ClientAddress addresses) {
    this.addresses = addresses;
    this.service = service;
  }

  @POST
  @Path("/login")
  @Operation(
      summary = "Sign in with a wx.login code: Keycloak tokens for the member of this WeChat user",
      description =
          "The first sign-in of a WeChat user creates the Keycloak account (role resident), the"
              + " member and the WeChat binding; later sign-ins, also with a password account bound"
              + " to WeChat through PUT /me/wechat, find that member (by unionid when WeChat gives"
              + " one, else openid). A code works once: a bad, expired or used code is 422, WeChat's"
              + " rate limit 429 with Retry-After, WeChat or Keycloak unavailable 503, a disabled"
              + " account 403.")
  @APIResponse(responseCode = "200", description = "Signed in")
  public Uni<SignedIn> signInWithWeChat(
      @NotNull @Valid SignInWithWeChat body, @Context HttpServerRequest request) {
    return service.signIn(body.code(), body.nickname(), clientIp(request));
  }

  @POST
  @Path("/refresh")
  @Operation(
      summary = "New tokens for the refresh token of a WeChat sign-in",
      description = "An expired, ended or unknown refresh token is 401: sign in again.")
  @APIResponse(responseCode = "200", description = "New tokens")
  public Uni<SignedIn> refreshWeChatSignIn(
      @NotNull @Valid RefreshToken body, @Context HttpServerRequest request) {
    return service.refresh(body.refreshToken(), clientIp(request));
  }

  @POST
  @Path("/logout")
  @Operation(
      summary = "End the session of a WeChat sign-in",
      description = "Its refresh token stops working; an unknown or ended one is fine too.")
  @APIResponse(responseCode = "204", description = "Signed out")
  public Uni<Void> signOutOfWeChat(
      @NotNull @Valid RefreshToken body, @Context HttpServerRequest request) {
    return service.signOut(body.refreshToken(), clientIp(request));
  }

  private String clientIp(HttpServerRequest request) {
    return addresses.limitKey(request);
  }
}
