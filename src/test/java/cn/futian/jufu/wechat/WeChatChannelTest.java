package cn.futian.jufu.wechat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import cn.futian.jufu.push.PushMessage;
import cn.futian.jufu.push.PushOutcome;
import cn.futian.jufu.push.PushOutcome.Result;
import cn.futian.jufu.testing.TestUsers;
import cn.futian.jufu.testing.fakes.FakeWeChat;
import cn.futian.jufu.testing.fakes.FakeWeChat.Sent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The WeChat push channel against the fake WeChat, and the consent counts it relies on. */
@QuarkusTest
class WeChatChannelTest {

  static final FakeWeChat WECHAT = FakeWeChat.shared();

  @Inject WeChatChannel channel;
  @Inject WeChatAccessTokens tokens;
  @Inject WeChatSubscriptions subscriptions;
  @Inject WeChatConfig config;

  @BeforeEach
  void freshWeChat() {
    WECHAT.reset();
    tokens.forget();
  }

  @Test
  void aMessageGoesOutWithItsTemplateFields() {
    String openid = openid();
    WECHAT.grant(openid, templateId("SIGN_UP"), 1);
    WECHAT.grant(openid, templateId("CAMPAIGN"), 1);
    OffsetDateTime when = OffsetDateTime.parse("2027-01-09T01:30:00Z");

    List<PushOutcome> outcomes =
        channel.send(
            List.of(
                message(openid, "SIGN_UP", "好家风宣讲：家长学校第三讲（报名成功，请准时参加）", "社区妇女儿童之家", null, when),
                message(openid, "CAMPAIGN", "三八节活动", "欢迎报名", "/pages/event/detail?id=7", null)));

    assertThat(outcomes).extracting(PushOutcome::result).containsExactly(Result.SENT, Result.SENT);
    List<Sent> sent = WECHAT.sent();
    assertThat(sent).hasSize(2);
    Sent signUp =
        sent.stream()
            .filter(s -> s.templateId().equals(templateId("SIGN_UP")))
            .findFirst()
            .orElseThrow();
    assertThat(signUp.touser()).isEqualTo(openid);
    assertThat(signUp.page()).isEqualTo("pages/inbox/index");
    assertThat(signUp.miniprogramState()).isEqualTo("developer");
    assertThat(signUp.lang()).isEqualTo("zh_CN");
    assertThat(signUp.data())
        .containsEntry("thing1", "好家风宣讲：家长学校第三讲（报名成功，…")
        .containsEntry("thing2", "社区妇女儿童之家")
        .containsEntry("time3", "2027-01-09 09:30");
    assertThat(signUp.data().get("thing1").codePointCount(0, signUp.data().get("thing1").length()))
        .isEqualTo(20);
    Sent campaign =
        sent.stream()
            .filter(s -> s.templateId().equals(templateId("CAMPAIGN")))
            .findFirst()
            .orElseThrow();
    assertThat(campaign.page()).isEqualTo("pages/event/detail?id=7");
    assertThat(campaign.data()).containsOnlyKeys("thing4", "thing5");
  }

  @Test
  void oneTokenServesManySends() {
    String openid = openid();
    WECHAT.grant(openid, templateId("REMINDER"), 15);
    List<PushMessage> batch = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      batch.add(message(openid, "REMINDER", "提醒 " + i, "明天上午九点半", null, null));
    }
    assertThat(channel.send(batch)).extracting(PushOutcome::result).containsOnly(Result.SENT);
    for (int i = 0; i < 5; i++) {
      assertThat(channel.send(List.of(message(openid, "REMINDER", "再提醒", "x", null, null))))
          .extracting(PushOutcome::result)
          .containsExactly(Result.SENT);
    }
    assertThat(WECHAT.sent()).hasSize(15);
    assertThat(WECHAT.tokenFetches()).isEqualTo(1);
  }

  @Test
  void concurrentCallersShareOneTokenFetch() throws Exception {
    int callers = 16;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<String>> futures = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return tokens.token().await().atMost(Duration.ofSeconds(10));
                }));
      }
      start.countDown();
      Set<String> seen = new HashSet<>();
      for (Future<String> f : futures) {
        seen.add(f.get());
      }
      assertThat(seen).hasSize(1);
      assertThat(WECHAT.tokenFetches()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aTokenCloseToExpiryIsRefreshedBeforeUse() {
    WECHAT.expiresIn(200); // less than the 5 minutes the holder keeps in hand
    tokens.token().await().atMost(Duration.ofSeconds(10));
    tokens.token().await().atMost(Duration.ofSeconds(10));
    assertThat(WECHAT.tokenFetches()).isEqualTo(2);

    WECHAT.reset();
    tokens.forget();
    tokens.token().await().atMost(Duration.ofSeconds(10));
    tokens.token().await().atMost(Duration.ofSeconds(10));
    assertThat(WECHAT.tokenFetches()).isEqualTo(1);
  }

  @Test
  void anExpiredTokenIsRefreshedAndTheMessageSentAgain() {
    String openid = openid();
    WECHAT.grant(openid, templateId("SIGN_UP"), 2);
    assertThat(channel.send(List.of(message(openid, "SIGN_UP", "a", "b", null, null))))
        .extracting(PushOutcome::result)
        .containsExactly(Result.SENT);
    String before = tokens.token().await().atMost(Duration.ofSeconds(10));

    WECHAT.expireTokens(); // WeChat now answers 42001

    assertThat(channel.send(List.of(message(openid, "SIGN_UP", "c", "d", null, null))))
        .extracting(PushOutcome::result)
        .containsExactly(Result.SENT);
    assertThat(WECHAT.sent()).hasSize(2);
    assertThat(WECHAT.tokenFetches()).isEqualTo(2);
    assertThat(tokens.token().await().atMost(Duration.ofSeconds(10))).isNotEqualTo(before);
  }

  @Test
  void anUnknownTokenIsReplacedToo() {
    String openid = openid();
    WECHAT.grant(openid, templateId("SIGN_UP"), 1);
    tokens.token().await().atMost(Duration.ofSeconds(10));
    WECHAT.reset(); // the fake forgets every token: 40001
    WECHAT.grant(openid, templateId("SIGN_UP"), 1);
    assertThat(channel.send(List.of(message(openid, "SIGN_UP", "a", "b", null, null))))
        .extracting(PushOutcome::result)
        .containsExactly(Result.SENT);
  }

  @Test
  void eachErrcodeHasItsOutcome() {
    String openid = openid();
    WECHAT.grant(openid, templateId("SIGN_UP"), 0);
    WECHAT.addTemplate(templateId("CAMPAIGN"));

    List<PushOutcome> outcomes =
        channel.send(
            List.of(
                // consent used up / refused
                message(openid, "SIGN_UP", "a", "b", null, null),
                // not a user of the mini-program
                message(openid(), "SIGN_UP", "a", "b", null, null),
                // the REMINDER template is not the mini-program's
                message(openid, "REMINDER", "a", "b", null, null),
                // no template configured for this key here
                message(openid, "BIRTHDAY", "a", "b", null, null)));

    assertThat(outcomes)
        .extracting(PushOutcome::result, PushOutcome::errorCode)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Result.NO_CONSENT, "43101"),
            org.assertj.core.groups.Tuple.tuple(Result.TARGET_GONE, "40003"),
            org.assertj.core.groups.Tuple.tuple(Result.REJECTED, "40037"),
            org.assertj.core.groups.Tuple.tuple(Result.REJECTED, "NO_TEMPLATE"));
    assertThat(WECHAT.sent()).isEmpty();
  }

  @Test
  void busyAndTheDailyLimitAreRetriedLater() {
    String openid = openid();
    WECHAT.grant(openid, templateId("SIGN_UP"), 5);

    WECHAT.failNextSend(-1);
    PushOutcome busy = single(message(openid, "SIGN_UP", "a", "b", null, null));
    assertThat(busy.result()).isEqualTo(Result.RETRY);
    assertThat(busy.errorCode()).isEqualTo("-1");
    assertThat(busy.retryAfter()).isNull();

    WECHAT.failNextSend(45009);
    PushOutcome daily = single(message(openid, "SIGN_UP", "a", "b", null, null));
    assertThat(daily.result()).isEqualTo(Result.RETRY);
    assertThat(daily.retryAfter()).isEqualTo(Duration.ofHours(1));

    WECHAT.failNextSend(47003);
    assertThat(single(message(openid, "SIGN_UP", "a", "b", null, null)).result())
        .isEqualTo(Result.REJECTED);

    // A token that WeChat refuses twice in a row: retried later, not sent in a loop.
    WECHAT.failNextSend(40001);
    WECHAT.failNextSend(40001);
    PushOutcome refused = single(message(openid, "SIGN_UP", "a", "b", null, null));
    assertThat(refused.result()).isEqualTo(Result.RETRY);
    assertThat(refused.errorCode()).isEqualTo("40001");

    assertThat(WECHAT.sent()).isEmpty();
    assertThat(WECHAT.consentsLeft(openid, templateId("SIGN_UP"))).isEqualTo(5);
  }

  @Test
  void consentsAreTakenOneByOneAndNeverBelowZero() throws Exception {
    String user = TestUsers.token("wx-carol");
    given().auth().oauth2(user).delete("/me/wechat").then().statusCode(204);
    String openid = openid();
    given()
        .auth()
        .oauth2(user)
        .contentType(ContentType.JSON)
        .body(Map.of("code", WECHAT.issueCode(openid, null)))
        .put("/me/wechat")
        .then()
        .statusCode(200);
    for (int i = 0; i < 5; i++) {
      given()
          .auth()
          .oauth2(user)
          .contentType(ContentType.JSON)
          .body(Map.of("accepted", List.of("SIGN_UP")))
          .post("/me/wechat/subscriptions")
          .then()
          .statusCode(200);
    }
    long memberId = ((Number) given().auth().oauth2(user).get("/me").path("id")).longValue();
    try {
      takeRestoreExhaust(user, memberId, openid);
    } finally {
      // No binding is left for other tests' pushes to find.
      given().auth().oauth2(user).delete("/me/wechat").then().statusCode(204);
    }
  }

  private void takeRestoreExhaust(String user, long memberId, String openid) throws Exception {

    assertThat(inContext(() -> subscriptions.openids(List.of(memberId, 987654321L))))
        .containsExactly(Map.entry(memberId, openid));

    // 20 takes at once on 5 consents: exactly 5 succeed.
    int takers = 20;
    ExecutorService pool = Executors.newFixedThreadPool(takers);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Boolean>> futures = new ArrayList<>();
      for (int i = 0; i < takers; i++) {
        Callable<Boolean> take =
            () -> {
              start.await();
              return inContext(() -> subscriptions.take(memberId, "SIGN_UP"));
            };
        futures.add(pool.submit(take));
      }
      start.countDown();
      int taken = 0;
      for (Future<Boolean> f : futures) {
        taken += f.get() ? 1 : 0;
      }
      assertThat(taken).isEqualTo(5);
    } finally {
      pool.shutdownNow();
    }
    assertThat(remaining(user, "SIGN_UP")).isZero();
    assertThat(inContext(() -> subscriptions.take(memberId, "SIGN_UP"))).isFalse();
    assertThat(inContext(() -> subscriptions.take(memberId, "REMINDER"))).isFalse();

    inContext(() -> subscriptions.restore(memberId, "SIGN_UP"));
    assertThat(remaining(user, "SIGN_UP")).isEqualTo(1);
    inContext(() -> subscriptions.restore(memberId, "SIGN_UP"));
    inContext(() -> subscriptions.exhaust(memberId, "SIGN_UP"));
    assertThat(remaining(user, "SIGN_UP")).isZero();
    // Giving back for a template never consented to does not invent a consent.
    inContext(() -> subscriptions.restore(memberId, "CAMPAIGN"));
    assertThat(remaining(user, "CAMPAIGN")).isZero();
  }

  private static int remaining(String user, String key) {
    return given()
        .auth()
        .oauth2(user)
        .get("/me/wechat/subscriptions")
        .then()
        .statusCode(200)
        .extract()
        .path("find { it.templateKey == '" + key + "' }.remaining");
  }

  private PushOutcome single(PushMessage m) {
    List<PushOutcome> outcomes = channel.send(List.of(m));
    assertThat(outcomes).hasSize(1);
    return outcomes.get(0);
  }

  private static <T> T inContext(Supplier<Uni<T>> work) {
    try {
      return VertxContextSupport.subscribeAndAwait(work);
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  private String templateId(String key) {
    return config.configuredTemplates().get(key).id().orElseThrow();
  }

  static PushMessage message(
      String openid, String key, String title, String body, String link, OffsetDateTime when) {
    return new PushMessage(
        openid, key, title, body, link, when, "c-" + UUID.randomUUID(), Map.of(), false, null);
  }

  static String openid() {
    return "o" + UUID.randomUUID().toString().replace("-", "").substring(0, 27);
  }
}
