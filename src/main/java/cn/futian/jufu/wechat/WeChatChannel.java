package cn.futian.jufu.wechat;

import cn.futian.jufu.common.time.Times;
import cn.futian.jufu.push.PushChannel;
import cn.futian.jufu.push.PushMessage;
import cn.futian.jufu.push.PushOutcome;
import cn.futian.jufu.wechat.WeChatClient.SubscribeMessage;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * WeChat subscription messages (订阅消息): one message per one-time consent of the member. The caller
 * takes the consent first ({@link WeChatSubscriptions#take}) and, by the outcome, gives it back
 * ({@link WeChatSubscriptions#restore} after RETRY or REJECTED) or forgets the rest ({@link
 * WeChatSubscriptions#exhaust} after NO_CONSENT); a PushMessage's target is the member's openid.
 *
 * <p>Blocking: call it on a worker thread, never on the event loop.
 *
 * <p>Outcomes by WeChat's errcode: 0 sent; 43101 NO_CONSENT (fall back to another channel, never
 * retry); 40003 TARGET_GONE; 40037 and 47003 REJECTED; 40001/42001/40014 the token is refreshed and
 * the message sent once more; -1, 45009 (daily limit, retry after an hour) and network failures
 * RETRY. A message whose template key has no template here is REJECTED with NO_TEMPLATE.
 */
@ApplicationScoped
public class WeChatChannel implements PushChannel {

  private static final Logger LOG = Logger.getLogger(WeChatChannel.class);

  public static final String NAME = "WECHAT";

  /** WeChat's {@code thing} fields take at most 20 characters. */
  static final int THING_MAX = 20;

  static final DateTimeFormatter TIME_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  static final Duration DAILY_LIMIT_RETRY_AFTER = Duration.ofHours(1);

  private final WeChatClient client;
  private final WeChatAccessTokens tokens;
  private final WeChatConfig config;

  WeChatChannel(WeChatClient client, WeChatAccessTokens tokens, WeChatConfig config) {
    this.client = client;
    this.tokens = tokens;
    this.config = config;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean enabled() {
    return client.configured() && !config.configuredTemplates().isEmpty();
  }

  @Override
  public List<PushOutcome> send(List<PushMessage> messages) {
    if (messages.isEmpty()) {
      return List.of();
    }
    if (!client.configured()) {
      return messages.stream().map(m -> PushOutcome.rejected("NOT_CONFIGURED")).toList();
    }
    int concurrency = Math.max(1, config.sendConcurrency());
    List<Uni<PushOutcome>> sends = messages.stream().map(this::sendOne).toList();
    // Each send ends within two attempts of the timeout (plus a token fetch); rounds of sends run
    // with the configured concurrency.
    long rounds = (messages.size() + concurrency - 1) / concurrency;
    Duration atMost = config.timeout().multipliedBy(4 * rounds + 2);
    return Uni.join()
        .all(sends)
        .usingConcurrencyOf(concurrency)
        .andFailFast()
        .await()
        .atMost(atMost);
  }

  /** One message; never fails: every failure is an outcome. */
  private Uni<PushOutcome> sendOne(PushMessage message) {
    WeChatConfig.Template template =
        message.templateKey() == null
            ? null
            : config.configuredTemplates().get(message.templateKey());
    if (template == null) {
      return Uni.createFrom().item(PushOutcome.rejected("NO_TEMPLATE"));
    }
    SubscribeMessage body = toWeChat(message, template, config.miniprogramState());
    return tokens
        .token()
        .chain(token -> attempt(token, body, true))
        .onFailure()
        .recoverWithItem(
            failure -> {
              LOG.debugf("WeChat send failed: %s", WeChatClient.describe(failure));
              return PushOutcome.retry(
                  failure instanceof WeChatError error
                      ? String.valueOf(error.errcode())
                      : "NETWORK",
                  null);
            });
  }

  private Uni<PushOutcome> attempt(String token, SubscribeMessage body, boolean mayRefresh) {
    return client
        .send(token, body)
        .chain(
            answer -> {
              int errcode = answer.code();
              if (WeChatError.isTokenError(errcode) && mayRefresh) {
                LOG.debugf("WeChat rejected the access token (%d): refreshing it", errcode);
                return tokens
                    .refreshAfterRejection(token)
                    .chain(fresh -> attempt(fresh, body, false));
              }
              return Uni.createFrom().item(outcome(errcode, answer.errmsg()));
            });
  }

  static PushOutcome outcome(int errcode, String errmsg) {
    String code = String.valueOf(errcode);
    switch (errcode) {
      case 0:
        return PushOutcome.sent();
      case WeChatError.NO_CONSENT:
        return PushOutcome.noConsent(code);
      case WeChatError.INVALID_OPENID:
        return PushOutcome.gone(code);
      case WeChatError.INVALID_TEMPLATE, WeChatError.INVALID_DATA:
        LOG.warnf("WeChat refused a subscription message: %d %s", errcode, errmsg);
        return PushOutcome.rejected(code);
      case WeChatError.DAILY_LIMIT:
        return PushOutcome.retry(code, DAILY_LIMIT_RETRY_AFTER);
      case WeChatError.BUSY,
      WeChatError.INVALID_TOKEN,
      WeChatError.TOKEN_EXPIRED,
      WeChatError.TOKEN_NOT_LATEST:
        return PushOutcome.retry(code, null);
      default:
        // Unknown codes are about this message (a bad page, a bad value): sending it again would
        // meet the same answer.
        LOG.warnf("WeChat refused a subscription message: %d %s", errcode, errmsg);
        return PushOutcome.rejected(code);
    }
  }

  /** The subscribe/send body of a message, with the fields its template maps. */
  static SubscribeMessage toWeChat(PushMessage m, WeChatConfig.Template t, String state) {
    Map<String, Map<String, String>> data = new LinkedHashMap<>();
    if (m.title() != null && !m.title().isBlank()) {
      data.put(t.titleField(), Map.of("value", cut(m.title().strip(), THING_MAX)));
    }
    if (m.body() != null && !m.body().isBlank()) {
      data.put(t.bodyField(), Map.of("value", cut(m.body().strip(), THING_MAX)));
    }
    if (m.when() != null) {
      data.put(
          t.timeField(),
          Map.of("value", m.when().atZoneSameInstant(Times.ZONE).format(TIME_FORMAT)));
    }
    String page = m.link() != null && !m.link().isBlank() ? m.link() : t.page();
    // Mini-program page paths are written without a leading slash.
    while (page.startsWith("/")) {
      page = page.substring(1);
    }
    return new SubscribeMessage(m.target(), t.id().orElseThrow(), page, data, state, "zh_CN");
  }

  /** At most {@code max} characters (code points), the last an ellipsis when something was cut. */
  static String cut(String text, int max) {
    if (text.codePointCount(0, text.length()) <= max) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, max - 1)) + "…";
  }
}
