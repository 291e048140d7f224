package cn.futian.jufu.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The jar that ships, started as its own process by an integration test. */
public final class PackagedApp {

  private PackagedApp() {}

  /**
   * The management port (health, metrics) of an instance whose API listens on {@code port}: 1000
   * above it, as every test and script starts its instances ({@code quarkus.management.port}).
   */
  public static int managementPort(int port) {
    return port + 1000;
  }

  /**
   * Waits until the instance on {@code port} is ready ({@code /q/health/ready} on its management
   * port answers 200), at most 90 s; fails at once when the process has ended (a failed start-up),
   * naming {@code log}.
   */
  public static void awaitReady(Process process, int port, String log) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest ready =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort(port) + "/q/health/ready"))
            .build();
    long deadline = System.currentTimeMillis() + 90_000;
    while (true) {
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // starting
      }
      if (!process.isAlive() || System.currentTimeMillis() > deadline) {
        throw new IllegalStateException(
            "The instance on port " + port + " did not become ready; see " + log);
      }
      Thread.sleep(300);
    }
  }
}
