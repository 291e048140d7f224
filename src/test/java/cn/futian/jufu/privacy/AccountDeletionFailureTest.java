package cn.futian.jufu.privacy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.Events;
import cn.futian.jufu.testing.OrgUnits;
import cn.futian.jufu.testing.TcpRelay;
import cn.futian.jufu.testing.TestUsers;
import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Account deletion with the database or Keycloak failing at each step (issue 17, 3). The end state
 * is always "nothing happened, and deleting again works" or "fully erased and the login disabled",
 * never a disabled login with the data kept. The service reaches Keycloak's admin API through a
 * relay this test takes down and brings back; the database fails through a trigger that refuses the
 * erasure as PostgreSQL does when it is shutting down.
 */
@QuarkusTest
@QuarkusTestResource(
    value = AccountDeletionFailureTest.KeycloakAdminRelay.class,
    restrictToAnnotatedClass = true)
class AccountDeletionFailureTest {

  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.FIELD)
  @interface Relay {}

  /** Keycloak's admin API behind a relay; the job retries every second here. */
  public static class KeycloakAdminRelay implements QuarkusTestResourceLifecycleManager {
    private TcpRelay relay;

    @Override
    public Map<String, String> start() {
      relay = new TcpRelay(8180);
      return Map.of(
          "quarkus.rest-client.keycloak-users.url",
          "http://127.0.0.1:" + relay.port() + "/admin/realms/fulian",
          "fulian.account-deletion.retry-every",
          "1s",
          "fulian.account-deletion.first-retry-after",
          "0s",
          // Keep the database: the seat invariant check (TwoInstancesRushIT) reads what every
          // test of the build left there.
          "quarkus.flyway.clean-at-start",
          "false");
    }

    @Override
    public void inject(TestInjector injector) {
      injector.injectIntoFields(
          relay, new TestInjector.AnnotatedAndMatchesType(Relay.class, TcpRelay.class));
    }

    @Override
    public void stop() {
      relay.close();
    }
  }

  @Relay TcpRelay keycloakAdmin;

  @Test
  void theDatabaseFailingLeavesTheLoginWorkingAndDeletingAgainErases() throws Exception {
    String username = "del-db-" + UUID.randomUUID().toString().substring(0, 8);
    String token = TestUsers.token(username);
    long member = memberWithDevice(token);
    // The database goes away in the middle of the erasure: the test holds her device row, the
    // erasure waits for it, and its connection is terminated as in a failover.
    int status;
    try (Connection hold = DriverManager.getConnection(Db.URL, "fulian", "fulian")) {
      hold.setAutoCommit(false);
      try (PreparedStatement ps =
          hold.prepareStatement("select id from device where member_id = ? for update")) {
        ps.setLong(1, member);
        ps.executeQuery().close();
      }
      CompletableFuture<Integer> deleting =
          CompletableFuture.supplyAsync(
              () -> given().auth().oauth2(token).delete("/me/account").statusCode());
      Db.awaitLockWait("delete from device%");
      assertThat(
              Db.count(
                  "select count(*) from (select pg_terminate_backend(pid) from pg_stat_activity"
                      + " where wait_event_type = 'Lock' and query ilike 'delete from device%') t"))
          .isEqualTo(1);
      status = deleting.get(60, TimeUnit.SECONDS);
      hold.rollback();
    }
    assertThat(status).isEqualTo(503);

    // Nothing happened: her data are there and she can still sign in.
    assertThat(Db.text("select subject from member where id = ?", member))
        .isEqualTo(Tokens.subjectOf(token));
    assertThat(Db.count("select count(*) from device where member_id = ?", member)).isEqualTo(1);
    assertThat(signInStatus(username)).isEqualTo(200);
    assertThat(pendingLogins(token)).isZero();

    // Deleting again works: erased and disabled.
    given().auth().oauth2(token).delete("/me/account").then().statusCode(204);
    assertErased(member, token);
    assertThat(signInStatus(username)).isEqualTo(400);
    assertThat(pendingLogins(token)).isZero();
  }

  @Test
  void keycloakFailingErasesAtOnceAndTheJobDisablesTheLoginOnceItIsBack() throws Exception {
    String username = "del-kc-" + UUID.randomUUID().toString().substring(0, 8);
    String token = TestUsers.token(username);
    long member = memberWithDevice(token);

    keycloakAdmin.down();
    try {
      given().auth().oauth2(token).delete("/me/account").then().statusCode(204);
      // The erasure is done and the login step is recorded; the token cannot bring her back.
      assertErased(member, token);
      assertThat(pendingLogins(token)).isEqualTo(1);
      given()
          .auth()
          .oauth2(token)
          .get("/me")
          .then()
          .statusCode(403)
          .contentType("application/problem+json");
      // Nor through the statements that make a member on her first call (feed, sign-up).
      given().auth().oauth2(token).get("/events").then().statusCode(403);
      long session =
          Events.publish(
                  Tokens.of(Tokens.COMMUNITY_CADRE),
                  OrgUnits.idOf("FT-01-01"),
                  "JOB_FAIR",
                  Events.session("FIRST_COME", 5))
              .sessionId();
      given()
          .auth()
          .oauth2(token)
          .contentType("application/json")
          .body("{}")
          .post("/sessions/{id}/registrations", session)
          .then()
          .statusCode(403);
      assertThat(Db.count("select count(*) from member where subject = ?", Tokens.subjectOf(token)))
          .as("no member made again for the deleted account")
          .isZero();
      Thread.sleep(2_500); // the job tries (and fails) meanwhile
      assertThat(signInStatus(username)).isEqualTo(200);
      assertThat(
              Db.text(
                  "select last_error from account_deletion where subject = ?",
                  Tokens.subjectOf(token)))
          .isNotBlank();
    } finally {
      keycloakAdmin.up();
    }

    // Keycloak is back: the job disables the login without anyone asking again.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (signInStatus(username) == 200 && System.nanoTime() < deadline) {
      Thread.sleep(250);
    }
    assertThat(signInStatus(username)).isEqualTo(400);
    while (pendingLogins(token) > 0 && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(pendingLogins(token)).isZero();
    assertErased(member, token);
  }

  @Test
  void deletingAgainWhileKeycloakWasDownFinishesTheLoginStep() {
    String username = "del-again-" + UUID.randomUUID().toString().substring(0, 8);
    String token = TestUsers.token(username);
    long member = memberWithDevice(token);
    keycloakAdmin.down();
    try {
      given().auth().oauth2(token).delete("/me/account").then().statusCode(204);
    } finally {
      keycloakAdmin.up();
    }
    given().auth().oauth2(token).delete("/me/account").then().statusCode(204);
    assertThat(signInStatus(username)).isEqualTo(400);
    assertThat(pendingLogins(token)).isZero();
    assertErased(member, token);
  }

  private static long memberWithDevice(String token) {
    long member =
        given()
            .auth()
            .oauth2(token)
            .get("/me")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getLong("id");
    given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(Map.of("token", "del-" + UUID.randomUUID(), "platform", "ANDROID"))
        .put("/me/devices")
        .then()
        .statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(201)));
    return member;
  }

  private static void assertErased(long member, String token) {
    assertThat(Db.text("select subject from member where id = ?", member))
        .isNotEqualTo(Tokens.subjectOf(token))
        .hasSize(64);
    assertThat(
            Db.count("select count(*) from member where id = ? and deleted_at is not null", member))
        .isEqualTo(1);
    assertThat(Db.count("select count(*) from device where member_id = ?", member)).isZero();
  }

  private static long pendingLogins(String token) {
    return Db.count(
        "select count(*) from account_deletion where subject = ?", Tokens.subjectOf(token));
  }

  /** What Keycloak answers a password sign-in of this test user: 200, or 400 once disabled. */
  private static int signInStatus(String name) {
    String username = name + "-1"; // TestUsers.token(name) signs in as name-1
    var answer =
        given()
            .formParam("grant_type", "password")
            .formParam("client_id", "fulian-app")
            .formParam("username", username)
            .formParam("password", Tokens.PASSWORD)
            .formParam("scope", "openid")
            .post(Tokens.KEYCLOAK + "/protocol/openid-connect/token");
    if (answer.statusCode() != 200) {
      System.out.println(
          "sign-in of " + username + ": " + answer.statusCode() + " " + answer.asString());
    }
    return answer.statusCode();
  }
}
