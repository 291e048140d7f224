package cn.futian.jufu.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Many Keycloak accounts at once, with tokens issued the way a WeChat sign-in gets them: the
 * accounts hold the realm role {@code wechat-login} and the tokens come from the backend's broker
 * client {@code fulian-wechat-broker} (ADR 0014), so no password is hashed per account and a test
 * can have thousands of distinct residents in seconds. Their members do not exist until their first
 * call, as for residents opening the mini-app for the first time.
 */
public final class WeChatAccounts {

  private static final String BROKER = "fulian-wechat-broker";
  private static final String BROKER_SECRET = "fulian-wechat-broker-dev-secret";

  private WeChatAccounts() {}

  /** Access tokens of {@code count} accounts named {@code prefix-1 ... prefix-count}. */
  public static List<String> tokens(String prefix, int count) {
    List<String> ids = importAccounts(prefix, count);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> futures = new ArrayList<>();
      for (String id : ids) {
        futures.add(pool.submit(() -> token(id)));
      }
      List<String> tokens = new ArrayList<>();
      for (Future<String> f : futures) {
        tokens.add(f.get());
      }
      return tokens;
    } catch (Exception e) {
      throw new IllegalStateException("Could not mint tokens for " + prefix, e);
    } finally {
      pool.shutdown();
    }
  }

  /** Keycloak's partial import, 200 accounts a request (one transaction each); existing kept. */
  private static List<String> importAccounts(String prefix, int count) {
    Map<String, String> idByName = new HashMap<>();
    for (int from = 1; from <= count; from += 200) {
      idByName.putAll(importChunk(prefix, from, Math.min(count, from + 199)));
    }
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      String id = idByName.get(prefix + "-" + i);
      if (id == null) {
        throw new IllegalStateException("Keycloak imported no account " + prefix + "-" + i);
      }
      ids.add(id);
    }
    return ids;
  }

  private static Map<String, String> importChunk(String prefix, int from, int to) {
    List<Map<String, Object>> users = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      users.add(
          Map.of(
              "username",
              prefix + "-" + i,
              "enabled",
              true,
              "firstName",
              "微信用户",
              "realmRoles",
              List.of("default-roles-fulian", "wechat-login")));
    }
    Map<String, Object> body = new HashMap<>();
    body.put("ifResourceExists", "SKIP");
    body.put("users", users);
    JsonPath result =
        given()
            .auth()
            .oauth2(TestUsers.adminToken())
            .contentType(ContentType.JSON)
            .body(body)
            .post(TestUsers.ADMIN_API + "/partialImport")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    Map<String, String> idByName = new HashMap<>();
    for (Map<String, Object> r : result.<Map<String, Object>>getList("results")) {
      idByName.put((String) r.get("resourceName"), (String) r.get("id"));
    }
    return idByName;
  }

  private static String token(String accountId) {
    return given()
        .contentType(ContentType.URLENC)
        .formParam("grant_type", "password")
        .formParam("client_id", BROKER)
        .formParam("client_secret", BROKER_SECRET)
        .formParam("wechat_user", accountId)
        .post(Tokens.KEYCLOAK + "/protocol/openid-connect/token")
        .then()
        .statusCode(200)
        .extract()
        .path("access_token");
  }
}
