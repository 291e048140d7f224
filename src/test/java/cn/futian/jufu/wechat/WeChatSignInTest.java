package cn.futian.jufu.wechat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.LogCapture;
import cn.futian.jufu.testing.TestUsers;
import cn.futian.jufu.testing.Tokens;
import cn.futian.jufu.testing.fakes.FakeWeChat;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * {@code /auth/wechat}: a wx.login code from the fake WeChat → the backend → a token issued by the
 * real local Keycloak (through the project's provider) → the API accepts it.
 */
@QuarkusTest
class WeChatSignInTest {

  static final FakeWeChat WECHAT = FakeWeChat.shared();

  @Test
  void aCodeSignsInAndTheFirstSignInCreatesTheMember() {
    String openid = openid();
    Response first =
        signIn(WECHAT.issueCode(openid, null), "小芳").statusCode(200).extract().response();
    assertThat((Boolean) first.path("newMember")).isTrue();
    assertThat((String) first.path("tokenType")).isEqualToIgnoringCase("Bearer");
    assertThat(first.<Integer>path("expiresIn")).isPositive();
    assertThat((String) first.path("refreshToken")).isNotBlank();
    long memberId = first.<Number>path("memberId").longValue();
    String access = first.path("accessToken");

    // A Keycloak token, for the broker client, with the resident role.
    Map<String, Object> claims = claims(access);
    assertThat(claims.get("iss")).isEqualTo(Tokens.KEYCLOAK);
    assertThat(claims.get("azp")).isEqualTo("fulian-wechat-broker");
    assertThat(claims.get("aud").toString()).contains("fulian-api");
    assertThat(claims.get("realm_access").toString()).contains("resident").contains("wechat-login");
    assertThat(first.asString()).doesNotContain(openid);

    given()
        .auth()
        .oauth2(access)
        .get("/me")
        .then()
        .statusCode(200)
        .body("id", equalTo((int) memberId))
        .body("displayName", equalTo("小芳"))
        .body("roles", org.hamcrest.Matchers.hasItem("resident"));
    given()
        .auth()
        .oauth2(access)
        .get("/me/wechat")
        .then()
        .statusCode(200)
        .body("bound", equalTo(true));

    // Later: a new code for the same WeChat user is the same member and the same account.
    Response again =
        signIn(WECHAT.issueCode(openid, null), null).statusCode(200).extract().response();
    assertThat((Boolean) again.path("newMember")).isFalse();
    assertThat(again.<Number>path("memberId").longValue()).isEqualTo(memberId);
    assertThat(claims(again.path("accessToken")).get("sub")).isEqualTo(claims.get("sub"));
    given()
        .auth()
        .oauth2((String) again.path("accessToken"))
        .get("/me")
        .then()
        .statusCode(200)
        .body("id", equalTo((int) memberId));
    assertThat(Db.count("select count(*) from member where subject = ?", claims.get("sub")))
        .isEqualTo(1);
  }

  @Test
  void aCodeWorksOnceAndWeChatErrorsAreClearProblems() {
    String code = WECHAT.issueCode(openid(), null);
    signIn(code, null).statusCode(200);
    problem(signIn(code, null), 422).body("detail", notNullValue());
    problem(signIn("never-issued", null), 422);
    problem(signIn("used", null), 422);
    problem(signIn("high-risk", null), 422);
    problem(signIn("rate-limited", null), 429).header("Retry-After", notNullValue());
    problem(signIn("busy", null), 503).header("Retry-After", notNullValue());
    // Bad input: no code, a blank code, an overlong nickname.
    problem(post("/auth/wechat/login", Map.of()), 400);
    problem(post("/auth/wechat/login", Map.of("code", " ")), 400);
    problem(post("/auth/wechat/login", Map.of("code", "x", "nickname", "长".repeat(51))), 400);
  }

  @Test
  void theUnionidFindsTheSameMemberFromAnotherWeChatApp() {
    String unionid = "union-" + UUID.randomUUID();
    long first =
        signIn(WECHAT.issueCode(openid(), unionid), null)
            .statusCode(200)
            .extract()
            .<Number>path("memberId")
            .longValue();
    Response other =
        signIn(WECHAT.issueCode(openid(), unionid), null).statusCode(200).extract().response();
    assertThat(other.<Number>path("memberId").longValue()).isEqualTo(first);
    assertThat((Boolean) other.path("newMember")).isFalse();
  }

  @Test
  void aPasswordAccountBindsWeChatSignsInWithItAndUnbinds() {
    String password = TestUsers.token("wx-signin-pw-" + UUID.randomUUID());
    int memberId =
        given().auth().oauth2(password).get("/me").then().statusCode(200).extract().path("id");
    String openid = openid();
    given()
        .auth()
        .oauth2(password)
        .contentType(ContentType.JSON)
        .body(Map.of("code", WECHAT.issueCode(openid, null)))
        .put("/me/wechat")
        .then()
        .statusCode(200);

    Response viaWeChat =
        signIn(WECHAT.issueCode(openid, null), null).statusCode(200).extract().response();
    assertThat(viaWeChat.<Number>path("memberId").intValue()).isEqualTo(memberId);
    assertThat((Boolean) viaWeChat.path("newMember")).isFalse();
    assertThat(claims(viaWeChat.path("accessToken")).get("sub"))
        .isEqualTo(Tokens.subjectOf(password));

    // Unbinding: the WeChat user no longer reaches this member; it would get an account of its own.
    given().auth().oauth2(password).delete("/me/wechat").then().statusCode(204);
    Response fresh =
        signIn(WECHAT.issueCode(openid, null), null).statusCode(200).extract().response();
    assertThat((Boolean) fresh.path("newMember")).isTrue();
    assertThat(fresh.<Number>path("memberId").intValue()).isNotEqualTo(memberId);
  }

  @Test
  void oneWeChatUserIsOneMember() {
    // Bound to a member that signed in with WeChat: another account cannot bind it.
    String openid = openid();
    signIn(WECHAT.issueCode(openid, null), null).statusCode(200);
    String other = TestUsers.token("wx-signin-other-" + UUID.randomUUID());
    problem(
        given()
            .auth()
            .oauth2(other)
            .contentType(ContentType.JSON)
            .body(Map.of("code", WECHAT.issueCode(openid, null)))
            .put("/me/wechat")
            .then(),
        409);
  }

  @Test
  void anAccountThatOnlySignsInWithWeChatCannotUnbindIt() {
    String access =
        signIn(WECHAT.issueCode(openid(), null), null)
            .statusCode(200)
            .extract()
            .path("accessToken");
    problem(given().auth().oauth2(access).delete("/me/wechat").then(), 409)
        .body("detail", org.hamcrest.Matchers.containsString("微信"));
    given()
        .auth()
        .oauth2(access)
        .get("/me/wechat")
        .then()
        .statusCode(200)
        .body("bound", equalTo(true));
  }

  @Test
  void aDisabledAccountCannotSignIn() {
    String openid = openid();
    String access =
        signIn(WECHAT.issueCode(openid, null), null).statusCode(200).extract().path("accessToken");
    String subject = Tokens.subjectOf(access);
    String admin = TestUsers.adminToken();
    Map<String, Object> user =
        new HashMap<>(
            given()
                .auth()
                .oauth2(admin)
                .get(TestUsers.ADMIN_API + "/users/" + subject)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap(""));
    user.put("enabled", false);
    given()
        .auth()
        .oauth2(admin)
        .contentType(ContentType.JSON)
        .body(user)
        .put(TestUsers.ADMIN_API + "/users/" + subject)
        .then()
        .statusCode(204);
    problem(signIn(WECHAT.issueCode(openid, null), null), 403);
  }

  @Test
  void refreshAndSignOut() {
    Response signedIn =
        signIn(WECHAT.issueCode(openid(), null), null).statusCode(200).extract().response();
    String refresh = signedIn.path("refreshToken");
    Response refreshed =
        post("/auth/wechat/refresh", Map.of("refreshToken", refresh))
            .statusCode(200)
            .extract()
            .response();
    String access = refreshed.path("accessToken");
    assertThat(access).isNotEqualTo(signedIn.path("accessToken"));
    given().auth().oauth2(access).get("/me").then().statusCode(200);

    post("/auth/wechat/logout", Map.of("refreshToken", refreshed.<String>path("refreshToken")))
        .statusCode(204);
    problem(
        post(
            "/auth/wechat/refresh", Map.of("refreshToken", refreshed.<String>path("refreshToken"))),
        401);
    problem(post("/auth/wechat/refresh", Map.of("refreshToken", "not-a-token")), 401);
    post("/auth/wechat/logout", Map.of("refreshToken", "not-a-token")).statusCode(204);
  }

  /**
   * Keycloak's side (the project's provider): the broker client's direct grant signs in only
   * enabled accounts holding wechat-login; an administrator who never bound WeChat stays out, a
   * wrong secret or another client gets nothing.
   */
  @Test
  void theBrokerClientSignsInOnlyAccountsBoundToWeChat() {
    String token = Tokens.KEYCLOAK + "/protocol/openid-connect/token";
    String admin = Tokens.subjectOf(Tokens.of(Tokens.ADMIN));
    given()
        .formParam("grant_type", "password")
        .formParam("client_id", "fulian-wechat-broker")
        .formParam("client_secret", "fulian-wechat-broker-dev-secret")
        .formParam("wechat_user", admin)
        .post(token)
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"));
    String bound =
        Tokens.subjectOf(
            signIn(WECHAT.issueCode(openid(), null), null)
                .statusCode(200)
                .extract()
                .path("accessToken"));
    given()
        .formParam("grant_type", "password")
        .formParam("client_id", "fulian-wechat-broker")
        .formParam("client_secret", "wrong")
        .formParam("wechat_user", bound)
        .post(token)
        .then()
        .statusCode(401);
    given()
        .formParam("grant_type", "password")
        .formParam("client_id", "fulian-app")
        .formParam("wechat_user", bound)
        .post(token)
        .then()
        .statusCode(org.hamcrest.Matchers.greaterThanOrEqualTo(400))
        .body("access_token", org.hamcrest.Matchers.nullValue());
    given()
        .formParam("grant_type", "password")
        .formParam("client_id", "fulian-wechat-broker")
        .formParam("client_secret", "fulian-wechat-broker-dev-secret")
        .formParam("wechat_user", bound)
        .post(token)
        .then()
        .statusCode(200)
        .body("access_token", notNullValue());
  }

  /**
   * Two first sign-ins at once, with two codes of the same WeChat user: one account, one member.
   */
  @Test
  void concurrentFirstSignInsMakeOneMember() throws Exception {
    String openid = openid();
    int n = 6;
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      codes.add(WECHAT.issueCode(openid, null));
    }
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Response>> answers = new ArrayList<>();
      for (String code : codes) {
        Callable<Response> call =
            () -> {
              start.await();
              return signIn(code, null).extract().response();
            };
        answers.add(pool.submit(call));
      }
      start.countDown();
      List<Long> members = new ArrayList<>();
      List<Object> subjects = new ArrayList<>();
      for (Future<Response> f : answers) {
        Response r = f.get();
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        members.add(r.<Number>path("memberId").longValue());
        subjects.add(claims(r.path("accessToken")).get("sub"));
      }
      assertThat(members).containsOnly(members.get(0));
      assertThat(subjects).containsOnly(subjects.get(0));
    } finally {
      pool.shutdownNow();
    }
  }

  /** The session_key WeChat hands out appears in no answer and no log line. */
  @Test
  void theSessionKeyNeverLeavesTheServer() {
    List<String> answers = new ArrayList<>();
    int keysBefore = WECHAT.sessionKeys().size();
    List<String> logged;
    try (LogCapture log = LogCapture.start()) {
      String openid = openid();
      answers.add(
          signIn(WECHAT.issueCode(openid, "u-" + UUID.randomUUID()), null).extract().asString());
      answers.add(signIn(WECHAT.issueCode(openid, null), null).extract().asString());
      answers.add(signIn("busy", null).extract().asString());
      logged = log.lines();
    }
    List<String> keys = WECHAT.sessionKeys();
    assertThat(keys.size()).isGreaterThanOrEqualTo(keysBefore + 2);
    List<String> everything = new ArrayList<>(answers);
    everything.addAll(logged);
    assertThat(logged).isNotEmpty(); // the busy answer is logged
    for (String text : everything) {
      assertThat(text).doesNotContain("session_key").doesNotContain("fake-session-key");
      assertThat(text)
          .doesNotContain("wx-test-secret")
          .doesNotContain("fulian-wechat-broker-dev-secret");
      keys.forEach(key -> assertThat(text).doesNotContain(key));
    }
  }

  // ------------------------------------------------------------------ helpers

  private static String openid() {
    return "o-signin-" + UUID.randomUUID();
  }

  static ValidatableResponse signIn(String code, String nickname) {
    Map<String, Object> body = new HashMap<>();
    body.put("code", code);
    if (nickname != null) {
      body.put("nickname", nickname);
    }
    return post("/auth/wechat/login", body);
  }

  private static ValidatableResponse post(String path, Map<String, ?> body) {
    return given().contentType(ContentType.JSON).body(body).post(path).then();
  }

  private static ValidatableResponse problem(ValidatableResponse response, int status) {
    return response
        .statusCode(status)
        .contentType(startsWith("application/problem+json"))
        .body("status", equalTo(status));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> claims(String jwt) {
    String payload = jwt.split("\\.")[1];
    String json = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8);
    return io.restassured.path.json.JsonPath.from(json).getMap("");
  }
}
