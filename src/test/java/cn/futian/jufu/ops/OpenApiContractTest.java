package cn.futian.jufu.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * openapi.yaml at the root is the contract: the document the running code serves must equal it.
 * After a deliberate API change, regenerate it with {@code ./mvnw verify -Dopenapi.update=true} (or
 * scripts/test.sh with that flag) and review the diff.
 */
@QuarkusTest
class OpenApiContractTest {

  static final Path CONTRACT = Path.of("openapi.yaml");

  @Test
  void theServedDocumentIsTheCommittedContract() throws Exception {
    String served =
        given()
            .queryParam("format", "yaml")
            .get("/q/openapi")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    if (Boolean.getBoolean("openapi.update")) {
      Files.writeString(CONTRACT, served, StandardCharsets.UTF_8);
    }
    YAMLMapper yaml = new YAMLMapper();
    JsonNode expected = yaml.readTree(Files.readString(CONTRACT, StandardCharsets.UTF_8));
    JsonNode actual = yaml.readTree(served);
    List<String> differences = new ArrayList<>();
    diff("", expected, actual, differences);
    assertThat(differences)
        .as(
            "openapi.yaml differs from what the code serves; if the change is intended run"
                + " ./mvnw verify -Dopenapi.update=true and commit openapi.yaml")
        .isEmpty();
  }

  @Test
  void everyOperationIsSecuredAndDocumentsItsProblems() throws Exception {
    JsonNode doc = new YAMLMapper().readTree(CONTRACT.toFile());
    List<String> missing = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields();
        paths.hasNext(); ) {
      var path = paths.next();
      for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
        var op = ops.next();
        String where = op.getKey().toUpperCase() + " " + path.getKey();
        if (!op.getValue().has("security")) {
          missing.add(where + " security");
        }
        for (String status : List.of("400", "401", "403", "404", "500")) {
          if (!op.getValue().path("responses").has(status)) {
            missing.add(where + " " + status);
          }
        }
        if (!op.getValue().has("operationId")) {
          missing.add(where + " operationId");
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  private static void diff(String at, JsonNode expected, JsonNode actual, List<String> out) {
    if (expected == null || actual == null) {
      out.add(at + ": " + (expected == null ? "only in code" : "only in openapi.yaml"));
      return;
    }
    if (expected.isObject() && actual.isObject()) {
      expected
          .fieldNames()
          .forEachRemaining(f -> diff(at + "/" + f, expected.get(f), actual.get(f), out));
      actual
          .fieldNames()
          .forEachRemaining(
              f -> {
                if (!expected.has(f)) {
                  out.add(at + "/" + f + ": only in code");
                }
              });
    } else if (!expected.equals(actual)) {
      out.add(
          at + ": openapi.yaml has " + abbreviate(expected) + ", code has " + abbreviate(actual));
    }
  }

  private static String abbreviate(JsonNode node) {
    String s = node.toString();
    return s.length() > 120 ? s.substring(0, 120) + "…" : s;
  }
}
