package cn.futian.jufu.stats;

import static cn.futian.jufu.testing.OrgUnits.idOf;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import cn.futian.jufu.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Who may read statistics, and what bad requests get. No data needed: see DemoYearStatsTest. */
@QuarkusTest
class StatsResourceTest {

  private static RequestSpecification as(String user) {
    return given().auth().oauth2(Tokens.of(user));
  }

  @ParameterizedTest
  @CsvSource({"/stats", "/stats/export"})
  void unauthenticatedGets401(String path) {
    given()
        .get(path)
        .then()
        .statusCode(401)
        .contentType(startsWith("application/problem+json"))
        .body("code", equalTo("unauthenticated"));
  }

  @ParameterizedTest
  @CsvSource({"/stats", "/stats/export"})
  void residentsGet403WithOrWithoutAUnit(String path) {
    as(Tokens.RESIDENT_A)
        .get(path)
        .then()
        .statusCode(403)
        .contentType(startsWith("application/problem+json"))
        .body("code", equalTo("forbidden"));
    as(Tokens.RESIDENT_A)
        .queryParam("unitId", idOf("FT-01-01"))
        .get(path)
        .then()
        .statusCode(403)
        .body("code", equalTo("forbidden"));
  }

  @ParameterizedTest
  @CsvSource({"/stats", "/stats/export"})
  void cadresGet403OutsideTheirSubtree(String path) {
    // The neighbour manages FT-01-02: not the street above, not the community next door.
    as(Tokens.NEIGHBOUR_CADRE)
        .queryParam("unitId", idOf("FT-01"))
        .get(path)
        .then()
        .statusCode(403)
        .body("code", equalTo("forbidden"));
    as(Tokens.COMMUNITY_CADRE)
        .queryParam("unitId", idOf("FT-01-02"))
        .get(path)
        .then()
        .statusCode(403);
    as(Tokens.STREET_CADRE).queryParam("unitId", idOf("FT-02")).get(path).then().statusCode(403);
    // Within the subtree: allowed.
    as(Tokens.STREET_CADRE).queryParam("unitId", idOf("FT-01-02")).get(path).then().statusCode(200);
  }

  @Test
  void eachCallerGetsItsDefaultScope() {
    as(Tokens.ADMIN).get("/stats").then().statusCode(200).body("unit.code", equalTo("FT"));
    as(Tokens.STREET_CADRE)
        .get("/stats")
        .then()
        .statusCode(200)
        .body("unit.code", equalTo("FT-01"));
    as(Tokens.COMMUNITY_CADRE)
        .get("/stats")
        .then()
        .statusCode(200)
        .body("unit.code", equalTo("FT-01-01"))
        .body("unit.kind", equalTo("COMMUNITY"))
        .body("groupBy", equalTo("kind"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not a date|from=2025-13-01&to=2025-12-31|from|date",
        "no such day|from=2025-02-30|from|date",
        "garbage end|to=yesterday|to|date",
        "from after to|from=2025-12-31&to=2025-01-01|to|date-order",
        "over 3 years|from=2023-01-01&to=2026-01-01|to|stats-range",
        "bad groupBy|groupBy=weekday|groupBy|pattern",
        "groupBy case|groupBy=KIND|groupBy|pattern",
        "unitId zero|unitId=0|unitId|min",
      })
  void badInputGets400WithTheField(String name, String query, String field, String code) {
    for (String path : new String[] {"/stats", "/stats/export"}) {
      as(Tokens.ADMIN)
          .header("Accept-Language", "en")
          .get(path + "?" + query)
          .then()
          .statusCode(400)
          .contentType(startsWith("application/problem+json"))
          .body("code", equalTo("validation-failed"))
          .body("errors[0].field", equalTo(field))
          .body("errors[0].code", equalTo(code));
    }
  }

  @Test
  void exactlyThreeYearsIsAllowed() {
    as(Tokens.ADMIN)
        .get("/stats?from=2023-01-01&to=2025-12-31")
        .then()
        .statusCode(200)
        .body("from", equalTo("2023-01-01"))
        .body("to", equalTo("2025-12-31"));
  }

  @Test
  void otherBadParametersAreProblemsToo() {
    as(Tokens.ADMIN)
        .get("/stats?kind=PICNIC")
        .then()
        .statusCode(400)
        .contentType(startsWith("application/problem+json"));
    as(Tokens.ADMIN)
        .get("/stats/export?format=pdf")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("format"));
    as(Tokens.ADMIN)
        .get("/stats?unitId=abc")
        .then()
        .statusCode(400)
        .contentType(startsWith("application/problem+json"));
  }

  @ParameterizedTest
  @CsvSource({"/stats", "/stats/export"})
  void unknownUnitGets404(String path) {
    as(Tokens.ADMIN)
        .queryParam("unitId", 999_999_999)
        .get(path)
        .then()
        .statusCode(404)
        .contentType(startsWith("application/problem+json"))
        .body("code", equalTo("not-found"));
    as(Tokens.STREET_CADRE).queryParam("unitId", 999_999_999).get(path).then().statusCode(404);
  }
}
