package cn.futian.jufu.wechat;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What {@code /me/wechat} reads and writes. */
public final class WeChatDtos {

  private WeChatDtos() {}

  @Schema(name = "BindWeChat", description = "A fresh code from wx.login in the mini-program")
  public record BindWeChat(
      @Schema(
              description = "The code from wx.login; it works once, for 5 minutes",
              maxLength = 128,
              examples = "0a3Xk2000Yj8aT1fWd300HqZpx3Xk20M")
          @NotBlank
          @Size(max = 128)
          String code) {}

  @Schema(
      name = "WeChatBinding",
      description = "Whether my account is bound to WeChat (the WeChat ids are never shown)")
  public record WeChatBindingView(
      @Schema(description = "Bound: WeChat subscription messages can reach me") boolean bound,
      @Schema(description = "Since when (null when not bound)") OffsetDateTime boundAt,
      @Schema(description = "WeChat gave a unionid (my WeChat user is linked across the apps)")
          boolean unionLinked) {

    static final WeChatBindingView UNBOUND = new WeChatBindingView(false, null, false);

    static WeChatBindingView of(WeChatBinding b) {
      return b == null ? UNBOUND : new WeChatBindingView(true, b.boundAt, b.unionid != null);
    }
  }

  @Schema(
      name = "AcceptWeChatSubscriptions",
      description =
          "The templates I accepted in wx.requestSubscribeMessage (the keys whose answer was"
              + " accept); each acceptance allows one message")
  public record AcceptSubscriptions(
      @Schema(maxItems = 3, minItems = 1) @NotNull @Size(min = 1, max = 3)
          List<@NotNull WeChatTemplateKey> accepted) {}

  @Schema(name = "WeChatSubscription", description = "Messages WeChat still allows per template")
  public record SubscriptionView(
      WeChatTemplateKey templateKey,
      @Schema(description = "How many more messages of this kind may reach me on WeChat")
          int remaining) {}

  @Schema(
      name = "WeChatSignIn",
      description = "Signing in from the mini-program: a fresh code from wx.login (no password)")
  public record SignInWithWeChat(
      @Schema(
              description = "The code from wx.login; it works once, for 5 minutes",
              maxLength = 128,
              examples = "0a3Xk2000Yj8aT1fWd300HqZpx3Xk20M")
          @NotBlank
          @Size(max = 128)
          String code,
      @Schema(
              description =
                  "The name to show, if the resident agreed to share it (used when the account is"
                      + " created; later changes go through PATCH /me)",
              maxLength = 50,
              examples = "小芳")
          @Size(max = 50)
          String nickname) {}

  @Schema(name = "RefreshToken", description = "A refresh token from a WeChat sign-in")
  public record RefreshToken(@NotBlank @Size(max = 8192) String refreshToken) {}

  @Schema(
      name = "WeChatSignedIn",
      description =
          "Keycloak's tokens for the member behind the WeChat user: send the access token as"
              + " 'Authorization: Bearer …' to every other endpoint, refresh before it expires")
  public record SignedIn(
      @Schema(description = "A Keycloak access token (JWT) for this API") String accessToken,
      @Schema(examples = "Bearer") String tokenType,
      @Schema(description = "Seconds the access token stays valid") long expiresIn,
      @Schema(description = "For POST /auth/wechat/refresh and /auth/wechat/logout")
          String refreshToken,
      @Schema(description = "Seconds the refresh token stays valid") long refreshExpiresIn,
      @Schema(description = "The member signed in (null when only refreshing tokens)")
          Long memberId,
      @Schema(description = "The account and member were created by this sign-in")
          boolean newMember) {}
}
