package cn.futian.jufu.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Health and metrics on the management port (9081 in tests, 9080 deployed: not routed by the
 * Ingress), the public documents on the API's port; all without a token.
 */
@QuarkusTest
class OperationsTest {

  static final int MANAGEMENT = 9081;

  @Test
  void readinessCoversDatabaseRedisAndKeycloak() {
    given()
        .port(MANAGEMENT)
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItems("redis"))
        .body("checks.find { it.name == 'redis' }.data.redis", equalTo("up"))
        .body("checks.name.toString()", containsString("Reactive PostgreSQL"))
        .body("checks.name.toString()", containsString("OIDC"));
  }

  @Test
  void livenessAndMetrics() {
    given()
        .port(MANAGEMENT)
        .get("/q/health/live")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"));
    given().get("/checkin/keys").then().statusCode(200); // one request of the API, measured
    given()
        .port(MANAGEMENT)
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("http_server_requests"));
  }

  @Test
  void healthAndMetricsAreNotOnTheApisPort() {
    given().get("/q/metrics").then().statusCode(404);
    given().get("/q/health/ready").then().statusCode(404);
  }

  @Test
  void swaggerUiIsServed() {
    given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
  }
}
