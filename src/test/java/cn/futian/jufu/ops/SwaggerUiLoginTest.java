package cn.futian.jufu.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A newcomer's first steps in a real browser (Debian's chromium driven by playwright-core, see
 * scripts/browser-test.mjs): Swagger UI, Keycloak login with authorization code + PKCE as a demo
 * resident, then GET /me through Swagger UI. scripts/test.sh installs the browser and the tools.
 */
@QuarkusTest
class SwaggerUiLoginTest {

  @TestHTTPResource("/")
  URL base;

  @Test
  void aResidentLogsInThroughSwaggerUiAndCallsMe() throws IOException, InterruptedException {
    assertThat(Path.of(".local/node-tools/node_modules/playwright-core"))
        .as("Node tools missing: run scripts/test.sh (or scripts/node-tools.sh) once")
        .exists();
    assertThat(Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium")))
        .as("Chromium missing: run scripts/test.sh (it installs Debian's chromium)")
        .exists();
    String url = base.toString().replaceAll("/$", "");
    Process node =
        new ProcessBuilder("node", "scripts/browser-test.mjs", url)
            .redirectErrorStream(true)
            .start();
    boolean finished = node.waitFor(120, TimeUnit.SECONDS);
    String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!finished) {
      node.destroyForcibly();
    }
    assertThat(finished).as("browser test finished in time; output:\n" + output).isTrue();
    assertThat(node.exitValue()).as(output).isZero();
    assertThat(output).contains("GET /me → 200").contains("\"roles\":[\"resident\"]");
  }
}
