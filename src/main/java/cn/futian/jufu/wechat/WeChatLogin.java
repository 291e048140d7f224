package cn.futian.jufu.wechat;

import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.error.ProblemCode;
import cn.futian.jufu.common.error.TooManyRequests;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Who is behind a {@code wx.login} code: exchanges it with WeChat ({@code jscode2session}) for the
 * user's openid and unionid. The {@code session_key} WeChat also sends never leaves {@link
 * WeChatClient}: it is not read, logged, stored or returned.
 *
 * <p>Failures are domain problems, never a 500: a bad or used code is 422, WeChat's per-user rate
 * limit 429 with Retry-After, WeChat busy or unreachable 503, WeChat not configured here 422.
 */
@ApplicationScoped
public class WeChatLogin {

  private static final Logger LOG = Logger.getLogger(WeChatLogin.class);

  /** WeChat's limit on jscode2session is per user and minute. */
  static final int RATE_LIMIT_RETRY_AFTER_SECONDS = 60;

  private final WeChatClient client;

  WeChatLogin(WeChatClient client) {
    this.client = client;
  }

  /**
   * A WeChat user of this mini-program.
   *
   * @param openid the user's id in this mini-program
   * @param unionid the user's id across the federation's WeChat apps, when WeChat gives one
   */
  public record WeChatIdentity(String openid, String unionid) {}

  /** Whether WeChat login can work in this deployment. */
  public boolean enabled() {
    return client.configured();
  }

  /** The user behind a one-time {@code wx.login} code (a code works once, for 5 minutes). */
  public Uni<WeChatIdentity> exchange(String code) {
    if (!client.configured()) {
      return Uni.createFrom().failure(DomainException.rule("wechat.not-configured"));
    }
    return client
        .codeToSession(code)
        .map(
            session -> {
              if (session.openid() == null || session.openid().isBlank()) {
                throw new WeChatError(WeChatError.BUSY, "no openid in the answer");
              }
              return new WeChatIdentity(session.openid(), blankToNull(session.unionid()));
            })
        .onFailure()
        .transform(WeChatLogin::problem);
  }

  private static RuntimeException problem(Throwable failure) {
    if (failure instanceof WeChatError error) {
      switch (error.errcode()) {
        case WeChatError.INVALID_CODE, WeChatError.CODE_USED -> {
          return DomainException.rule("wechat.code-invalid");
        }
        case WeChatError.HIGH_RISK_USER -> {
          return DomainException.rule("wechat.login-blocked");
        }
        case WeChatError.RATE_LIMITED -> {
          return new TooManyRequests(RATE_LIMIT_RETRY_AFTER_SECONDS);
        }
        default -> {
          LOG.warnf("WeChat login failed: errcode %d (%s)", error.errcode(), error.errmsg());
          return new DomainException(ProblemCode.DEPENDENCY_UNAVAILABLE, "wechat.unavailable");
        }
      }
    }
    LOG.warnf("WeChat login failed: %s", WeChatClient.describe(failure));
    return new DomainException(ProblemCode.DEPENDENCY_UNAVAILABLE, "wechat.unavailable");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
