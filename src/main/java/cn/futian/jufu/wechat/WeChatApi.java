package cn.futian.jufu.wechat;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The three WeChat server APIs the backend calls. WeChat answers errors with HTTP 200 and an {@code
 * errcode}, and {@code jscode2session} answers JSON as {@code text/plain}: the bodies are read as
 * text and parsed by {@link WeChatClient}. Built by {@link WeChatClient} with the base URL from
 * {@link WeChatConfig}.
 */
@Path("")
interface WeChatApi {

  /** Exchanges a {@code wx.login} code for the user's openid (and unionid, session_key). */
  @GET
  @Path("/sns/jscode2session")
  @Produces(MediaType.APPLICATION_JSON)
  Uni<String> jscode2session(
      @RestQuery("appid") String appId,
      @RestQuery("secret") String secret,
      @RestQuery("js_code") String jsCode,
      @RestQuery("grant_type") String grantType);

  /**
   * The "stable" access token: fetching it does not invalidate the token other instances hold
   * (unless {@code force_refresh}).
   */
  @POST
  @Path("/cgi-bin/stable_token")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  Uni<String> stableToken(WeChatClient.TokenRequest body);

  /** Sends one subscription message to one user. */
  @POST
  @Path("/cgi-bin/message/subscribe/send")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  Uni<String> sendSubscribeMessage(
      @RestQuery("access_token") String accessToken, WeChatClient.SubscribeMessage body);
}
