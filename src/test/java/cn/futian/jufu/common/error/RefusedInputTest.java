package cn.futian.jufu.common.error;

import static cn.futian.jufu.testing.Tokens.COMMUNITY_CADRE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.Events;
import cn.futian.jufu.testing.OrgUnits;
import cn.futian.jufu.testing.TestUsers;
import cn.futian.jufu.testing.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Input that passed validation but could not be handled used to end in a 500 or in a bare answer
 * (found by HostileInputTest): a chunked body over the limit, text with a NUL character, a date
 * beyond what PostgreSQL holds. Each is now a 4xx problem, and nothing is written.
 */
@QuarkusTest
class RefusedInputTest {

  @TestHTTPResource("/")
  URL base;

  private final HttpClient http = HttpClient.newHttpClient();

  /** A request whose body has no declared length (Transfer-Encoding: chunked). */
  private HttpResponse<String> chunked(String method, String path, String token, String body)
      throws Exception {
    var unsized =
        HttpRequest.BodyPublishers.fromPublisher(
            HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.UTF_8)));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path))
            .version(HttpClient.Version.HTTP_1_1)
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(method, unsized)
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aWriteWithoutABodyOverHttp2IsAnsweredNotA500() throws Exception {
    // HTTP/2 (h2c, as phones' HTTP clients speak it) with END_STREAM on the headers: no body, no
    // Content-Length. It was a 500 ("Request has already been read").
    String member = TestUsers.token("h2-" + UUID.randomUUID().toString().substring(0, 6));
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "me/follows/" + OrgUnits.idOf("FT-01")))
                  .header("Authorization", "Bearer " + member)
                  .PUT(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
  }

  @Test
  void aChunkedBodyOverTheLimitIsA413ProblemAndWritesNothing() throws Exception {
    String token = TestUsers.token("refused-input-" + UUID.randomUUID().toString().substring(0, 8));
    String before =
        given().auth().oauth2(token).get("/me").then().statusCode(200).extract().asString();
    HttpResponse<String> response =
        chunked("PATCH", "/me", token, "{\"displayName\":\"" + "长".repeat(40_000) + "\"}");
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(Problem.MEDIA_TYPE);
    JsonNode problem = new ObjectMapper().readTree(response.body());
    assertThat(problem.path("code").asText()).isEqualTo("body-too-large");
    assertThat(problem.path("status").asInt()).isEqualTo(413);
    given().auth().oauth2(token).get("/me").then().statusCode(200).body(equalTo(before));
  }

  @Test
  void aChunkedBodyWithinTheLimitIsReadAsUsual() throws Exception {
    String token = TestUsers.token("refused-input-" + UUID.randomUUID().toString().substring(0, 8));
    HttpResponse<String> response = chunked("PUT", "/me/interests", token, "[\"JOB_FAIR\"]");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    given()
        .auth()
        .oauth2(token)
        .get("/me/interests")
        .then()
        .statusCode(200)
        .body("$", hasItem("JOB_FAIR"));
    HttpResponse<String> unknown =
        chunked("PUT", "/me/interests", token, "[\"JOB_FAIR\", \"NO_SUCH_KIND\"]");
    assertThat(unknown.statusCode()).isEqualTo(400);
  }

  @Test
  void textWithANulCharacterIsA400ProblemAndWritesNothing() {
    long unit = OrgUnits.idOf("FT-01-01");
    long before = Db.count("select count(*) from news_article");
    given()
        .auth()
        .oauth2(Tokens.of(COMMUNITY_CADRE))
        .contentType(ContentType.JSON)
        .body(Map.of("category", "NOTICE", "title", "a\u0000b", "body", "正文"))
        .post("/org-units/{id}/news", unit)
        .then()
        .statusCode(400)
        .contentType(Problem.MEDIA_TYPE)
        .body("code", equalTo("malformed-request"));
    assertThat(Db.count("select count(*) from news_article")).isEqualTo(before);
    given()
        .auth()
        .oauth2(Tokens.of(COMMUNITY_CADRE))
        .queryParam("q", "a\u0000b")
        .get("/org-units")
        .then()
        .statusCode(400)
        .contentType(Problem.MEDIA_TYPE);
  }

  @Test
  void aDateBeyondWhatTheDatabaseHoldsIsA400ProblemAndWritesNothing() {
    String cadre = Tokens.of(COMMUNITY_CADRE);
    var event =
        Events.publish(
            cadre, OrgUnits.idOf("FT-01-01"), "JOB_FAIR", Events.session("FIRST_COME", 5));
    Map<String, Object> session = Events.session("FIRST_COME", 5);
    session.put("startsAt", "-999999999-01-01T00:00:00+18:00");
    long before = Db.count("select count(*) from session where event_id = ?", event.eventId());
    given()
        .auth()
        .oauth2(cadre)
        .contentType(ContentType.JSON)
        .body(session)
        .post("/events/{id}/sessions", event.eventId())
        .then()
        .statusCode(400)
        .contentType(Problem.MEDIA_TYPE);
    assertThat(Db.count("select count(*) from session where event_id = ?", event.eventId()))
        .isEqualTo(before);
  }
}
