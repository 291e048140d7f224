package cn.futian.jufu.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.error.ProblemCode;
import cn.futian.jufu.common.error.TooManyRequests;
import cn.futian.jufu.push.PushMessage;
import cn.futian.jufu.push.PushOutcome;
import cn.futian.jufu.push.PushOutcome.Result;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The WeChat pieces without Quarkus: token holder, error tables, message building. */
class WeChatUnitsTest {

  // --- WeChatAccessTokens -------------------------------------------------------------------

  /** A WeChatClient whose stable_token answers come from the test. */
  static final class ScriptedClient extends WeChatClient {
    final List<Boolean> calls = new ArrayList<>();
    final List<Uni<Token>> answers = new ArrayList<>();

    ScriptedClient() {
      super(StubWeChatConfig.configured(), new ObjectMapper());
    }

    @Override
    synchronized Uni<Token> stableToken(boolean force) {
      calls.add(force);
      return answers.isEmpty()
          ? Uni.createFrom().failure(new IOException("no answer scripted"))
          : answers.remove(0);
    }

    synchronized void answer(String token, long expiresIn) {
      answers.add(Uni.createFrom().item(new Token(token, expiresIn, null, null)));
    }

    synchronized void fail() {
      answers.add(Uni.createFrom().failure(new IOException("connection refused")));
    }
  }

  static final class MovableClock extends Clock {
    final AtomicReference<Instant> now =
        new AtomicReference<>(Instant.parse("2027-01-09T00:00:00Z"));

    void advance(Duration d) {
      now.updateAndGet(i -> i.plus(d));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  final ScriptedClient client = new ScriptedClient();
  final MovableClock clock = new MovableClock();
  final WeChatAccessTokens tokens = new WeChatAccessTokens(client, Duration.ofMinutes(5), clock);

  private String token() {
    return tokens.token().await().atMost(Duration.ofSeconds(5));
  }

  @Test
  void theTokenIsReusedUntilItIsCloseToExpiry() {
    client.answer("t1", 7200);
    client.answer("t2", 7200);
    assertThat(token()).isEqualTo("t1");
    clock.advance(Duration.ofSeconds(6899)); // 301 s left
    assertThat(token()).isEqualTo("t1");
    assertThat(client.calls).hasSize(1);
    clock.advance(Duration.ofSeconds(2)); // 299 s left: refreshed ahead
    assertThat(token()).isEqualTo("t2");
    assertThat(client.calls).containsExactly(false, false);
  }

  @Test
  void aFailedEarlyRefreshKeepsTheStillValidToken() {
    client.answer("t1", 7200);
    assertThat(token()).isEqualTo("t1");
    clock.advance(Duration.ofSeconds(7000));
    client.fail();
    assertThat(token()).isEqualTo("t1");
    clock.advance(Duration.ofSeconds(300)); // expired now
    client.fail();
    assertThatThrownBy(this::token).hasRootCauseInstanceOf(IOException.class);
    client.answer("t2", 7200);
    assertThat(token()).isEqualTo("t2");
  }

  @Test
  void concurrentCallersWaitForTheSameFetch() {
    CompletableFuture<WeChatClient.Token> pending = new CompletableFuture<>();
    client.answers.add(Uni.createFrom().completionStage(pending));
    List<CompletableFuture<String>> callers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      callers.add(tokens.token().subscribeAsCompletionStage());
    }
    assertThat(client.calls).hasSize(1);
    assertThat(callers).noneMatch(CompletableFuture::isDone);
    pending.complete(new WeChatClient.Token("t1", 7200L, null, null));
    assertThat(callers).allSatisfy(c -> assertThat(c.join()).isEqualTo("t1"));
    assertThat(client.calls).hasSize(1);
  }

  @Test
  void aRejectedTokenIsReplacedAndForcedWhenWeChatGivesItBack() {
    client.answer("t1", 7200);
    assertThat(token()).isEqualTo("t1");
    // WeChat says t1 is invalid, but the normal fetch hands t1 back: a forced refresh follows.
    client.answer("t1", 7000);
    client.answer("t2", 7200);
    assertThat(tokens.refreshAfterRejection("t1").await().atMost(Duration.ofSeconds(5)))
        .isEqualTo("t2");
    assertThat(client.calls).containsExactly(false, false, true);
    // A rejection of a token already replaced costs no fetch.
    assertThat(tokens.refreshAfterRejection("t1").await().atMost(Duration.ofSeconds(5)))
        .isEqualTo("t2");
    assertThat(client.calls).hasSize(3);
  }

  // --- WeChatLogin ----------------------------------------------------------------------------

  /** A WeChatClient whose jscode2session fails as the test says. */
  static final class FailingLoginClient extends WeChatClient {
    final Throwable failure;

    FailingLoginClient(Throwable failure) {
      super(StubWeChatConfig.configured(), new ObjectMapper());
      this.failure = failure;
    }

    @Override
    Uni<Session> codeToSession(String code) {
      return Uni.createFrom().failure(failure);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "40029, RULE_VIOLATION, wechat.code-invalid",
    "40163, RULE_VIOLATION, wechat.code-invalid",
    "40226, RULE_VIOLATION, wechat.login-blocked",
    "45011, RATE_LIMITED, rate-limited",
    "-1, DEPENDENCY_UNAVAILABLE, wechat.unavailable",
    "40013, DEPENDENCY_UNAVAILABLE, wechat.unavailable",
    "40125, DEPENDENCY_UNAVAILABLE, wechat.unavailable",
  })
  void loginErrorsBecomeProblems(int errcode, ProblemCode code, String detailKey) {
    WeChatLogin login =
        new WeChatLogin(new FailingLoginClient(new WeChatError(errcode, "from WeChat")));
    assertThatThrownBy(() -> login.exchange("c").await().atMost(Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(
            DomainException.class,
            e -> {
              assertThat(e.code()).isEqualTo(code);
              assertThat(e.detailKey()).isEqualTo(detailKey);
            });
  }

  @Test
  void weChatRateLimitSaysWhenToRetry() {
    WeChatLogin login =
        new WeChatLogin(new FailingLoginClient(new WeChatError(45011, "minute quota")));
    assertThatThrownBy(() -> login.exchange("c").await().atMost(Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(
            TooManyRequests.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(60));
  }

  @Test
  void networkFailuresAndGarbageAreUnavailableNotInternal() {
    for (Throwable failure :
        List.of(
            new IOException("connection refused"),
            new IllegalStateException("WeChat answered something that is not the expected JSON"),
            new RuntimeException("timeout"))) {
      WeChatLogin login = new WeChatLogin(new FailingLoginClient(failure));
      assertThatThrownBy(() -> login.exchange("c").await().atMost(Duration.ofSeconds(5)))
          .isInstanceOfSatisfying(
              DomainException.class,
              e -> assertThat(e.code()).isEqualTo(ProblemCode.DEPENDENCY_UNAVAILABLE));
    }
  }

  @Test
  void withoutConfigurationLoginIsRefusedClearly() {
    WeChatLogin login =
        new WeChatLogin(new WeChatClient(StubWeChatConfig.disabled(), new ObjectMapper()));
    assertThat(login.enabled()).isFalse();
    assertThatThrownBy(() -> login.exchange("c").await().atMost(Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(
            DomainException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ProblemCode.RULE_VIOLATION);
              assertThat(e.detailKey()).isEqualTo("wechat.not-configured");
            });
  }

  @Test
  void withoutConfigurationTheChannelIsOffAndRejects() {
    WeChatClient off = new WeChatClient(StubWeChatConfig.disabled(), new ObjectMapper());
    WeChatChannel channel =
        new WeChatChannel(
            off,
            new WeChatAccessTokens(off, Duration.ofMinutes(5), Clock.systemUTC()),
            StubWeChatConfig.disabled());
    assertThat(channel.name()).isEqualTo("WECHAT");
    assertThat(channel.enabled()).isFalse();
    assertThat(channel.send(List.of(message("SIGN_UP", "t", "b", null, null))))
        .extracting(PushOutcome::result, PushOutcome::errorCode)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Result.REJECTED, "NOT_CONFIGURED"));
  }

  @Test
  void theLogNeverSeesTheSecretOrTheToken() {
    String text =
        WeChatClient.describe(
            new RuntimeException(
                "timeout on GET /sns/jscode2session?appid=wx&secret=s3cr3t&js_code=c0de1 and"
                    + " /cgi-bin/message/subscribe/send?access_token=tok-123"));
    assertThat(text)
        .doesNotContain("s3cr3t")
        .doesNotContain("tok-123")
        .doesNotContain("c0de1")
        .contains("secret=***");
  }

  // --- WeChatChannel: outcomes and message building --------------------------------------------

  @ParameterizedTest
  @CsvSource({
    "0, SENT,",
    "43101, NO_CONSENT,",
    "40003, TARGET_GONE,",
    "40037, REJECTED,",
    "47003, REJECTED,",
    "41030, REJECTED,",
    "-1, RETRY,",
    "40001, RETRY,",
    "42001, RETRY,",
    "45009, RETRY, PT1H",
  })
  void eachErrcodeHasItsOutcome(int errcode, Result result, Duration retryAfter) {
    PushOutcome outcome = WeChatChannel.outcome(errcode, "x");
    assertThat(outcome.result()).isEqualTo(result);
    assertThat(outcome.retryAfter()).isEqualTo(retryAfter);
    assertThat(outcome.errorCode()).isEqualTo(errcode == 0 ? null : String.valueOf(errcode));
  }

  @Test
  void thingValuesAreCutTo20Characters() {
    assertThat(WeChatChannel.cut("家长学校", 20)).isEqualTo("家长学校");
    String twenty = "一二三四五六七八九十一二三四五六七八九十";
    assertThat(WeChatChannel.cut(twenty, 20)).isEqualTo(twenty);
    assertThat(WeChatChannel.cut(twenty + "多", 20)).isEqualTo("一二三四五六七八九十一二三四五六七八九…");
    // Characters outside the BMP count once and are never split.
    String emoji = "🌸".repeat(25);
    String cut = WeChatChannel.cut(emoji, 20);
    assertThat(cut.codePointCount(0, cut.length())).isEqualTo(20);
    assertThat(cut).isEqualTo("🌸".repeat(19) + "…");
  }

  @Test
  void theMessageMapsToTheTemplateFields() {
    WeChatConfig.Template template = StubWeChatConfig.template("tmpl-1", "pages/inbox/index");
    WeChatClient.SubscribeMessage plain =
        WeChatChannel.toWeChat(
            message("SIGN_UP", " 报名成功 ", "请准时参加", null, null), template, "trial");
    assertThat(plain.templateId()).isEqualTo("tmpl-1");
    assertThat(plain.page()).isEqualTo("pages/inbox/index");
    assertThat(plain.miniprogramState()).isEqualTo("trial");
    assertThat(plain.lang()).isEqualTo("zh_CN");
    assertThat(plain.data())
        .isEqualTo(Map.of("thing1", Map.of("value", "报名成功"), "thing2", Map.of("value", "请准时参加")));

    WeChatClient.SubscribeMessage timed =
        WeChatChannel.toWeChat(
            message(
                "SIGN_UP",
                "提醒",
                "明天",
                "/pages/sessions/detail?id=3",
                OffsetDateTime.parse("2026-12-31T16:05:00Z")),
            template,
            "formal");
    assertThat(timed.page()).isEqualTo("pages/sessions/detail?id=3");
    assertThat(timed.data().get("time3")).isEqualTo(Map.of("value", "2027-01-01 00:05"));
  }

  static PushMessage message(
      String key, String title, String body, String link, OffsetDateTime when) {
    return new PushMessage("o-1", key, title, body, link, when, "c", Map.of(), false, null);
  }
}
