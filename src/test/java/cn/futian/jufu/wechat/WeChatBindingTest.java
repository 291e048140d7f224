package cn.futian.jufu.wechat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import cn.futian.jufu.testing.LogCapture;
import cn.futian.jufu.testing.TestUsers;
import cn.futian.jufu.testing.fakes.FakeWeChat;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /me/wechat}: binding with a wx.login code, and the subscription consents counted. */
@QuarkusTest
class WeChatBindingTest {

  static final FakeWeChat WECHAT = FakeWeChat.shared();
  static final String ALICE = "wx-alice";
  static final String BETTY = "wx-betty";

  /** Also after each test: no binding is left for other tests' pushes to find. */
  @BeforeEach
  @AfterEach
  void nobodyBound() {
    for (String user : List.of(ALICE, BETTY)) {
      given().auth().oauth2(token(user)).delete("/me/wechat").then().statusCode(204);
    }
  }

  @Test
  void aCodeBindsTheCallerToItsWeChatUser() {
    given()
        .auth()
        .oauth2(token(ALICE))
        .get("/me/wechat")
        .then()
        .statusCode(200)
        .body("bound", equalTo(false))
        .body("unionLinked", equalTo(false))
        .body("boundAt", nullValue());

    String openid = openid();
    Response first =
        bind(ALICE, WECHAT.issueCode(openid, null)).statusCode(200).extract().response();
    assertThat((Boolean) first.path("bound")).isTrue();
    assertThat((Boolean) first.path("unionLinked")).isFalse();
    assertThat(first.asString()).doesNotContain(openid).doesNotContain("openid");
    OffsetDateTime boundAt = OffsetDateTime.parse(first.path("boundAt"));

    given()
        .auth()
        .oauth2(token(ALICE))
        .get("/me/wechat")
        .then()
        .statusCode(200)
        .body("bound", equalTo(true))
        .body("boundAt", notNullValue());

    // The same WeChat user again (a new code): nothing changes.
    Response again =
        bind(ALICE, WECHAT.issueCode(openid, null)).statusCode(200).extract().response();
    assertThat(OffsetDateTime.parse(again.path("boundAt")).toInstant())
        .isEqualTo(boundAt.toInstant());

    // WeChat now gives a unionid for the same user: linked, still since the first binding.
    bind(ALICE, WECHAT.issueCode(openid, "u-" + UUID.randomUUID()))
        .statusCode(200)
        .body("unionLinked", equalTo(true));

    // Another WeChat user replaces the first one.
    Response other =
        bind(ALICE, WECHAT.issueCode(openid(), null)).statusCode(200).extract().response();
    assertThat((Boolean) other.path("unionLinked")).isFalse();
    assertThat(OffsetDateTime.parse(other.path("boundAt"))).isAfter(boundAt);
  }

  @Test
  void aWeChatUserBoundToAnotherMemberIsAConflict() {
    String openid = openid();
    bind(ALICE, WECHAT.issueCode(openid, null)).statusCode(200);

    bind(BETTY, WECHAT.issueCode(openid, null))
        .statusCode(409)
        .contentType("application/problem+json")
        .body("code", equalTo("conflict"))
        .body("detail", containsString("已绑定到另一个账号"));
    given()
        .auth()
        .oauth2(token(BETTY))
        .header("Accept-Language", "en")
        .contentType(ContentType.JSON)
        .body(Map.of("code", WECHAT.issueCode(openid, null)))
        .put("/me/wechat")
        .then()
        .statusCode(409)
        .body("detail", containsString("already bound to another account"));
    given().auth().oauth2(token(BETTY)).get("/me/wechat").then().body("bound", equalTo(false));

    // The same unionid is the same WeChat user too.
    String unionid = "u-" + UUID.randomUUID();
    bind(ALICE, WECHAT.issueCode(openid, unionid)).statusCode(200);
    bind(BETTY, WECHAT.issueCode(openid(), unionid)).statusCode(409);

    // Once Alice lets go, Betty may bind it.
    given().auth().oauth2(token(ALICE)).delete("/me/wechat").then().statusCode(204);
    bind(BETTY, WECHAT.issueCode(openid, null)).statusCode(200).body("bound", equalTo(true));
  }

  @Test
  void aCodeWorksOnce() {
    String code = WECHAT.issueCode(openid(), null);
    bind(ALICE, code).statusCode(200);
    bind(ALICE, code)
        .statusCode(422)
        .contentType("application/problem+json")
        .body("code", equalTo("rule-violation"))
        .body("detail", containsString("wx.login"));
    bind(ALICE, "never-issued").statusCode(422);
    bind(ALICE, "used").statusCode(422).body("code", equalTo("rule-violation"));
    given()
        .auth()
        .oauth2(token(ALICE))
        .header("Accept-Language", "en")
        .contentType(ContentType.JSON)
        .body(Map.of("code", "never-issued"))
        .put("/me/wechat")
        .then()
        .statusCode(422)
        .body("detail", containsString("invalid, expired or already used"));
  }

  @Test
  void weChatRateLimitIs429AndBusyIs503() {
    bind(ALICE, "rate-limited")
        .statusCode(429)
        .contentType("application/problem+json")
        .header("Retry-After", "60")
        .body("code", equalTo("rate-limited"))
        .body("retryAfter", equalTo(60));
    bind(ALICE, "busy")
        .statusCode(503)
        .contentType("application/problem+json")
        .header("Retry-After", notNullValue())
        .body("code", equalTo("dependency-unavailable"))
        .body("detail", containsString("微信"));
    bind(ALICE, "high-risk").statusCode(422).body("code", equalTo("rule-violation"));
    given().auth().oauth2(token(ALICE)).get("/me/wechat").then().body("bound", equalTo(false));
  }

  @Test
  void unbindingForgetsTheBindingAndTheConsents() {
    bind(ALICE, WECHAT.issueCode(openid(), null)).statusCode(200);
    accept(ALICE, List.of("SIGN_UP", "REMINDER")).statusCode(200);

    given().auth().oauth2(token(ALICE)).delete("/me/wechat").then().statusCode(204);
    given().auth().oauth2(token(ALICE)).get("/me/wechat").then().body("bound", equalTo(false));
    given()
        .auth()
        .oauth2(token(ALICE))
        .get("/me/wechat/subscriptions")
        .then()
        .statusCode(200)
        .body("remaining", equalTo(List.of(0, 0, 0, 0)));
    // Unbinding twice is fine.
    given().auth().oauth2(token(ALICE)).delete("/me/wechat").then().statusCode(204);
  }

  @Test
  void consentsAreCountedPerTemplateAndCapped() {
    accept(ALICE, List.of("SIGN_UP"))
        .statusCode(422)
        .body("code", equalTo("rule-violation"))
        .body("detail", containsString("绑定微信"));

    bind(ALICE, WECHAT.issueCode(openid(), null)).statusCode(200);
    accept(ALICE, List.of("SIGN_UP", "REMINDER"))
        .statusCode(200)
        .body("templateKey", equalTo(List.of("SIGN_UP", "REMINDER", "CAMPAIGN", "CASE")))
        .body("remaining", equalTo(List.of(1, 1, 0, 0)));
    // The same key twice in one answer is one acceptance.
    accept(ALICE, List.of("SIGN_UP", "SIGN_UP")).statusCode(200);
    given()
        .auth()
        .oauth2(token(ALICE))
        .get("/me/wechat/subscriptions")
        .then()
        .statusCode(200)
        .body("find { it.templateKey == 'SIGN_UP' }.remaining", equalTo(2))
        .body("find { it.templateKey == 'REMINDER' }.remaining", equalTo(1))
        .body("find { it.templateKey == 'CAMPAIGN' }.remaining", equalTo(0));

    for (int i = 0; i < WeChatSubscriptions.MAX_REMAINING; i++) {
      accept(ALICE, List.of("CAMPAIGN")).statusCode(200);
    }
    given()
        .auth()
        .oauth2(token(ALICE))
        .get("/me/wechat/subscriptions")
        .then()
        .body("find { it.templateKey == 'CAMPAIGN' }.remaining", equalTo(100));

    // Another WeChat user: the consents were the old user's.
    bind(ALICE, WECHAT.issueCode(openid(), null)).statusCode(200);
    given()
        .auth()
        .oauth2(token(ALICE))
        .get("/me/wechat/subscriptions")
        .then()
        .body("remaining", equalTo(List.of(0, 0, 0, 0)));
  }

  @Test
  void badInputIsA400Problem() {
    given()
        .auth()
        .oauth2(token(ALICE))
        .contentType(ContentType.JSON)
        .put("/me/wechat")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    given()
        .auth()
        .oauth2(token(ALICE))
        .contentType(ContentType.JSON)
        .body("{}")
        .put("/me/wechat")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("code", equalTo("validation-failed"))
        .body("errors.field", hasItem("code"));
    bind(ALICE, "").statusCode(400).body("errors.field", hasItem("code"));
    bind(ALICE, "x".repeat(129))
        .statusCode(400)
        .body("errors[0].field", equalTo("code"))
        .body("errors[0].code", equalTo("size"));
    given()
        .auth()
        .oauth2(token(ALICE))
        .contentType(ContentType.JSON)
        .body(Map.of("code", "abc", "openid", "sneaky"))
        .put("/me/wechat")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("openid"));

    bind(ALICE, WECHAT.issueCode(openid(), null)).statusCode(200);
    accept(ALICE, List.of("SIGN_UP", "BIRTHDAY"))
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("accepted[1]"))
        .body("errors[0].code", equalTo("enum"));
    accept(ALICE, List.of("SIGN_UP", "REMINDER", "CAMPAIGN", "SIGN_UP"))
        .statusCode(400)
        .body("errors[0].field", equalTo("accepted"))
        .body("errors[0].code", equalTo("size"));
    accept(ALICE, List.of()).statusCode(400).body("errors[0].field", equalTo("accepted"));
    given()
        .auth()
        .oauth2(token(ALICE))
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/me/wechat/subscriptions")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("accepted"));
    // Nothing was counted by the refused calls.
    given()
        .auth()
        .oauth2(token(ALICE))
        .get("/me/wechat/subscriptions")
        .then()
        .body("remaining", equalTo(List.of(0, 0, 0, 0)));
  }

  @Test
  void withoutALogin() {
    given().get("/me/wechat").then().statusCode(401).body("code", equalTo("unauthenticated"));
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("code", "abc"))
        .put("/me/wechat")
        .then()
        .statusCode(401);
  }

  @Test
  void theSessionKeyNeverLeavesTheServer() {
    List<String> answers = new ArrayList<>();
    List<String> logged;
    try (LogCapture log = LogCapture.start()) {
      String openid = openid();
      answers.add(
          bind(ALICE, WECHAT.issueCode(openid, "u-" + UUID.randomUUID())).extract().asString());
      answers.add(bind(ALICE, WECHAT.issueCode(openid, null)).extract().asString());
      answers.add(bind(BETTY, WECHAT.issueCode(openid, null)).extract().asString());
      answers.add(bind(ALICE, "busy").extract().asString());
      answers.add(given().auth().oauth2(token(ALICE)).get("/me/wechat").asString());
      logged = log.lines();
    }

    List<String> keys = WECHAT.sessionKeys();
    assertThat(keys).hasSizeGreaterThanOrEqualTo(3);
    List<String> everything = new ArrayList<>(answers);
    everything.addAll(logged);
    assertThat(logged).isNotEmpty(); // the busy answer is logged
    for (String text : everything) {
      assertThat(text).doesNotContain("fake-session-key").doesNotContain("session_key");
      assertThat(text).doesNotContain("wx-test-secret");
      keys.forEach(key -> assertThat(text).doesNotContain(key));
    }
  }

  private static ValidatableResponse bind(String user, String code) {
    return given()
        .auth()
        .oauth2(token(user))
        .contentType(ContentType.JSON)
        .body(Map.of("code", code))
        .put("/me/wechat")
        .then();
  }

  private static ValidatableResponse accept(String user, List<String> keys) {
    return given()
        .auth()
        .oauth2(token(user))
        .contentType(ContentType.JSON)
        .body(Map.of("accepted", keys))
        .post("/me/wechat/subscriptions")
        .then();
  }

  static String token(String user) {
    return TestUsers.token(user);
  }

  static String openid() {
    return "o" + UUID.randomUUID().toString().replace("-", "").substring(0, 27);
  }
}
