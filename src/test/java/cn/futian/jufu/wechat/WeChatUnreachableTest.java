package cn.futian.jufu.wechat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import cn.futian.jufu.push.PushMessage;
import cn.futian.jufu.push.PushOutcome;
import cn.futian.jufu.push.PushOutcome.Result;
import cn.futian.jufu.testing.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** WeChat cannot be reached: the API answers 503 with Retry-After, the channel asks to retry. */
@QuarkusTest
@TestProfile(WeChatUnreachableTest.NobodyListens.class)
class WeChatUnreachableTest {

  /** Nothing listens on port 1. */
  public static class NobodyListens implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      // Keep the database: the seat invariant check (TwoInstancesRushIT) reads what every test
      // of the build left there.
      return Map.of(
          "fulian.wechat.api-base-url",
          "http://127.0.0.1:1",
          "quarkus.flyway.clean-at-start",
          "false");
    }
  }

  @Inject WeChatChannel channel;

  @Test
  void bindingAnswers503() {
    given()
        .auth()
        .oauth2(TestUsers.token("wx-alice"))
        .contentType(ContentType.JSON)
        .body(Map.of("code", "any-code"))
        .put("/me/wechat")
        .then()
        .statusCode(503)
        .contentType("application/problem+json")
        .header("Retry-After", notNullValue())
        .body("code", equalTo("dependency-unavailable"))
        .body("retryAfter", notNullValue());
  }

  @Test
  void sendingAsksToRetry() {
    List<PushOutcome> outcomes =
        channel.send(
            List.of(
                new PushMessage(
                    "o-1", "SIGN_UP", "标题", "正文", null, null, "c", Map.of(), false, null)));
    assertThat(outcomes)
        .extracting(PushOutcome::result, PushOutcome::errorCode)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Result.RETRY, "NETWORK"));
  }
}
