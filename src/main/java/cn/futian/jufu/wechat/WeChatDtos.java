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
}
