package cn.futian.jufu.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import cn.futian.jufu.testing.Events;
import cn.futian.jufu.testing.OrgUnits;
import cn.futian.jufu.testing.PackagedApp;
import cn.futian.jufu.testing.TestUsers;
import cn.futian.jufu.testing.Tokens;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.io.File;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The jar that ships, configured the way Kubernetes configures it: with environment variables only
 * (no -D, no profile), one of each kind of setting, each observed taking effect; and a misspelt
 * {@code FULIAN_*} variable stops the start-up with a message naming it.
 */
class EnvironmentSettingsIT {

  static final int PORT = 8093;
  static final String BASE_URL = "https://env-check.fulian.example.invalid";
  static Process app;

  /** What every start needs: the local services, a key ring, the port, jobs off. */
  static Map<String, String> environment() {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("HOME", System.getenv().getOrDefault("HOME", "/tmp"));
    env.put("QUARKUS_HTTP_PORT", Integer.toString(PORT));
    env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(PackagedApp.managementPort(PORT)));
    env.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:5432/fulian_test");
    env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/fulian_test");
    env.put("QUARKUS_REDIS_HOSTS", "redis://127.0.0.1:6379/1");
    env.put("QUARKUS_SCHEDULER_ENABLED", "false");
    env.put(
        "FULIAN_CRYPTO_KEYS",
        "test-old:dGVzdC1vbGQta2V5LXJldGlyZWQtYnktcm90YXRpb24=,"
            + "test-2026:dGVzdC1rZXktZm9yLXRoZS1qdWZ1LXRlc3Qtc3VpdGU=");
    return env;
  }

  static Process start(Map<String, String> env, String log) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                "target/quarkus-app/quarkus-run.jar")
            .redirectErrorStream(true)
            .redirectOutput(new File(log));
    pb.environment().clear();
    pb.environment().putAll(env);
    return pb.start();
  }

  @BeforeAll
  static void startWithSettingsFromTheEnvironment() throws Exception {
    Map<String, String> env = environment();
    // A map key (one rate limit), a number, a list, a URL, a duration.
    env.put("FULIAN_RATE_LIMITS_LIMITS_SIGNUP_MEMBER_REQUESTS", "3");
    env.put("FULIAN_HTTP_MAX_BODY_BYTES", "2000");
    env.put("FULIAN_EVENTS_APPROVAL_REQUIRED_KINDS", "JOB_FAIR,MATCHMAKING");
    env.put("FULIAN_LINKS_BASE_URL", BASE_URL);
    env.put("FULIAN_CALENDARS_MAX_AGE", "PT7M");
    env.put("FULIAN_SEEDS_DEMO_ASSIGNMENTS", "true");
    // As k8s/overlays/prod sets it: no Swagger UI (issue 17, 6).
    env.put("QUARKUS_SWAGGER_UI_ENABLED", prodOverlayLiteral("QUARKUS_SWAGGER_UI_ENABLED"));
    // A key of a map whose keys are upper case (issue 17, 8): one WeChat template.
    env.put("FULIAN_WECHAT_TEMPLATES_SIGN_UP_ID", "tmpl-sign-up-from-env");
    app = start(env, "target/env-settings.log");
    PackagedApp.awaitReady(app, PORT, "target/env-settings.log");
    RestAssured.port = PORT;
  }

  @AfterAll
  static void stop() throws Exception {
    if (app != null) {
      app.destroy();
      app.waitFor(30, TimeUnit.SECONDS);
    }
    RestAssured.reset();
  }

  @Test
  void aRateLimitFromTheEnvironmentHolds() {
    String member = TestUsers.token("env-limit-" + UUID.randomUUID().toString().substring(0, 6));
    long session =
        Events.publish(
                Tokens.of(Tokens.COMMUNITY_CADRE),
                OrgUnits.idOf("FT-01-01"),
                "PARENT_SCHOOL",
                Events.session("FIRST_COME", 5))
            .sessionId();
    List<Integer> statuses =
        java.util.stream.IntStream.range(0, 4)
            .mapToObj(
                i ->
                    given()
                        .auth()
                        .oauth2(member)
                        .contentType(ContentType.JSON)
                        .body("{}")
                        .post("/sessions/{id}/registrations", session)
                        .statusCode())
            .toList();
    assertThat(statuses).containsExactly(201, 409, 409, 429);
  }

  @Test
  void aNumberAListAUrlAndADurationFromTheEnvironmentHold() {
    // The body limit (2000 bytes instead of 64 KiB).
    given()
        .auth()
        .oauth2(Tokens.of(Tokens.RESIDENT_A))
        .contentType(ContentType.JSON)
        .body("{\"displayName\":\"" + "x".repeat(3000) + "\"}")
        .patch("/me")
        .then()
        .statusCode(413)
        .contentType("application/problem+json");
    // Job fairs need the parent unit's approval now.
    String cadre = Tokens.of(Tokens.COMMUNITY_CADRE);
    long unit = OrgUnits.idOf("FT-01-01");
    long eventId =
        Events.create(
                cadre,
                Events.event(
                    unit, "JOB_FAIR", List.of(unit), List.of(Events.session("FIRST_COME", 5))))
            .getLong("id");
    String status =
        given()
            .auth()
            .oauth2(cadre)
            .contentType(ContentType.JSON)
            .body(Map.of("action", "SUBMIT"))
            .post("/events/{id}/transitions", eventId)
            .then()
            .statusCode(200)
            .extract()
            .path("status");
    assertThat(status).isEqualTo("PENDING_APPROVAL");
    // Links start with the public address; the feed's cache time is 7 minutes.
    String url =
        given()
            .auth()
            .oauth2(Tokens.of(Tokens.RESIDENT_A))
            .post("/me/calendar-feed")
            .then()
            .statusCode(201)
            .extract()
            .path("url");
    assertThat(url).startsWith(BASE_URL + "/calendar-feeds/");
    given()
        .get(URI.create(url).getPath())
        .then()
        .statusCode(200)
        .header("Cache-Control", org.hamcrest.Matchers.containsString("max-age=420"));
  }

  /**
   * The WeChat template given only in the environment is configured: the mini-app may report it as
   * accepted (then the missing binding is what stops it, 422), while a kind without a template is
   * refused as input (400).
   */
  @Test
  void aWeChatTemplateFromTheEnvironmentHolds() {
    String resident = Tokens.of(Tokens.RESIDENT_B);
    given()
        .auth()
        .oauth2(resident)
        .contentType(ContentType.JSON)
        .body(Map.of("accepted", List.of("SIGN_UP")))
        .post("/me/wechat/subscriptions")
        .then()
        .statusCode(422)
        .contentType("application/problem+json");
    given()
        .auth()
        .oauth2(resident)
        .contentType(ContentType.JSON)
        .body(Map.of("accepted", List.of("REMINDER")))
        .post("/me/wechat/subscriptions")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }

  /**
   * The public port (the one the Service and the Ingress route) serves the API only: health and
   * metrics answer on the management port, Swagger UI nowhere (issue 17, 6).
   */
  @Test
  void healthAndMetricsAreNotOnThePublicPortAndSwaggerUiIsOff() {
    int management = PackagedApp.managementPort(PORT);
    given().get("/checkin/keys").then().statusCode(200); // one request of the API, measured
    given().get("/q/metrics").then().statusCode(404);
    given().get("/q/health/ready").then().statusCode(404);
    given().get("/q/swagger-ui/").then().statusCode(404);
    given()
        .port(management)
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(org.hamcrest.Matchers.containsString("http_server_requests"));
    given().port(management).get("/q/health/live").then().statusCode(200);
  }

  /** A literal of the prod overlay's ConfigMap (k8s/overlays/prod/kustomization.yaml). */
  static String prodOverlayLiteral(String name) {
    try {
      return Files.readAllLines(Path.of("k8s/overlays/prod/kustomization.yaml")).stream()
          .map(String::strip)
          .filter(line -> line.startsWith("- " + name + "="))
          .map(line -> line.substring(line.indexOf('=') + 1))
          .findFirst()
          .orElseThrow(() -> new AssertionError(name + " is not set in the prod overlay"));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aMisspeltVariableStopsTheStartAndIsNamed() throws Exception {
    Map<String, String> env = environment();
    env.put("QUARKUS_HTTP_PORT", Integer.toString(PORT + 1));
    env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(PackagedApp.managementPort(PORT + 1)));
    env.put("FULIAN_RATE_LIMITS_LIMITS_SIGNUP_MEMBR_REQUESTS", "3");
    Process wrong = start(env, "target/env-misspelt.log");
    assertThat(wrong.waitFor(90, TimeUnit.SECONDS)).as("the start-up ends").isTrue();
    assertThat(wrong.exitValue()).isNotZero();
    String log = Files.readString(Path.of("target/env-misspelt.log"), StandardCharsets.UTF_8);
    assertThat(log)
        .contains("FULIAN_RATE_LIMITS_LIMITS_SIGNUP_MEMBR_REQUESTS")
        .contains("did you mean FULIAN_RATE_LIMITS_LIMITS_SIGNUP_MEMBER_REQUESTS");
  }
}
