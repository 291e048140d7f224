package cn.futian.jufu.testing;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real access tokens from the local Keycloak (scripts/services.sh), fetched with the password grant
 * that only the dev/test realm allows, and cached per user for the test run.
 */
public final class Tokens {

  public static final String KEYCLOAK = "http://127.0.0.1:8180/realms/fulian";
  public static final String PASSWORD = "fulian-demo";

  public static final String ADMIN = "admin";
  public static final String STREET_CADRE = "street-cadre";
  public static final String COMMUNITY_CADRE = "community-cadre";
  public static final String NEIGHBOUR_CADRE = "neighbour-cadre";
  public static final String RESIDENT_A = "resident-a";
  public static final String RESIDENT_B = "resident-b";
  public static final String CASEWORKER = "caseworker";
  public static final String CASE_SUPERVISOR = "case-supervisor";
  public static final String DISTRICT_CASE_SUPERVISOR = "district-case-supervisor";

  /** Fixed Keycloak ids of the demo users (scripts/keycloak/fulian-realm.json). */
  public static final Map<String, String> SUBJECTS =
      Map.of(
          ADMIN, "0a000000-0000-4000-8000-000000000001",
          STREET_CADRE, "0a000000-0000-4000-8000-000000000002",
          COMMUNITY_CADRE, "0a000000-0000-4000-8000-000000000003",
          NEIGHBOUR_CADRE, "0a000000-0000-4000-8000-000000000004",
          RESIDENT_A, "0a000000-0000-4000-8000-000000000005",
          RESIDENT_B, "0a000000-0000-4000-8000-000000000006",
          CASEWORKER, "0a000000-0000-4000-8000-000000000007",
          CASE_SUPERVISOR, "0a000000-0000-4000-8000-000000000008",
          DISTRICT_CASE_SUPERVISOR, "0a000000-0000-4000-8000-000000000009");

  private record Cached(String token, long fetchedAtMillis) {}

  /** Tokens live 15 minutes; a test run may be longer, so refresh after 10. */
  private static final long MAX_AGE_MILLIS = 10 * 60 * 1000L;

  private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

  private Tokens() {}

  public static String of(String username) {
    return CACHE
        .compute(
            username,
            (user, cached) ->
                cached != null
                        && System.currentTimeMillis() - cached.fetchedAtMillis() < MAX_AGE_MILLIS
                    ? cached
                    : new Cached(fetch(user), System.currentTimeMillis()))
        .token();
  }

  public static String bearer(String username) {
    return "Bearer " + of(username);
  }

  private static String fetch(String username) {
    return fetch(KEYCLOAK, "fulian-app", username, PASSWORD);
  }

  /** A fresh token from any realm and client of the local Keycloak (password grant). */
  public static String fetch(String realmUrl, String clientId, String username, String password) {
    return given()
        .formParam("grant_type", "password")
        .formParam("client_id", clientId)
        .formParam("username", username)
        .formParam("password", password)
        .formParam("scope", "openid")
        .when()
        .post(realmUrl + "/protocol/openid-connect/token")
        .then()
        .statusCode(200)
        .extract()
        .path("access_token");
  }

  /** The {@code sub} claim of an access token (not verified: for tests only). */
  public static String subjectOf(String token) {
    String payload =
        new String(
            java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]),
            java.nio.charset.StandardCharsets.UTF_8);
    return new io.restassured.path.json.JsonPath(payload).getString("sub");
  }
}
