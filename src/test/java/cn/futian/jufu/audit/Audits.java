package cn.futian.jufu.audit;

import static io.restassured.RestAssured.given;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.Tokens;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import java.util.UUID;

/** Reads the audit log for tests: through the admin API, or by request id in the database. */
final class Audits {

  private Audits() {}

  /** A fresh X-Request-Id, to find the rows of one request. */
  static String requestId() {
    return "test-" + UUID.randomUUID();
  }

  /** The admin search, as a JSON path over the page. */
  static JsonPath search(Map<String, ?> query) {
    return given()
        .header("Authorization", Tokens.bearer(Tokens.ADMIN))
        .queryParams(query)
        .get("/admin/audit")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  /** The newest row of this actor and action (tests run one at a time). */
  static JsonPath newest(String username, String action) {
    JsonPath page =
        search(Map.of("actor", Tokens.SUBJECTS.get(username), "action", action, "size", 1));
    return new JsonPath(page.prettify()).setRootPath("items[0]");
  }

  static long rowsWithRequestId(String requestId) {
    return Db.count("select count(*) from audit_log where request_id = ?", requestId);
  }
}
