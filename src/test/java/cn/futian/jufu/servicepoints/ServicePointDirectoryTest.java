package cn.futian.jufu.servicepoints;

import static cn.futian.jufu.servicepoints.ServicePoints.body;
import static cn.futian.jufu.servicepoints.ServicePoints.create;
import static cn.futian.jufu.servicepoints.ServicePoints.metres;
import static cn.futian.jufu.servicepoints.ServicePoints.offset;
import static cn.futian.jufu.servicepoints.ServicePoints.uniqueName;
import static cn.futian.jufu.testing.OrgUnits.idOf;
import static cn.futian.jufu.testing.Tokens.ADMIN;
import static cn.futian.jufu.testing.Tokens.RESIDENT_A;
import static cn.futian.jufu.testing.Tokens.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import cn.futian.jufu.seeds.SeedLoader;
import cn.futian.jufu.testing.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading the directory: the seeds, nearby search, kind and unit filters, bad search input. */
@QuarkusTest
class ServicePointDirectoryTest {

  /** Coordinates and distances as doubles: floats lose decimetres at this latitude. */
  private static final JsonPathConfig DOUBLES =
      new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE);

  @Inject SeedLoader seeds;

  private static RequestSpecification asResident() {
    return given().header("Authorization", bearer(RESIDENT_A));
  }

  private static long total(String kind) {
    return asResident()
        .queryParam("kind", kind)
        .queryParam("size", 1)
        .get("/service-points")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getLong("total");
  }

  @Test
  void theSeedsGiveEveryCommunityAHomeAndAParentSchoolSixtyRoomsAndTheHotline() throws Throwable {
    assertThat(total("WOMEN_CHILDREN_HOME")).isEqualTo(95);
    assertThat(total("PARENT_SCHOOL")).isEqualTo(95);
    assertThat(total("MOTHER_BABY_ROOM")).isEqualTo(60);
    // One home and one school in each of the 95 communities, not two in one.
    assertThat(
            Db.count(
                "select count(distinct sp.unit_id) from service_point sp join org_unit u"
                    + " on u.id = sp.unit_id where u.kind = 'COMMUNITY'"
                    + " and sp.kind = 'WOMEN_CHILDREN_HOME'"))
        .isEqualTo(95);
    assertThat(
            Db.count(
                "select count(*) from service_point sp join org_unit u on u.id = sp.unit_id"
                    + " where sp.kind = 'MOTHER_BABY_ROOM' and u.kind = 'STREET' and sp.placeholder"
                    + " and sp.lat between 22.515 and 22.580 and sp.lng between 114.0 and 114.1"))
        .isEqualTo(60);
    asResident()
        .queryParam("kind", "RIGHTS_HOTLINE")
        .get("/service-points")
        .then()
        .statusCode(200)
        .body("total", equalTo(1))
        .body("items[0].phone", equalTo("12338"))
        .body("items[0].lat", nullValue())
        .body("items[0].unit.code", equalTo("FT"))
        .body("items[0].nameZh", equalTo("12338 妇女维权热线"));
    assertThat(total("LEGAL_AID")).isGreaterThanOrEqualTo(1);

    // A deactivated seeded point stays deactivated when the seeds load again, and nothing is added.
    long mediation =
        Db.count("select id from service_point where seed_key = 'FT-10-01|COUNSELLING|益田社区示范婚调室'");
    given()
        .header("Authorization", bearer(ADMIN))
        .delete("/service-points/{id}", mediation)
        .then()
        .statusCode(204);
    long rows = Db.count("select count(*) from service_point");
    seeds.load();
    assertThat(Db.count("select count(*) from service_point")).isEqualTo(rows);
    assertThat(Db.count("select count(*) from service_point where id = ? and active", mediation))
        .isZero();
    asResident().get("/service-points/{id}", mediation).then().statusCode(404);
  }

  @Test
  void nearbyListsWhatIsWithinTheRadiusNearestFirstAsComputedIndependently() {
    // Every active point with coordinates, read page by page without a position.
    Map<Long, double[]> all = new LinkedHashMap<>();
    for (int page = 0; ; page++) {
      JsonPath p =
          asResident()
              .queryParam("size", 100)
              .queryParam("page", page)
              .get("/service-points")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath()
              .using(DOUBLES);
      List<Map<String, Object>> items = p.getList("items");
      for (Map<String, Object> item : items) {
        if (item.get("lat") != null) {
          all.put(
              ((Number) item.get("id")).longValue(),
              new double[] {
                ((Number) item.get("lat")).doubleValue(), ((Number) item.get("lng")).doubleValue()
              });
        }
      }
      if (items.size() < 100) {
        break;
      }
    }
    assertThat(all).hasSizeGreaterThan(250);

    double lat = 22.5430;
    double lng = 114.0580;
    for (int radius : new int[] {600, 1500, 3000}) {
      List<Long> expected =
          all.entrySet().stream()
              .filter(e -> metres(lat, lng, e.getValue()[0], e.getValue()[1]) <= radius)
              .sorted(
                  Comparator.comparingDouble(
                      e -> metres(lat, lng, e.getValue()[0], e.getValue()[1])))
              .map(Map.Entry::getKey)
              .toList();
      assertThat(expected).as("radius %d", radius).isNotEmpty();
      // Read every page of the nearby search (the widest radius has more than a page).
      List<Long> ids = new ArrayList<>();
      List<Double> distances = new ArrayList<>();
      long total = -1;
      for (int page = 0; ids.size() != total; page++) {
        JsonPath found =
            asResident()
                .queryParam("near", lat + "," + lng)
                .queryParam("radiusMetres", radius)
                .queryParam("size", 50)
                .queryParam("page", page)
                .get("/service-points")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .using(DOUBLES);
        total = found.getLong("total");
        List<Long> more = found.getList("items.id", Long.class);
        assertThat(more).as("page %d", page).isNotEmpty();
        ids.addAll(more);
        distances.addAll(found.getList("items.distanceMetres", Double.class));
      }
      assertThat(ids).as("radius %d", radius).isEqualTo(expected);
      for (int i = 0; i < expected.size(); i++) {
        double[] at = all.get(expected.get(i));
        assertThat(distances.get(i)).isCloseTo(metres(lat, lng, at[0], at[1]), within(0.2));
      }
    }
    // Without a position there is no distance.
    asResident()
        .queryParam("kind", "MOTHER_BABY_ROOM")
        .get("/service-points")
        .then()
        .statusCode(200)
        .body("items.distanceMetres", everyItem(nullValue()));
  }

  @Test
  void radiusKindUnitAndPagingFilterAPlaceOfOurOwn() {
    // Points of our own far from Futian, so that nothing seeded interferes.
    double lat = 31.2;
    double lng = 100.5;
    long community = idOf("FT-01-01");
    double[][] offsets = {{0, 0}, {400, 0}, {0, -1000}, {-2000, 2000}, {3100, 0}, {0, 15000}};
    String[] kinds = {
      "COUNSELLING", "LEGAL_AID", "COUNSELLING", "COUNSELLING", "COUNSELLING", "LEGAL_AID"
    };
    List<Long> ids = new ArrayList<>();
    List<Double> distances = new ArrayList<>();
    for (int i = 0; i < offsets.length; i++) {
      double[] at = offset(lat, lng, offsets[i][0], offsets[i][1]);
      ids.add(
          create(ADMIN, community, body(kinds[i], uniqueName("远点" + i), at[0], at[1]))
              .getLong("id"));
      distances.add(metres(lat, lng, at[0], at[1]));
    }
    // A hotline without coordinates never appears in a nearby search.
    Map<String, Object> hotline = body("RIGHTS_HOTLINE", uniqueName("热线"), null, null);
    long hotlineId = create(ADMIN, community, hotline).getLong("id");
    String near = lat + "," + lng;

    // Default radius 3000 m: the first four, nearest first (2000·√2 ≈ 2828 m is inside).
    JsonPath byDefault =
        asResident()
            .queryParam("near", near)
            .get("/service-points")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .using(DOUBLES);
    assertThat(byDefault.getList("items.id", Long.class)).isEqualTo(ids.subList(0, 4));
    List<Double> got = byDefault.getList("items.distanceMetres", Double.class);
    for (int i = 0; i < 4; i++) {
      assertThat(got.get(i)).isCloseTo(distances.get(i), within(0.2));
    }
    assertThat(got.get(3)).isGreaterThan(2800).isLessThan(3000);

    // The widest radius reaches the fifth and sixth; never the hotline.
    assertThat(search(Map.of("near", near, "radiusMetres", 20000))).isEqualTo(ids);
    assertThat(search(Map.of("near", near, "radiusMetres", 3200))).isEqualTo(ids.subList(0, 5));
    assertThat(search(Map.of("near", near, "radiusMetres", 999)))
        .isEqualTo(List.of(ids.get(0), ids.get(1)));
    assertThat(search(Map.of("kind", "RIGHTS_HOTLINE", "unitId", community))).contains(hotlineId);

    // Kind filter.
    assertThat(search(Map.of("near", near, "radiusMetres", 20000, "kind", "LEGAL_AID")))
        .isEqualTo(List.of(ids.get(1), ids.get(5)));
    // Unit filter: the street includes its community; the neighbour and another street do not.
    assertThat(search(Map.of("near", near, "radiusMetres", 20000, "unitId", idOf("FT-01"))))
        .isEqualTo(ids);
    assertThat(search(Map.of("near", near, "radiusMetres", 20000, "unitId", community)))
        .isEqualTo(ids);
    assertThat(search(Map.of("near", near, "radiusMetres", 20000, "unitId", idOf("FT-01-02"))))
        .isEmpty();
    assertThat(search(Map.of("near", near, "radiusMetres", 20000, "unitId", idOf("FT-02"))))
        .isEmpty();
    // Without a position, the unit filter covers the subtree: the seeded home of FT-01-01 too.
    List<Long> ofStreet =
        search(Map.of("unitId", idOf("FT-01"), "kind", "WOMEN_CHILDREN_HOME", "size", 100));
    assertThat(ofStreet).hasSize(9);

    // Paging: the second page of two.
    JsonPath second =
        asResident()
            .queryParam("near", near)
            .queryParam("size", 2)
            .queryParam("page", 1)
            .get("/service-points")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(second.getList("items.id", Long.class)).isEqualTo(ids.subList(2, 4));
    assertThat(second.getLong("total")).isEqualTo(4);
  }

  @Test
  void badSearchInputIsA400ProblemAndAnUnknownUnitA404() {
    for (String near :
        new String[] {"91,114", "22.5,181", "22.5", "abc,def", "22.5,114,1", ",", "NaN,114"}) {
      asResident()
          .queryParam("near", near)
          .get("/service-points")
          .then()
          .statusCode(400)
          .contentType(startsWith("application/problem+json"))
          .body("code", equalTo("validation-failed"))
          .body("errors[0].field", equalTo("near"));
    }
    asResident()
        .queryParam("near", "22.5,114.05")
        .queryParam("radiusMetres", 20001)
        .get("/service-points")
        .then()
        .statusCode(400)
        .contentType(startsWith("application/problem+json"))
        .body("errors[0].field", equalTo("radiusMetres"));
    asResident()
        .queryParam("radiusMetres", 500)
        .get("/service-points")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("radiusMetres"));
    asResident()
        .queryParam("kind", "SPA")
        .get("/service-points")
        .then()
        .statusCode(400)
        .contentType(startsWith("application/problem+json"));
    asResident()
        .queryParam("unitId", 99_999_999)
        .get("/service-points")
        .then()
        .statusCode(404)
        .contentType(startsWith("application/problem+json"));
    asResident()
        .queryParam("size", 101)
        .get("/service-points")
        .then()
        .statusCode(400)
        .contentType(startsWith("application/problem+json"));
    given()
        .queryParam("near", "22.5,114.05")
        .get("/service-points")
        .then()
        .statusCode(401)
        .contentType(startsWith("application/problem+json"));
  }

  private static List<Long> search(Map<String, Object> params) {
    return asResident()
        .queryParams(params)
        .get("/service-points")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("items.id", Long.class);
  }
}
