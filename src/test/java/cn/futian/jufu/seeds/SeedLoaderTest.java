package cn.futian.jufu.seeds;

import static cn.futian.jufu.testing.Tokens.RESIDENT_A;
import static cn.futian.jufu.testing.Tokens.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SeedLoaderTest {

  @Inject SeedLoader loader;

  @Test
  void loadingAgainChangesNothing() throws Throwable {
    long before = totalUnits();
    SeedLoader.Result again = loader.load();
    assertThat(again.unitsInFile()).isEqualTo(128);
    assertThat(again.unitsCreated()).isZero();
    assertThat(again.appointmentsCreated()).isZero();
    assertThat(totalUnits()).isEqualTo(before);
  }

  private static long totalUnits() {
    return given()
        .header("Authorization", bearer(RESIDENT_A))
        .queryParam("includeRetired", true)
        .queryParam("size", 1)
        .get("/org-units")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getLong("total");
  }
}
