package cn.futian.jufu.wechat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** A WeChatConfig for unit tests (no Quarkus). */
record StubWeChatConfig(
    boolean enabled,
    Optional<String> appId,
    Optional<String> secret,
    Map<String, WeChatConfig.Template> templates)
    implements WeChatConfig {

  static StubWeChatConfig configured() {
    return new StubWeChatConfig(
        true,
        Optional.of("wx-unit"),
        Optional.of("unit-secret"),
        Map.of("SIGN_UP", template("tmpl-sign-up", "pages/inbox/index")));
  }

  static StubWeChatConfig disabled() {
    return new StubWeChatConfig(false, Optional.empty(), Optional.empty(), Map.of());
  }

  static WeChatConfig.Template template(String id, String page) {
    return new WeChatConfig.Template() {
      @Override
      public java.util.Optional<String> id() {
        return java.util.Optional.of(id);
      }

      @Override
      public String titleField() {
        return "thing1";
      }

      @Override
      public String bodyField() {
        return "thing2";
      }

      @Override
      public String timeField() {
        return "time3";
      }

      @Override
      public String page() {
        return page;
      }
    };
  }

  @Override
  public String apiBaseUrl() {
    return "http://127.0.0.1:1";
  }

  @Override
  public String miniprogramState() {
    return "formal";
  }

  @Override
  public Duration timeout() {
    return Duration.ofSeconds(1);
  }

  @Override
  public Duration tokenRefreshAhead() {
    return Duration.ofMinutes(5);
  }

  @Override
  public int sendConcurrency() {
    return 4;
  }

  @Override
  public SignIn signIn() {
    return new SignIn() {
      @Override
      public String clientId() {
        return "fulian-wechat-broker";
      }

      @Override
      public String clientSecret() {
        return "unit-secret";
      }

      @Override
      public String defaultName() {
        return "微信用户";
      }
    };
  }
}
