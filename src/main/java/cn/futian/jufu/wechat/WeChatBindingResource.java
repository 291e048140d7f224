package cn.futian.jufu.wechat;

import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.wechat.WeChatDtos.AcceptSubscriptions;
import cn.futian.jufu.wechat.WeChatDtos.BindWeChat;
import cn.futian.jufu.wechat.WeChatDtos.SubscriptionView;
import cn.futian.jufu.wechat.WeChatDtos.WeChatBindingView;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /me/wechat}: binding my account to WeChat, for subscription messages (订阅消息). */
@Path("/me/wechat")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "WeChat", description = "My WeChat mini-program binding and message consents (微信)")
public class WeChatBindingResource {

  private final WeChatBindingService service;
  private final SecurityIdentity identity;

  WeChatBindingResource(WeChatBindingService service, SecurityIdentity identity) {
    this.service = service;
    this.identity = identity;
  }

  @GET
  @Operation(summary = "Whether my account is bound to WeChat")
  public Uni<WeChatBindingView> getMyWeChatBinding() {
    return service.binding(CurrentUser.of(identity));
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Bind my account to the WeChat user of the mini-program",
      description =
          "Send a fresh code from wx.login. Binding the same WeChat user again changes nothing;"
              + " another WeChat user replaces the old binding and its message consents. A WeChat"
              + " user bound to another account is a conflict (409); a bad or used code is 422.")
  @APIResponse(responseCode = "200", description = "Bound")
  public Uni<WeChatBindingView> bindMyWeChat(@NotNull @Valid BindWeChat body) {
    return service.bind(CurrentUser.of(identity), body.code());
  }

  @DELETE
  @Operation(
      summary = "Unbind WeChat",
      description = "No more WeChat messages; the message consents counted are forgotten.")
  @APIResponse(responseCode = "204", description = "Unbound (or was not bound)")
  public Uni<Void> unbindMyWeChat() {
    return service.unbind(CurrentUser.of(identity));
  }

  @GET
  @Path("/subscriptions")
  @Operation(summary = "How many WeChat messages of each kind may still reach me")
  public Uni<List<SubscriptionView>> listMyWeChatSubscriptions() {
    return service.subscriptions(CurrentUser.of(identity));
  }

  @POST
  @Path("/subscriptions")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Report the message templates I accepted in wx.requestSubscribeMessage",
      description =
          "Each acceptance allows WeChat to deliver one message of that kind (at most 3 keys per"
              + " call, as WeChat asks for at most 3 at once; at most "
              + WeChatSubscriptions.MAX_REMAINING
              + " are kept per kind). Needs a WeChat binding (422 otherwise).")
  @APIResponse(responseCode = "200", description = "What may reach me now, per kind")
  public Uni<List<SubscriptionView>> acceptWeChatSubscriptions(
      @NotNull @Valid AcceptSubscriptions body) {
    return service.accept(CurrentUser.of(identity), body.accepted());
  }
}
