package cn.futian.jufu.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Health, metrics and the public documents: reachable without a token. */
@QuarkusTest
class OperationsTest {

  @Test
  void readinessCoversDatabaseRedisAndKeycloak() {
    given()
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
    given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    given().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"));
  }

  @Test
  void swaggerUiIsServed() {
    given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
  }
}
