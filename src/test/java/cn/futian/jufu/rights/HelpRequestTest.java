package cn.futian.jufu.rights;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Asking for help from the mini-app, signed in or not (issue 20, ADR 0020). */
@QuarkusTest
class HelpRequestTest {

  private static Map<String, Object> request(String account) {
    Map<String, Object> body = new HashMap<>();
    body.put("category", "MARRIAGE_FAMILY");
    body.put("account", account);
    body.put("contactBy", "INBOX_ONLY");
    return body;
  }

  private static ValidatableResponse submit(String token, Map<String, Object> body) {
    var spec = given().contentType(ContentType.JSON).body(body);
    if (token != null) {
      spec = spec.auth().oauth2(token);
    }
    return spec.post("/help-requests").then();
  }

  @Test
  void theCategoriesAreDataReadableBeforeAnyLogin() {
    given()
        .get("/help-categories")
        .then()
        .statusCode(200)
        .body("code", hasItem("MARRIAGE_FAMILY"))
        .body("find { it.code == 'LABOUR' }.nameZh", equalTo("劳动和社会保障"))
        .body("find { it.code == 'LABOUR' }.nameEn", equalTo("Labour and social security"));
  }

  @Test
  void anAnonymousRequestIsStoredSealedAndFollowedByItsReferenceCode() {
    String secret = "他打我，孩子也害怕 " + UUID.randomUUID();
    Map<String, Object> body = request(secret);
    body.put("safeContact", "工作日 9-11 点，打 13800138000");
    body.put("contactBy", "PHONE");
    String reference =
        submit(null, body)
            .statusCode(201)
            .body("status", equalTo("RECEIVED"))
            .body("anonymous", equalTo(true))
            .extract()
            .path("reference");
    assertThat(reference).matches("[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}");

    // Stored without an account, nothing she wrote in clear, the code only as its hash.
    String hash = ReferenceCodes.hash(reference);
    assertThat(Db.count("select count(*) from help_request where reference_hash = ?", hash))
        .isEqualTo(1);
    assertThat(
            Db.count(
                "select count(*) from help_request where reference_hash = ? and member_id is null"
                    + " and legal_basis = 'CONSENT'",
                hash))
        .isEqualTo(1);
    String stored =
        Db.text(
            "select concat(account_sealed, contact_sealed, reference_sealed) from help_request"
                + " where reference_hash = ?",
            hash);
    assertThat(stored).doesNotContain("孩子").doesNotContain("13800138000").doesNotContain(reference);

    // Followed up from any phone by the code, typed as people type it.
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("reference", reference.toLowerCase().replace("-", " ")))
        .post("/help-requests/lookup")
        .then()
        .statusCode(200)
        .body("status", equalTo("RECEIVED"))
        .body("category", equalTo("MARRIAGE_FAMILY"))
        .body(org.hamcrest.Matchers.not(containsString("孩子")));
    // A code that names nothing is simply not found; a malformed one is refused as such.
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("reference", "2222-2222-2222"))
        .post("/help-requests/lookup")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("reference", "not-a-code"))
        .post("/help-requests/lookup")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("reference"));
  }

  @Test
  void aSignedInRequestIsHersUnlessSheFilesItAnonymously() {
    List<String> tokens = TestUsers.tokens("help-own", 2);
    String she = tokens.get(0);
    String other = tokens.get(1);
    submit(she, request("我需要法律咨询")).statusCode(201).body("anonymous", equalTo(false));
    Map<String, Object> hidden = request("这条不要关联我的账号");
    hidden.put("anonymous", true);
    submit(she, hidden).statusCode(201).body("anonymous", equalTo(true));

    // Her list holds the linked one only, and never what she wrote.
    given()
        .auth()
        .oauth2(she)
        .get("/me/help-requests")
        .then()
        .statusCode(200)
        .body("size()", equalTo(1))
        .body("[0].status", equalTo("RECEIVED"))
        .body(org.hamcrest.Matchers.not(containsString("法律咨询")));
    given()
        .auth()
        .oauth2(other)
        .get("/me/help-requests")
        .then()
        .statusCode(200)
        .body("size()", equalTo(0));
    given().get("/me/help-requests").then().statusCode(401);
  }

  @Test
  void theRiskScreeningSetsTheTimeToRespond() {
    Map<String, Object> high = request("他说要杀了我");
    high.put("domesticViolence", true);
    high.put("riskAnswers", Map.of("THREATS_TO_KILL", "YES", "WEAPON", "NO"));
    assertRespondWithin(high, Duration.ofHours(1), "HIGH");

    Map<String, Object> dv = request("家里经常吵架动手");
    dv.put("domesticViolence", true);
    assertRespondWithin(dv, Duration.ofHours(24), "MEDIUM");

    Map<String, Object> labour = request("公司拖欠工资");
    labour.put("category", "LABOUR");
    assertRespondWithin(labour, Duration.ofDays(3), "STANDARD");
  }

  private static void assertRespondWithin(Map<String, Object> body, Duration within, String level) {
    var receipt = submit(null, body).statusCode(201).extract();
    OffsetDateTime received = OffsetDateTime.parse(receipt.path("receivedAt"));
    OffsetDateTime respondBy = OffsetDateTime.parse(receipt.path("respondBy"));
    assertThat(Duration.between(received, respondBy))
        .isBetween(within.minusSeconds(5), within.plusSeconds(5));
    String hash = ReferenceCodes.hash(receipt.path("reference"));
    assertThat(Db.text("select risk_level from help_request where reference_hash = ?", hash))
        .isEqualTo(level);
  }

  @Test
  void retriesOfOneSubmissionStoreOneRequest() throws Exception {
    String token = TestUsers.tokens("help-retry", 1).get(0);
    UUID client = UUID.randomUUID();
    Map<String, Object> body = request("网络不好，我点了好几次");
    body.put("clientRequestId", client.toString());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<String>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(() -> submit(token, body).statusCode(201).extract().path("reference"));
      }
      Set<String> references = new HashSet<>();
      for (Future<String> f : pool.invokeAll(calls)) {
        references.add(f.get());
      }
      assertThat(references).hasSize(1);
    } finally {
      pool.shutdown();
    }
    assertThat(
            Db.count(
                "select count(*) from help_request where client_request_id = ?::uuid",
                client.toString()))
        .isEqualTo(1);
  }

  @Test
  void badRequestsAreRefusedClearlyAndNothingIsStored() {
    long before = Db.count("select count(*) from help_request");
    Map<String, Object> unknown = request("x");
    unknown.put("category", "NO_SUCH_CATEGORY");
    submit(null, unknown)
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("category"));
    Map<String, Object> phone = request("请打电话给我");
    phone.put("contactBy", "PHONE");
    given()
        .header("Accept-Language", "zh-CN")
        .contentType(ContentType.JSON)
        .body(phone)
        .post("/help-requests")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("safeContact"))
        .body("errors[0].message", containsString("电话"));
    Map<String, Object> blank = request("   ");
    submit(null, blank).statusCode(400).body("errors[0].field", equalTo("account"));
    Map<String, Object> badAnswer = request("x");
    badAnswer.put("riskAnswers", Map.of("THREATS_TO_KILL", "MAYBE"));
    submit(null, badAnswer).statusCode(400).contentType("application/problem+json");
    assertThat(Db.count("select count(*) from help_request")).isEqualTo(before);
  }

  @Test
  void herExportHoldsWhatSheWroteAndDeletingHerAccountKeepsTheRequest() {
    String she =
        TestUsers.tokens("help-export-" + UUID.randomUUID().toString().substring(0, 8), 1).get(0);
    String words = "我想咨询离婚后的抚养权 " + UUID.randomUUID();
    String reference = submit(she, request(words)).statusCode(201).extract().path("reference");
    given()
        .auth()
        .oauth2(she)
        .get("/me/account/export")
        .then()
        .statusCode(200)
        .body("helpRequests.size()", equalTo(1))
        .body("helpRequests[0].account", equalTo(words))
        .body("helpRequests[0].status", equalTo("RECEIVED"));

    given().auth().oauth2(she).delete("/me/account").then().statusCode(204);
    String hash = ReferenceCodes.hash(reference);
    assertThat(
            Db.count(
                "select count(*) from help_request where reference_hash = ? and member_id is null",
                hash))
        .as("unlinked, not erased")
        .isEqualTo(1);
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("reference", reference))
        .post("/help-requests/lookup")
        .then()
        .statusCode(200);
  }
}
