package cn.futian.jufu.cadres;

import static cn.futian.jufu.testing.OrgUnits.idOf;
import static cn.futian.jufu.testing.Tokens.ADMIN;
import static cn.futian.jufu.testing.Tokens.COMMUNITY_CADRE;
import static cn.futian.jufu.testing.Tokens.RESIDENT_B;
import static cn.futian.jufu.testing.Tokens.SUBJECTS;
import static cn.futian.jufu.testing.Tokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CadreAssignmentResourceTest {

  @Test
  void adminAppointsAndRevokesACadre() {
    long unit = idOf("FT-03-02");
    String subject = SUBJECTS.get(RESIDENT_B);
    long id =
        given()
            .header("Authorization", bearer(ADMIN))
            .contentType(ContentType.JSON)
            .body(Map.of("subject", subject, "orgUnitId", unit))
            .post("/cadre-assignments")
            .then()
            .statusCode(201)
            .body("subject", equalTo(subject))
            .body("assignedBy", equalTo(SUBJECTS.get(ADMIN)))
            .body("active", equalTo(true))
            .extract()
            .jsonPath()
            .getLong("id");

    // The appointee now sees the unit among the ones they manage.
    given()
        .header("Authorization", bearer(RESIDENT_B))
        .get("/me")
        .then()
        .statusCode(200)
        .body("managedUnits.code", hasItem("FT-03-02"));

    // One active appointment per user and unit.
    given()
        .header("Authorization", bearer(ADMIN))
        .contentType(ContentType.JSON)
        .body(Map.of("subject", subject, "orgUnitId", unit))
        .post("/cadre-assignments")
        .then()
        .statusCode(409);

    given()
        .header("Authorization", bearer(ADMIN))
        .queryParam("orgUnitId", unit)
        .get("/cadre-assignments")
        .then()
        .statusCode(200)
        .body("items.subject", hasItem(subject));

    given()
        .header("Authorization", bearer(ADMIN))
        .delete("/cadre-assignments/{id}", id)
        .then()
        .statusCode(200)
        .body("active", equalTo(false))
        .body("revokedAt", notNullValue());
    given()
        .header("Authorization", bearer(ADMIN))
        .delete("/cadre-assignments/{id}", id)
        .then()
        .statusCode(409);
    given()
        .header("Authorization", bearer(RESIDENT_B))
        .get("/me")
        .then()
        .body("managedUnits.code", not(hasItem("FT-03-02")));
    // History is kept.
    given()
        .header("Authorization", bearer(ADMIN))
        .queryParam("orgUnitId", unit)
        .queryParam("includeRevoked", true)
        .get("/cadre-assignments")
        .then()
        .body("items.id", hasItem((int) id));
  }

  @Test
  void theUserMustExistInKeycloak() {
    given()
        .header("Authorization", bearer(ADMIN))
        .header("Accept-Language", "en")
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "subject", "0a000000-0000-4000-8000-0000000000ee", "orgUnitId", idOf("FT-03-01")))
        .post("/cadre-assignments")
        .then()
        .statusCode(404)
        .body(
            "detail",
            equalTo(
                "User 0a000000-0000-4000-8000-0000000000ee does not exist in the identity"
                    + " provider."));
  }

  @Test
  void onlyAdminsManageAppointments() {
    given().get("/cadre-assignments").then().statusCode(401);
    given()
        .header("Authorization", bearer(COMMUNITY_CADRE))
        .get("/cadre-assignments")
        .then()
        .statusCode(403);
    given()
        .header("Authorization", bearer(COMMUNITY_CADRE))
        .contentType(ContentType.JSON)
        .body(Map.of("subject", SUBJECTS.get(RESIDENT_B), "orgUnitId", idOf("FT-01-01")))
        .post("/cadre-assignments")
        .then()
        .statusCode(403);
    given()
        .header("Authorization", bearer(RESIDENT_B))
        .delete("/cadre-assignments/{id}", 1)
        .then()
        .statusCode(403);
  }

  @Test
  void badInput() {
    given()
        .header("Authorization", bearer(ADMIN))
        .contentType(ContentType.JSON)
        .body(Map.of("subject", "not-a-uuid", "orgUnitId", 0))
        .post("/cadre-assignments")
        .then()
        .statusCode(400)
        .body("errors.field", equalTo(java.util.List.of("orgUnitId", "subject")));
    given()
        .header("Authorization", bearer(ADMIN))
        .contentType(ContentType.JSON)
        .body(Map.of("subject", SUBJECTS.get(RESIDENT_B), "orgUnitId", 99999999))
        .post("/cadre-assignments")
        .then()
        .statusCode(404);
    given()
        .header("Authorization", bearer(ADMIN))
        .delete("/cadre-assignments/{id}", 99999999)
        .then()
        .statusCode(404);
    given()
        .header("Authorization", bearer(ADMIN))
        .delete("/cadre-assignments/x")
        .then()
        .statusCode(400);
    given()
        .header("Authorization", bearer(ADMIN))
        .queryParam("subject", "'; drop table member; --")
        .get("/cadre-assignments")
        .then()
        .statusCode(400);
  }
}
