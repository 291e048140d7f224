package cn.futian.jufu.servicepoints;

import static cn.futian.jufu.servicepoints.ServicePoints.body;
import static cn.futian.jufu.servicepoints.ServicePoints.create;
import static cn.futian.jufu.servicepoints.ServicePoints.uniqueName;
import static cn.futian.jufu.testing.OrgUnits.idOf;
import static cn.futian.jufu.testing.Tokens.ADMIN;
import static cn.futian.jufu.testing.Tokens.COMMUNITY_CADRE;
import static cn.futian.jufu.testing.Tokens.NEIGHBOUR_CADRE;
import static cn.futian.jufu.testing.Tokens.RESIDENT_A;
import static cn.futian.jufu.testing.Tokens.STREET_CADRE;
import static cn.futian.jufu.testing.Tokens.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import cn.futian.jufu.testing.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Maintaining the directory: the owning unit's cadres (and those above them) and admins write,
 * residents and neighbouring cadres only read; bad input changes nothing.
 */
@QuarkusTest
class ServicePointMaintenanceTest {

  private static final double LAT = 22.5545;
  private static final double LNG = 114.0948;

  private static RequestSpecification as(String user) {
    return user == null ? given() : given().header("Authorization", bearer(user));
  }

  private static long rows(String nameZh) {
    return Db.count("select count(*) from service_point where name_zh = ?", nameZh);
  }

  private static ValidatableResponse problem(ValidatableResponse r, int status) {
    return r.statusCode(status).contentType(startsWith("application/problem+json"));
  }

  @Test
  void theOwningCadreCreatesReadsChangesAndDeactivates() {
    long unit = idOf("FT-01-01");
    String name = uniqueName("百花社区心理咨询室");
    var created = create(COMMUNITY_CADRE, unit, body("COUNSELLING", name, LAT, LNG));
    long id = created.getLong("id");
    assertThat(created.getString("unit.code")).isEqualTo("FT-01-01");
    assertThat(created.getList("tags", String.class)).containsExactly("哺乳椅", "尿布台");
    assertThat(created.getString("phone")).isEqualTo("0755-83912338");
    assertThat(created.getBoolean("placeholder")).isFalse();
    assertThat(created.getInt("version")).isZero();

    as(RESIDENT_A)
        .get("/service-points/{id}", id)
        .then()
        .statusCode(200)
        .body("nameZh", equalTo(name))
        .body("kind", equalTo("COUNSELLING"))
        .body("lat", equalTo((float) LAT))
        .body("openingHours", equalTo("周一至周五 09:00–18:00"))
        .body("distanceMetres", nullValue());

    // Merge patch: the hours change, the phone is cleared, the rest stays.
    Map<String, Object> patch = new HashMap<>();
    patch.put("openingHours", "周六 10:00–16:00");
    patch.put("phone", null);
    patch.put("tags", List.of("心理咨询", "心理咨询", "预约"));
    as(COMMUNITY_CADRE)
        .contentType("application/merge-patch+json; charset=UTF-8")
        .body(patch)
        .patch("/service-points/{id}", id)
        .then()
        .statusCode(200)
        .body("openingHours", equalTo("周六 10:00–16:00"))
        .body("phone", nullValue())
        .body("address", equalTo("深圳市福田区测试路 1 号"))
        .body("tags", contains("心理咨询", "预约"))
        .body("version", equalTo(1));
    // Coordinates may be removed together.
    Map<String, Object> noPlace = new HashMap<>();
    noPlace.put("lat", null);
    noPlace.put("lng", null);
    as(COMMUNITY_CADRE)
        .contentType(ContentType.JSON)
        .body(noPlace)
        .patch("/service-points/{id}", id)
        .then()
        .statusCode(200)
        .body("lat", nullValue())
        .body("lng", nullValue());

    as(COMMUNITY_CADRE).delete("/service-points/{id}", id).then().statusCode(204);
    problem(as(RESIDENT_A).get("/service-points/{id}", id).then(), 404)
        .body("code", equalTo("not-found"));
    as(RESIDENT_A)
        .queryParam("unitId", unit)
        .queryParam("kind", "COUNSELLING")
        .queryParam("size", 100)
        .get("/service-points")
        .then()
        .statusCode(200)
        .body("items.id", not(hasItem((int) id)));
    // Soft delete: the row is kept, inactive; a second delete finds nothing.
    assertThat(Db.count("select count(*) from service_point where id = ? and not active", id))
        .isEqualTo(1);
    problem(as(COMMUNITY_CADRE).delete("/service-points/{id}", id).then(), 404);
    // The name is free again for a new point.
    create(COMMUNITY_CADRE, unit, body("COUNSELLING", name, LAT, LNG));
  }

  @Test
  void whoMayCreate() {
    long unit = idOf("FT-01-01");
    for (String user : new String[] {null, RESIDENT_A, NEIGHBOUR_CADRE}) {
      String name = uniqueName("无权新建");
      var r =
          as(user)
              .contentType(ContentType.JSON)
              .body(body("COUNSELLING", name, LAT, LNG))
              .post("/org-units/{id}/service-points", unit)
              .then();
      problem(r, user == null ? 401 : 403);
      assertThat(rows(name)).as(String.valueOf(user)).isZero();
    }
    for (String user : new String[] {COMMUNITY_CADRE, STREET_CADRE, ADMIN}) {
      String name = uniqueName("新建");
      create(user, unit, body("COUNSELLING", name, LAT, LNG));
      assertThat(rows(name)).as(user).isEqualTo(1);
    }
    // The street cadre manages the street itself; the community cadre does not.
    create(STREET_CADRE, idOf("FT-01"), body("LEGAL_AID", uniqueName("街道"), LAT, LNG));
    problem(
        as(COMMUNITY_CADRE)
            .contentType(ContentType.JSON)
            .body(body("LEGAL_AID", uniqueName("街道"), LAT, LNG))
            .post("/org-units/{id}/service-points", idOf("FT-01"))
            .then(),
        403);
  }

  @Test
  void whoMayReadChangeAndDeactivate() {
    long unit = idOf("FT-01-01");
    long id = create(ADMIN, unit, body("COUNSELLING", uniqueName("矩阵"), LAT, LNG)).getLong("id");

    problem(as(null).get("/service-points/{id}", id).then(), 401);
    problem(as(null).get("/service-points").then(), 401);
    for (String reader :
        new String[] {RESIDENT_A, NEIGHBOUR_CADRE, COMMUNITY_CADRE, STREET_CADRE, ADMIN}) {
      as(reader)
          .get("/service-points/{id}", id)
          .then()
          .statusCode(200)
          .body("id", equalTo((int) id));
      as(reader).queryParam("size", 1).get("/service-points").then().statusCode(200);
    }

    for (String user : new String[] {null, RESIDENT_A, NEIGHBOUR_CADRE}) {
      var r =
          as(user)
              .contentType(ContentType.JSON)
              .body(Map.of("openingHours", "不该改成这样"))
              .patch("/service-points/{id}", id)
              .then();
      problem(r, user == null ? 401 : 403);
      problem(as(user).delete("/service-points/{id}", id).then(), user == null ? 401 : 403);
    }
    as(RESIDENT_A)
        .get("/service-points/{id}", id)
        .then()
        .statusCode(200)
        .body("openingHours", equalTo("周一至周五 09:00–18:00"))
        .body("version", equalTo(0));

    int version = 0;
    for (String user : new String[] {COMMUNITY_CADRE, STREET_CADRE, ADMIN}) {
      version++;
      as(user)
          .contentType(ContentType.JSON)
          .body(Map.of("openingHours", "由 " + user + " 修改"))
          .patch("/service-points/{id}", id)
          .then()
          .statusCode(200)
          .body("openingHours", equalTo("由 " + user + " 修改"))
          .body("version", equalTo(version));
    }
    for (String user : new String[] {COMMUNITY_CADRE, STREET_CADRE, ADMIN}) {
      long victim =
          create(ADMIN, unit, body("COUNSELLING", uniqueName("停用"), LAT, LNG)).getLong("id");
      as(user).delete("/service-points/{id}", victim).then().statusCode(204);
      assertThat(Db.count("select count(*) from service_point where id = ? and active", victim))
          .as(user)
          .isZero();
    }
  }

  @Test
  void badInputIsAProblemAndWritesNothing() {
    long unit = idOf("FT-01-01");
    record Case(String field, String code, Map<String, Object> body) {}
    String n1 = uniqueName("纬度");
    String n2 = uniqueName("只有纬度");
    String n3 = uniqueName("未知类型");
    String n5 = uniqueName("电话");
    String n6 = uniqueName("标签");
    String n7 = uniqueName("只有经度");
    Map<String, Object> unknownKind = body("SPA", n3, LAT, LNG);
    Map<String, Object> badPhone = body("COUNSELLING", n5, LAT, LNG);
    badPhone.put("phone", "call 12338");
    Map<String, Object> longTag = body("COUNSELLING", n6, LAT, LNG);
    longTag.put("tags", List.of("这是一个非常非常非常非常非常非常长的设施标签"));
    List<Case> cases =
        List.of(
            new Case("lat", "decimalMax", body("COUNSELLING", n1, 91.0, LNG)),
            new Case("lng", "together", body("COUNSELLING", n2, LAT, null)),
            new Case("lat", "together", body("COUNSELLING", n7, null, LNG)),
            new Case("kind", "enum", unknownKind),
            new Case("nameZh", "size", body("COUNSELLING", "长".repeat(101), LAT, LNG)),
            new Case("phone", "pattern", badPhone),
            new Case("tags[0]", "size", longTag));
    for (Case c : cases) {
      problem(
              as(COMMUNITY_CADRE)
                  .contentType(ContentType.JSON)
                  .body(c.body())
                  .post("/org-units/{id}/service-points", unit)
                  .then(),
              400)
          .body("code", equalTo("validation-failed"))
          .body("errors[0].field", startsWith(c.field()))
          .body("errors[0].code", equalTo(c.code()))
          .body("errors[0].message", notNullValue());
      assertThat(rows((String) c.body().get("nameZh"))).as(c.field()).isZero();
    }
    // A server-owned field is refused, not ignored.
    Map<String, Object> sneaky = body("COUNSELLING", uniqueName("多字段"), LAT, LNG);
    sneaky.put("active", false);
    problem(
            as(ADMIN)
                .contentType(ContentType.JSON)
                .body(sneaky)
                .post("/org-units/{id}/service-points", unit)
                .then(),
            400)
        .body("errors[0].code", equalTo("unknown-field"));
    assertThat(rows((String) sneaky.get("nameZh"))).isZero();

    // Ids: not a number or not positive → 400; unknown → 404.
    problem(
        as(ADMIN)
            .contentType(ContentType.JSON)
            .body(body("COUNSELLING", uniqueName("x"), LAT, LNG))
            .post("/org-units/abc/service-points")
            .then(),
        400);
    problem(
            as(ADMIN)
                .contentType(ContentType.JSON)
                .body(body("COUNSELLING", uniqueName("x"), LAT, LNG))
                .post("/org-units/{id}/service-points", 99_999_999)
                .then(),
            404)
        .body("code", equalTo("not-found"));
    problem(as(RESIDENT_A).get("/service-points/abc").then(), 400);
    problem(as(RESIDENT_A).get("/service-points/0").then(), 400);
    problem(as(RESIDENT_A).get("/service-points/99999999").then(), 404)
        .body("detail", equalTo("服务点 99999999 不存在。"));
    problem(
        as(ADMIN)
            .contentType(ContentType.JSON)
            .body(Map.of("openingHours", "x"))
            .patch("/service-points/99999999")
            .then(),
        404);
    problem(as(ADMIN).delete("/service-points/99999999").then(), 404);

    // Duplicates of kind and name in one unit conflict.
    String name = uniqueName("重名");
    create(COMMUNITY_CADRE, unit, body("COUNSELLING", name, LAT, LNG));
    problem(
            as(STREET_CADRE)
                .contentType(ContentType.JSON)
                .body(body("COUNSELLING", name, LAT, LNG))
                .post("/org-units/{id}/service-points", unit)
                .then(),
            409)
        .body("code", equalTo("conflict"));
    assertThat(rows(name)).isEqualTo(1);
  }

  @Test
  void badPatchesChangeNothing() {
    long unit = idOf("FT-01-01");
    String name = uniqueName("补丁");
    long id = create(COMMUNITY_CADRE, unit, body("COUNSELLING", name, LAT, LNG)).getLong("id");
    Map<String, Object> onlyLat = new HashMap<>();
    onlyLat.put("lat", null);
    Map<String, Object> noName = new HashMap<>();
    noName.put("nameZh", null);
    Map<String, Object> noKind = new HashMap<>();
    noKind.put("kind", null);
    List<Map<String, Object>> bad =
        List.of(
            Map.of("lat", 91),
            onlyLat,
            noName,
            noKind,
            Map.of("nameZh", "  "),
            Map.of("nameZh", "长".repeat(101)),
            Map.of("kind", "SPA"),
            Map.of("phone", "1".repeat(21)),
            Map.of("id", 5));
    for (Map<String, Object> patch : bad) {
      problem(
              as(COMMUNITY_CADRE)
                  .contentType(ContentType.JSON)
                  .body(patch)
                  .patch("/service-points/{id}", id)
                  .then(),
              400)
          .body("code", equalTo("validation-failed"));
    }
    as(RESIDENT_A)
        .get("/service-points/{id}", id)
        .then()
        .statusCode(200)
        .body("nameZh", equalTo(name))
        .body("kind", equalTo("COUNSELLING"))
        .body("lat", equalTo((float) LAT))
        .body("lng", equalTo((float) LNG))
        .body("phone", equalTo("0755-83912338"))
        .body("version", equalTo(0));
    // In English on request.
    as(RESIDENT_A)
        .header("Accept-Language", "en")
        .queryParam("near", "91,114")
        .get("/service-points")
        .then()
        .statusCode(400)
        .body("errors[0].message", startsWith("Expected \"lat,lng\""));
  }
}
