package cn.futian.jufu.wechat;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The WeChat mini-program ({@code fulian.wechat.*}): login codes, the access token and subscription
 * messages. Off unless {@code enabled} is true and the app id and secret are set; the secret comes
 * from a Kubernetes Secret in production ({@code FULIAN_WECHAT_SECRET}).
 */
@ConfigMapping(prefix = "fulian.wechat")
public interface WeChatConfig {

  /** Whether this deployment talks to WeChat at all. */
  @WithDefault("false")
  boolean enabled();

  /** The WeChat API; a local fake in tests. */
  @WithDefault("https://api.weixin.qq.com")
  String apiBaseUrl();

  /** The mini-program's AppID. */
  Optional<String> appId();

  /** The mini-program's AppSecret: never logged, never sent anywhere but to WeChat. */
  Optional<String> secret();

  /**
   * Which version of the mini-program a tap on a subscription message opens: {@code formal}, {@code
   * trial} or {@code developer}.
   */
  @WithDefault("formal")
  String miniprogramState();

  /** Connect and read timeout of each call to WeChat. */
  @WithDefault("5s")
  Duration timeout();

  /** The access token is refreshed when less than this is left of its life. */
  @WithDefault("5m")
  Duration tokenRefreshAhead();

  /** How many subscription messages one {@code send} has in flight at once. */
  @WithDefault("8")
  int sendConcurrency();

  /**
   * Subscription-message templates by our key ({@code SIGN_UP}, {@code REMINDER}, {@code CAMPAIGN},
   * see {@link WeChatTemplateKey}): a key without a template is not sent on WeChat.
   */
  Map<String, Template> templates();

  /**
   * The templates that have an id. Every key of {@link WeChatTemplateKey} is declared in
   * application.properties (with its fields), so that each can be set from the environment ({@code
   * FULIAN_WECHAT_TEMPLATES_SIGN_UP_ID}); a key without an id is not configured.
   */
  default Map<String, Template> configuredTemplates() {
    Map<String, Template> configured = new java.util.TreeMap<>();
    templates()
        .forEach(
            (key, t) -> {
              if (t.id().filter(id -> !id.isBlank()).isPresent()) {
                configured.put(key, t);
              }
            });
    return configured;
  }

  /** Signing in with WeChat (ADR 0014). */
  SignIn signIn();

  /**
   * The backend's confidential Keycloak client whose direct grant signs in the account bound to a
   * WeChat user (Keycloak's {@code fulian-wechat-broker} authenticator).
   */
  interface SignIn {

    /** The client id in the realm. */
    @WithDefault("fulian-wechat-broker")
    String clientId();

    /** The client's secret: from a Kubernetes Secret in production. */
    @WithDefault("fulian-wechat-broker-dev-secret")
    String clientSecret();

    /** The name a new account gets when the mini-program sends none (zh-CN: residents see it). */
    @WithDefault("微信用户")
    String defaultName();
  }

  /** One template chosen in the WeChat admin console, and which of its fields get what. */
  interface Template {

    /** The template id from the WeChat admin console; none: this kind is not sent on WeChat. */
    Optional<String> id();

    /** The field that shows the title (a {@code thing} field: at most 20 characters). */
    String titleField();

    /** The field that shows the text (a {@code thing} field: at most 20 characters). */
    String bodyField();

    /** The field that shows the time the message is about (a {@code time} field). */
    String timeField();

    /** The mini-program page a tap opens when the message has no link of its own. */
    String page();
  }
}
