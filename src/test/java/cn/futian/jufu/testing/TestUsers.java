package cn.futian.jufu.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Real Keycloak users for tests that need many distinct members: created in realm fulian through
 * Keycloak's admin API (bootstrap admin of the local server), then logged in with the password
 * grant. Users persist in the local Keycloak, so a second run reuses them.
 */
public final class TestUsers {

  /** Keycloak's admin REST API of realm fulian. */
  public static final String ADMIN_API = "http://127.0.0.1:8180/admin/realms/fulian";

  private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

  private TestUsers() {}

  /** Access tokens of {@code count} users named {@code prefix-1 ... prefix-count}. */
  public static List<String> tokens(String prefix, int count) {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> futures = new ArrayList<>();
      for (int i = 1; i <= count; i++) {
        String username = prefix + "-" + i;
        futures.add(pool.submit(() -> TOKENS.computeIfAbsent(username, TestUsers::ensure)));
      }
      List<String> tokens = new ArrayList<>();
      for (Future<String> f : futures) {
        tokens.add(f.get());
      }
      return tokens;
    } catch (Exception e) {
      throw new IllegalStateException("Could not prepare test users", e);
    } finally {
      pool.shutdown();
    }
  }

  /** One fresh user (a new name each call within a run is the caller's business). */
  public static String token(String username) {
    return tokens(username, 1).get(0);
  }

  private static String ensure(String username) {
    int status = create(adminToken(false), username);
    if (status == 401) {
      // The admin token expired while a loaded machine created many users: once more, fresh.
      status = create(adminToken(true), username);
    }
    if (status != 201 && status != 409) {
      throw new IllegalStateException("Creating " + username + " answered " + status);
    }
    return Tokens.fetch(Tokens.KEYCLOAK, "fulian-app", username, Tokens.PASSWORD);
  }

  private static int create(String adminToken, String username) {
    return given()
        .auth()
        .oauth2(adminToken)
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "username",
                username,
                "enabled",
                true,
                "emailVerified",
                true,
                "firstName",
                "测试",
                "lastName",
                username,
                "email",
                username + "@test.fulian.local",
                "credentials",
                List.of(Map.of("type", "password", "value", Tokens.PASSWORD, "temporary", false))))
        .post(ADMIN_API + "/users")
        .statusCode();
  }

  /**
   * A fresh user holding a realm role besides the default ones (caseworker, case-supervisor): its
   * Keycloak id and an access token fetched after the grant, so the token carries the role.
   */
  public static Map<String, String> withRealmRole(String username, String role) {
    String token = token(username);
    String subject = Tokens.subjectOf(token);
    String admin = adminToken(false);
    Map<?, ?> representation =
        given()
            .auth()
            .oauth2(admin)
            .get(ADMIN_API + "/roles/" + role)
            .then()
            .statusCode(200)
            .extract()
            .as(Map.class);
    given()
        .auth()
        .oauth2(admin)
        .contentType(ContentType.JSON)
        .body(List.of(representation))
        .post(ADMIN_API + "/users/" + subject + "/role-mappings/realm")
        .then()
        .statusCode(204);
    return Map.of(
        "subject",
        subject,
        "token",
        // token(username) made the user "username-1", as tokens() names them.
        Tokens.fetch(Tokens.KEYCLOAK, "fulian-app", username + "-1", Tokens.PASSWORD));
  }

  /** A bootstrap-admin token for {@link #ADMIN_API}. */
  public static String adminToken() {
    return adminToken(false);
  }

  private static volatile String admin;
  private static volatile long adminFetchedAt;

  /** The master realm's admin token, fetched again after 30 s (it lives 60 s) or when asked. */
  private static synchronized String adminToken(boolean fresh) {
    if (fresh || admin == null || System.currentTimeMillis() - adminFetchedAt > 30_000) {
      admin = Tokens.fetch("http://127.0.0.1:8180/realms/master", "admin-cli", "admin", "admin");
      adminFetchedAt = System.currentTimeMillis();
    }
    return admin;
  }
}
