package cn.futian.jufu.wechat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Typed calls to WeChat over {@link WeChatApi}. Answers with an {@code errcode} other than 0 fail
 * with {@link WeChatError} (except {@link #send}, whose callers decide per code); anything else
 * that fails (network, timeout, an answer that is not JSON) fails with the client's exception.
 *
 * <p>The login answer's {@code session_key} is not even read into an object: it is dropped while
 * parsing, so that it can be neither logged nor stored nor returned.
 */
@ApplicationScoped
class WeChatClient {

  private static final Pattern SECRET_IN_TEXT =
      Pattern.compile("(secret|access_token|js_code)=[^&\\s]*");

  private final WeChatConfig config;
  private final ObjectMapper json;
  private volatile WeChatApi api;

  WeChatClient(WeChatConfig config, ObjectMapper json) {
    this.config = config;
    this.json = json;
  }

  /** Built on first use: a deployment without WeChat never builds it. */
  private WeChatApi api() {
    WeChatApi built = api;
    if (built == null) {
      synchronized (this) {
        built = api;
        if (built == null) {
          long timeoutMillis = config.timeout().toMillis();
          built =
              QuarkusRestClientBuilder.newBuilder()
                  .baseUri(URI.create(config.apiBaseUrl()))
                  .connectTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                  .readTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                  .build(WeChatApi.class);
          api = built;
        }
      }
    }
    return built;
  }

  /** Enabled, with an app id and a secret. */
  boolean configured() {
    return config.enabled()
        && config.appId().filter(s -> !s.isBlank()).isPresent()
        && config.secret().filter(s -> !s.isBlank()).isPresent();
  }

  /** The user behind a {@code wx.login} code. */
  Uni<Session> codeToSession(String code) {
    return Uni.createFrom()
        .deferred(() -> api().jscode2session(appId(), secret(), code, "authorization_code"))
        .map(body -> parse(body, Session.class))
        .invoke(WeChatClient::failOnError);
  }

  /** A stable access token; {@code force} replaces the current one (and invalidates it). */
  Uni<Token> stableToken(boolean force) {
    return Uni.createFrom()
        .deferred(
            () ->
                api().stableToken(new TokenRequest("client_credential", appId(), secret(), force)))
        .map(body -> parse(body, Token.class))
        .invoke(WeChatClient::failOnError)
        .invoke(
            token -> {
              if (token.accessToken() == null || token.accessToken().isBlank()) {
                throw new WeChatError(WeChatError.BUSY, "no access_token in the answer");
              }
            });
  }

  /** Sends one subscription message; the answer's errcode is the caller's to judge. */
  Uni<Answer> send(String accessToken, SubscribeMessage message) {
    return Uni.createFrom()
        .deferred(() -> api().sendSubscribeMessage(accessToken, message))
        .map(body -> parse(body, Answer.class));
  }

  /** A failure as text for the log, without the secret, a token or a login code from a URL. */
  static String describe(Throwable failure) {
    String text = failure.getClass().getSimpleName() + ": " + failure.getMessage();
    return SECRET_IN_TEXT.matcher(text).replaceAll("$1=***");
  }

  private String appId() {
    return config.appId().orElseThrow(() -> new IllegalStateException("WeChat app id not set"));
  }

  private String secret() {
    return config.secret().orElseThrow(() -> new IllegalStateException("WeChat secret not set"));
  }

  private <T> T parse(String body, Class<T> type) {
    try {
      return json.readValue(body, type);
    } catch (JsonProcessingException e) {
      // The message would quote the body (it may hold a session_key): keep only the kind.
      throw new IllegalStateException("WeChat answered something that is not the expected JSON");
    }
  }

  private static void failOnError(Answer answer) {
    if (answer.errcode() != null && answer.errcode() != 0) {
      throw new WeChatError(answer.errcode(), answer.errmsg());
    }
  }

  private static void failOnError(Session answer) {
    failOnError(new Answer(answer.errcode(), answer.errmsg()));
  }

  private static void failOnError(Token answer) {
    failOnError(new Answer(answer.errcode(), answer.errmsg()));
  }

  /** {@code errcode} (0 or absent: fine) and {@code errmsg}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Answer(Integer errcode, String errmsg) {

    int code() {
      return errcode == null ? 0 : errcode;
    }
  }

  /** jscode2session without the session_key, which is ignored while parsing. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Session(String openid, String unionid, Integer errcode, String errmsg) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Token(
      @JsonProperty("access_token") String accessToken,
      @JsonProperty("expires_in") Long expiresIn,
      Integer errcode,
      String errmsg) {}

  record TokenRequest(
      @JsonProperty("grant_type") String grantType,
      @JsonProperty("appid") String appId,
      @JsonProperty("secret") String secret,
      @JsonProperty("force_refresh") boolean forceRefresh) {

    @Override
    public String toString() {
      return "TokenRequest[appId=" + appId + ", forceRefresh=" + forceRefresh + "]";
    }
  }

  /** The body of subscribe/send; {@code data} is field name → {"value": text}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record SubscribeMessage(
      @JsonProperty("touser") String toUser,
      @JsonProperty("template_id") String templateId,
      @JsonProperty("page") String page,
      @JsonProperty("data") Map<String, Map<String, String>> data,
      @JsonProperty("miniprogram_state") String miniprogramState,
      @JsonProperty("lang") String lang) {}
}
