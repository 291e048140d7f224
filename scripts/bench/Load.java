// A small load generator for scripts/bench/run.sh, JDK only: `java scripts/bench/Load.java <mode> key=value...`
//
//   mint   dir=<d> count=<n> issuer=<url> [audience=fulian-api]
//          An RSA-2048 key pair (dir/public.pem for quarkus.oidc.public-key) and n access tokens
//          (dir/tokens.txt, one per line: "<sub> <jwt>", role resident) plus dir/admin.txt (role
//          admin, the realm's admin subject) and dir/caseworker.txt (role caseworker). RS256 like Keycloak's; the service verifies them.
//   keycloak dir=<d> count=<n> prefix=<p> [keycloak=http://127.0.0.1:8180] [threads=16]
//          n users prefix-1..prefix-n created in realm fulian (admin API, partialImport, existing
//          ones skipped), each logged in once with the password grant of client fulian-app: real
//          Keycloak-issued RS256 tokens, written as dir/kc-tokens.txt ("<sub> <jwt>"), and
//          dir/kc-admin.txt (the realm's demo admin). Reports how many tokens a second Keycloak
//          issued.
//   closed method=<GET|POST> url=<u> tokens=<file> concurrency=<c> [requests=<n>] [body=<json>]
//          As fast as it goes: c users, each request with the next token (each token once, unless
//          requests > tokens, then round robin). Reports throughput and latency.
//   open   method=... url=... tokens=... rate=<per s> seconds=<s> [body=...] [acks=<file>]
//          An open model: request i starts at t0 + i/rate whatever the earlier ones do, and its
//          latency counts from that planned start, so a stall shows up in the percentiles instead of
//          slowing the offered load (no coordinated omission).
//
// acks=<file> (both load modes) writes the subject of every acknowledged (2xx) request, one per line.
// The last line printed is machine-readable: requests=… ok=… errors=… seconds=… rps=… p50=… p95=…
// p99=… max=… codes=201:…,200:… (latencies in ms).

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

public class Load {

  static final String ADMIN_SUBJECT = "0a000000-0000-4000-8000-000000000001";

  /** The demo caseworker's subject (seeds/case-team.csv): staff intake in the outage drills. */
  static final String CASEWORKER_SUBJECT = "0a000000-0000-4000-8000-000000000007";

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new TreeMap<>();
    for (int i = 1; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      o.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    switch (args[0]) {
      case "mint" -> mint(o);
      case "keycloak" -> keycloak(o);
      case "closed" -> closed(o);
      case "open" -> open(o);
      default -> throw new IllegalArgumentException("mode: mint, keycloak, closed or open");
    }
  }

  // ------------------------------------------------------------------ tokens

  static void mint(Map<String, String> o) throws Exception {
    Path dir = Path.of(o.get("dir"));
    Files.createDirectories(dir);
    int count = Integer.parseInt(o.get("count"));
    String issuer = o.get("issuer");
    String audience = o.getOrDefault("audience", "fulian-api");
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    KeyPair pair = gen.generateKeyPair();
    Files.writeString(
        dir.resolve("public.pem"),
        Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
    long now = System.currentTimeMillis() / 1000;
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < count; i++) {
      String sub = UUID.randomUUID().toString();
      out.append(sub)
          .append(' ')
          .append(jwt(pair.getPrivate(), issuer, audience, sub, "bench-" + i, "resident", now))
          .append('\n');
    }
    Files.writeString(dir.resolve("tokens.txt"), out);
    Files.writeString(
        dir.resolve("admin.txt"),
        jwt(pair.getPrivate(), issuer, audience, ADMIN_SUBJECT, "admin", "admin", now));
    Files.writeString(
        dir.resolve("caseworker.txt"),
        jwt(
            pair.getPrivate(),
            issuer,
            audience,
            CASEWORKER_SUBJECT,
            "caseworker",
            "caseworker",
            now));
    System.out.println("minted " + count + " tokens in " + dir);
  }

  static final String BENCH_PASSWORD = "bench-Passw0rd";

  static void keycloak(Map<String, String> o) throws Exception {
    Path dir = Path.of(o.get("dir"));
    Files.createDirectories(dir);
    int count = Integer.parseInt(o.get("count"));
    String prefix = o.get("prefix");
    String kc = o.getOrDefault("keycloak", "http://127.0.0.1:8180");
    int threads = Integer.parseInt(o.getOrDefault("threads", "16"));
    HttpClient http = client(threads);
    for (int from = 1; from <= count; from += 500) {
      // A fresh admin token per batch: it lives 60 s, a batch of users may take a while.
      String admin = password(http, kc + "/realms/master", "admin-cli", "admin", "admin");
      StringBuilder users = new StringBuilder();
      for (int i = from; i < Math.min(from + 500, count + 1); i++) {
        if (users.length() > 0) {
          users.append(',');
        }
        String name = prefix + "-" + i;
        users
            .append("{\"username\":\"")
            .append(name)
            .append("\",\"enabled\":true,\"emailVerified\":true,\"firstName\":\"压测\",")
            .append("\"lastName\":\"")
            .append(i)
            .append("\",\"email\":\"")
            .append(name)
            .append("@bench.fulian.invalid\",\"credentials\":[{\"type\":\"password\",")
            .append("\"value\":\"")
            .append(BENCH_PASSWORD)
            .append("\",\"temporary\":false}]}");
      }
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(kc + "/admin/realms/fulian/partialImport"))
                  .header("Authorization", "Bearer " + admin)
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"ifResourceExists\":\"SKIP\",\"users\":[" + users + "]}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("partialImport answered " + r.statusCode() + ": " + r.body());
      }
    }
    long t0 = System.nanoTime();
    String[] lines = new String[count];
    var pool = Executors.newFixedThreadPool(threads);
    var errors = new AtomicInteger();
    for (int i = 0; i < count; i++) {
      int n = i;
      pool.submit(
          () -> {
            try {
              String token =
                  password(http, kc + "/realms/fulian", "fulian-app", prefix + "-" + (n + 1), BENCH_PASSWORD);
              lines[n] = subject(token) + " " + token;
            } catch (Exception e) {
              errors.incrementAndGet();
            }
          });
    }
    pool.shutdown();
    pool.awaitTermination(30, java.util.concurrent.TimeUnit.MINUTES);
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (errors.get() > 0) {
      throw new IllegalStateException(errors.get() + " logins failed");
    }
    Files.writeString(dir.resolve("kc-tokens.txt"), String.join("\n", lines) + "\n");
    Files.writeString(
        dir.resolve("kc-admin.txt"),
        password(http, kc + "/realms/fulian", "fulian-app", "admin", "fulian-demo"));
    System.out.printf(
        "keycloak issued %d tokens in %.1f s (%.0f/s)%n", count, seconds, count / seconds);
    System.exit(0); // the client's executor threads would keep the JVM alive
  }

  /** An access token from the password grant. */
  static String password(HttpClient http, String realm, String client, String user, String pass)
      throws Exception {
    String form =
        "grant_type=password&client_id="
            + client
            + "&username="
            + java.net.URLEncoder.encode(user, StandardCharsets.UTF_8)
            + "&password="
            + java.net.URLEncoder.encode(pass, StandardCharsets.UTF_8);
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(realm + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    var m = java.util.regex.Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(r.body());
    if (r.statusCode() != 200 || !m.find()) {
      throw new IllegalStateException("token for " + user + ": " + r.statusCode() + " " + r.body());
    }
    return m.group(1);
  }

  /** The sub claim of a JWT. */
  static String subject(String jwt) {
    String payload =
        new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
    var m = java.util.regex.Pattern.compile("\"sub\":\"([^\"]+)\"").matcher(payload);
    if (!m.find()) {
      throw new IllegalStateException("no sub in " + payload);
    }
    return m.group(1);
  }

  static String jwt(
      PrivateKey key, String iss, String aud, String sub, String user, String role, long now)
      throws Exception {
    String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"bench\"}";
    String claims =
        "{\"iss\":\""
            + iss
            + "\",\"aud\":\""
            + aud
            + "\",\"sub\":\""
            + sub
            + "\",\"typ\":\"Bearer\",\"azp\":\"fulian-app\",\"iat\":"
            + now
            + ",\"exp\":"
            + (now + 4 * 3600)
            + ",\"preferred_username\":\""
            + user
            + "\",\"name\":\"压测"
            + user
            + "\",\"realm_access\":{\"roles\":[\""
            + role
            + "\"]}}";
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String signingInput =
        b64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initSign(key);
    rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + b64.encodeToString(rsa.sign());
  }

  // ------------------------------------------------------------------ load

  record Target(
      String method, URI uri, String body, List<String> tokens, List<String> subjects) {
    HttpRequest request(int i) {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(uri)
              .timeout(Duration.ofSeconds(30))
              .header("Authorization", "Bearer " + tokens.get(i % tokens.size()));
      if ("GET".equals(method)) {
        return b.GET().build();
      }
      return b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body == null ? "{}" : body))
          .build();
    }
  }

  static Target target(Map<String, String> o) throws IOException {
    List<String> tokens = new ArrayList<>();
    List<String> subjects = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(o.get("tokens")))) {
      if (!line.isBlank()) {
        String[] parts = line.trim().split(" ");
        tokens.add(parts[parts.length - 1]);
        subjects.add(parts[0]);
      }
    }
    return new Target(
        o.getOrDefault("method", "GET"), URI.create(o.get("url")), o.get("body"), tokens, subjects);
  }

  static HttpClient client(int threads) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .executor(Executors.newFixedThreadPool(threads))
        .build();
  }

  /** Latencies in µs and status counts, filled from many threads. */
  static final class Results {
    final long[] micros;
    final AtomicInteger n = new AtomicInteger();
    final Map<Integer, AtomicInteger> codes = new ConcurrentHashMap<>();
    final AtomicLong failures = new AtomicLong();
    final java.util.Queue<String> acked = new java.util.concurrent.ConcurrentLinkedQueue<>();

    Results(int capacity) {
      micros = new long[capacity];
    }

    void record(long startNanos, int status, String subject) {
      if (status >= 200 && status < 300) {
        acked.add(subject);
      }
      record(startNanos, status);
    }

    /** Writes the subjects whose requests were acknowledged (2xx), one per line. */
    void writeAcks(String file) throws IOException {
      if (file != null) {
        Files.write(Path.of(file), acked);
      }
    }

    void record(long startNanos, int status) {
      int i = n.getAndIncrement();
      if (i < micros.length) {
        micros[i] = (System.nanoTime() - startNanos) / 1000;
      }
      codes.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
    }

    void print(double seconds) {
      int count = Math.min(n.get(), micros.length);
      long[] sorted = Arrays.copyOf(micros, count);
      Arrays.sort(sorted);
      long ok = 0;
      StringBuilder cs = new StringBuilder();
      for (var e : new TreeMap<>(codes).entrySet()) {
        if (e.getKey() >= 200 && e.getKey() < 300) {
          ok += e.getValue().get();
        }
        cs.append(cs.length() == 0 ? "" : ",").append(e.getKey()).append(':').append(e.getValue());
      }
      System.out.printf(
          "requests=%d ok=%d errors=%d seconds=%.2f rps=%.0f p50=%.1f p95=%.1f p99=%.1f max=%.1f"
              + " codes=%s%n",
          count,
          ok,
          count - ok,
          seconds,
          count / seconds,
          pct(sorted, 0.50),
          pct(sorted, 0.95),
          pct(sorted, 0.99),
          sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1000.0,
          cs);
    }

    static double pct(long[] sorted, double p) {
      if (sorted.length == 0) {
        return 0;
      }
      int i = (int) Math.ceil(p * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1000.0;
    }
  }

  static void closed(Map<String, String> o) throws Exception {
    Target t = target(o);
    int concurrency = Integer.parseInt(o.getOrDefault("concurrency", "50"));
    int requests = Integer.parseInt(o.getOrDefault("requests", String.valueOf(t.tokens().size())));
    HttpClient http = client(2);
    Results r = new Results(requests);
    AtomicInteger next = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(concurrency);
    long t0 = System.nanoTime();
    for (int u = 0; u < concurrency; u++) {
      new Thread(
              () -> {
                try {
                  int i;
                  while ((i = next.getAndIncrement()) < requests) {
                    long start = System.nanoTime();
                    int status;
                    try {
                      status = http.send(t.request(i), HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (Exception e) {
                      status = 0;
                    }
                    r.record(start, status, t.subjects().get(i % t.subjects().size()));
                  }
                } finally {
                  done.countDown();
                }
              })
          .start();
    }
    done.await();
    r.writeAcks(o.get("acks"));
    r.print((System.nanoTime() - t0) / 1e9);
    System.exit(0);
  }

  static void open(Map<String, String> o) throws Exception {
    Target t = target(o);
    double rate = Double.parseDouble(o.get("rate"));
    double seconds = Double.parseDouble(o.get("seconds"));
    int total = (int) Math.round(rate * seconds);
    HttpClient http = client(4);
    Results r = new Results(total);
    CountDownLatch done = new CountDownLatch(total);
    AtomicInteger outstanding = new AtomicInteger();
    long t0 = System.nanoTime() + 50_000_000;
    for (int i = 0; i < total; i++) {
      long planned = t0 + (long) (i * 1e9 / rate);
      long wait = planned - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      if (outstanding.incrementAndGet() > 20_000) {
        // The service stopped answering: count it as a failure rather than run out of memory.
        outstanding.decrementAndGet();
        r.record(planned, 0);
        done.countDown();
        continue;
      }
      String subject = t.subjects().get(i % t.subjects().size());
      http.sendAsync(t.request(i), HttpResponse.BodyHandlers.discarding())
          .whenComplete(
              (resp, err) -> {
                outstanding.decrementAndGet();
                r.record(planned, err == null ? resp.statusCode() : 0, subject);
                done.countDown();
              });
    }
    done.await();
    r.writeAcks(o.get("acks"));
    r.print((System.nanoTime() - t0) / 1e9);
    System.exit(0);
  }
}
