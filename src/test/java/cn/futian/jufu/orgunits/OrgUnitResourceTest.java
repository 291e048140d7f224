package cn.futian.jufu.orgunits;

import static cn.futian.jufu.testing.OrgUnits.idOf;
import static cn.futian.jufu.testing.Tokens.ADMIN;
import static cn.futian.jufu.testing.Tokens.RESIDENT_A;
import static cn.futian.jufu.testing.Tokens.STREET_CADRE;
import static cn.futian.jufu.testing.Tokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrgUnitResourceTest {

  @Test
  @Order(1)
  void theSeededTreeHasOneDistrictTenStreetsAndNinetyFiveCommunities() {
    total("DISTRICT", 1);
    total("STREET", 10);
    total("COMMUNITY", 95);
    given()
        .header("Authorization", bearer(RESIDENT_A))
        .queryParam("kind", "STREET")
        .queryParam("size", 10)
        .get("/org-units")
        .then()
        .statusCode(200)
        .body(
            "items.code",
            contains(
                "FT-01", "FT-02", "FT-03", "FT-04", "FT-05", "FT-06", "FT-07", "FT-08", "FT-09",
                "FT-10"))
        .body("items[0].nameZh", equalTo("园岭街道妇联"))
        .body("items.depth", everyItem(equalTo(1)));
  }

  @Test
  void childrenLineageAndSearch() {
    long street = idOf("FT-01");
    given()
        .header("Authorization", bearer(RESIDENT_A))
        .queryParam("parentId", street)
        .queryParam("size", 200)
        .get("/org-units")
        .then()
        .statusCode(200)
        .body("total", equalTo(9))
        .body("items.kind", everyItem(equalTo("COMMUNITY")));
    given()
        .header("Authorization", bearer(RESIDENT_A))
        .get("/org-units/{id}/lineage", idOf("FT-01-01"))
        .then()
        .statusCode(200)
        .body("code", contains("FT", "FT-01", "FT-01-01"));
    given()
        .header("Authorization", bearer(RESIDENT_A))
        .queryParam("q", "益田")
        .get("/org-units")
        .then()
        .statusCode(200)
        .body("items.code", contains("FT-10-01"));
  }

  @Test
  void anonymousCallersAreRefusedAndResidentsCannotChangeTheTree() {
    given().get("/org-units").then().statusCode(401).contentType("application/problem+json");
    given()
        .header("Authorization", bearer(RESIDENT_A))
        .contentType(ContentType.JSON)
        .body(create("FT-X-" + suffix(), idOf("FT-01"), "COMMUNITY"))
        .post("/org-units")
        .then()
        .statusCode(403)
        .body("code", equalTo("forbidden"));
    // A cadre manages units' data, not the shape of the tree.
    given()
        .header("Authorization", bearer(STREET_CADRE))
        .contentType(ContentType.JSON)
        .body(Map.of("nameZh", "改名"))
        .patch("/org-units/{id}", idOf("FT-01-01"))
        .then()
        .statusCode(403);
  }

  @Test
  void adminCreatesRenamesMovesAndRetires() {
    String code = "FT-01-T" + suffix();
    long id =
        given()
            .header("Authorization", bearer(ADMIN))
            .contentType(ContentType.JSON)
            .body(create(code, idOf("FT-01"), "COMMUNITY"))
            .post("/org-units")
            .then()
            .statusCode(201)
            .header("Location", notNullValue())
            .body("code", equalTo(code))
            .body("depth", equalTo(2))
            .extract()
            .jsonPath()
            .getLong("id");
    long group =
        given()
            .header("Authorization", bearer(ADMIN))
            .contentType(ContentType.JSON)
            .body(create(code + "-G1", id, "WOMENS_GROUP"))
            .post("/org-units")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");

    given()
        .header("Authorization", bearer(ADMIN))
        .contentType(ContentType.JSON)
        .body(Map.of("nameZh", "测试社区妇联", "nameEn", "Test community"))
        .patch("/org-units/{id}", id)
        .then()
        .statusCode(200)
        .body("nameZh", equalTo("测试社区妇联"))
        .body("placeholder", equalTo(false));

    // Moving the community to another street carries its group along.
    long otherStreet = idOf("FT-02");
    given()
        .header("Authorization", bearer(ADMIN))
        .contentType(ContentType.JSON)
        .body(Map.of("parentId", otherStreet))
        .post("/org-units/{id}/move", id)
        .then()
        .statusCode(200)
        .body("parentId", equalTo((int) otherStreet));
    given()
        .header("Authorization", bearer(ADMIN))
        .get("/org-units/{id}/lineage", group)
        .then()
        .statusCode(200)
        .body("code", contains("FT", "FT-02", code, code + "-G1"));

    // Retiring needs the children retired first.
    given()
        .header("Authorization", bearer(ADMIN))
        .post("/org-units/{id}/retire", id)
        .then()
        .statusCode(409)
        .body("code", equalTo("conflict"));
    given()
        .header("Authorization", bearer(ADMIN))
        .post("/org-units/{id}/retire", group)
        .then()
        .statusCode(200)
        .body("retiredAt", notNullValue());
    given()
        .header("Authorization", bearer(ADMIN))
        .post("/org-units/{id}/retire", id)
        .then()
        .statusCode(200);
    given()
        .header("Authorization", bearer(ADMIN))
        .post("/org-units/{id}/retire", id)
        .then()
        .statusCode(409);
    // Retired units are hidden unless asked for.
    given()
        .header("Authorization", bearer(RESIDENT_A))
        .queryParam("parentId", otherStreet)
        .queryParam("size", 200)
        .get("/org-units")
        .then()
        .body("items.code", everyItem(startsWith("FT-02-")));
  }

  @Test
  void theTreeKeepsItsShape() {
    long community = idOf("FT-01-01");
    // A community cannot sit under a community.
    given()
        .header("Authorization", bearer(ADMIN))
        .header("Accept-Language", "en")
        .contentType(ContentType.JSON)
        .body(create("FT-BAD-" + suffix(), community, "COMMUNITY"))
        .post("/org-units")
        .then()
        .statusCode(422)
        .body("code", equalTo("rule-violation"))
        .body(
            "detail",
            equalTo("A unit of kind COMMUNITY cannot be placed under a unit of kind COMMUNITY."));
    // Codes are unique.
    given()
        .header("Authorization", bearer(ADMIN))
        .contentType(ContentType.JSON)
        .body(create("FT-01-01", idOf("FT-01"), "COMMUNITY"))
        .post("/org-units")
        .then()
        .statusCode(409);
    // A street cannot move under its own community; the district cannot move.
    given()
        .header("Authorization", bearer(ADMIN))
        .contentType(ContentType.JSON)
        .body(Map.of("parentId", community))
        .post("/org-units/{id}/move", idOf("FT-01"))
        .then()
        .statusCode(422);
    given()
        .header("Authorization", bearer(ADMIN))
        .contentType(ContentType.JSON)
        .body(Map.of("parentId", idOf("FT-01")))
        .post("/org-units/{id}/move", idOf("FT"))
        .then()
        .statusCode(422);
    given()
        .header("Authorization", bearer(ADMIN))
        .post("/org-units/{id}/retire", idOf("FT"))
        .then()
        .statusCode(422);
  }

  @Test
  void badInputIsAProblemNeverAServerError() {
    given()
        .header("Authorization", bearer(ADMIN))
        .get("/org-units/{id}", 999999999)
        .then()
        .statusCode(404)
        .body("code", equalTo("not-found"));
    given()
        .header("Authorization", bearer(ADMIN))
        .get("/org-units/{id}/lineage", 0)
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("id"));
    given()
        .header("Authorization", bearer(ADMIN))
        .post("/org-units/{id}/retire", 999999999)
        .then()
        .statusCode(404);
    given()
        .header("Authorization", bearer(ADMIN))
        .post("/org-units/x/retire")
        .then()
        .statusCode(400);
    given()
        .header("Authorization", bearer(ADMIN))
        .queryParam("q", "x".repeat(51))
        .get("/org-units")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("q"));
    given()
        .header("Authorization", bearer(ADMIN))
        .get("/org-units/not-a-number")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    given()
        .header("Authorization", bearer(ADMIN))
        .queryParam("kind", "PROVINCE")
        .get("/org-units")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    given()
        .header("Authorization", bearer(ADMIN))
        .queryParam("size", 0)
        .get("/org-units")
        .then()
        .statusCode(400)
        .body("errors.field", contains("size"));
    given()
        .header("Authorization", bearer(ADMIN))
        .contentType(ContentType.JSON)
        .body(Map.of("code", "lower case!", "parentId", -1, "kind", "STREET", "nameZh", ""))
        .post("/org-units")
        .then()
        .statusCode(400)
        .body("errors.field", contains("code", "nameZh", "parentId"));
    given()
        .header("Authorization", bearer(ADMIN))
        .contentType(ContentType.JSON)
        .body("{\"code\":\"FT-Z\",\"parentId\":1,\"kind\":\"PROVINCE\",\"nameZh\":\"x\"}")
        .post("/org-units")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("kind"))
        .body("errors[0].code", equalTo("enum"));
    given()
        .header("Authorization", bearer(ADMIN))
        .contentType(ContentType.JSON)
        .body(Map.of("parentId", "one"))
        .post("/org-units/{id}/move", idOf("FT-01-01"))
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("parentId"));
    given()
        .header("Authorization", bearer(ADMIN))
        .contentType(ContentType.JSON)
        .post("/org-units/{id}/move", idOf("FT-01-01"))
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    given()
        .header("Authorization", bearer(ADMIN))
        .contentType(ContentType.JSON)
        .body(Map.of("nameZh", "x".repeat(101)))
        .patch("/org-units/{id}", idOf("FT-01-01"))
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("nameZh"))
        .body("errors[0].code", equalTo("size"));
  }

  private static void total(String kind, int expected) {
    given()
        .header("Authorization", bearer(RESIDENT_A))
        .queryParam("kind", kind)
        .queryParam("size", 1)
        .get("/org-units")
        .then()
        .statusCode(200)
        .body("total", equalTo(expected))
        .body("items", hasSize(1));
  }

  private static Map<String, Object> create(String code, long parentId, String kind) {
    return Map.of(
        "code", code, "parentId", parentId, "kind", kind, "nameZh", "测试组织", "nameEn", "Test");
  }

  private static String suffix() {
    return UUID.randomUUID().toString().substring(0, 6).toUpperCase();
  }
}
