package cn.futian.jufu.testing.fakes;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * A local fake of the WeChat server API, answering like the real one: HTTP 200 with an {@code
 * errcode} JSON for errors, and {@code jscode2session} as JSON labelled {@code text/plain}.
 *
 * <ul>
 *   <li>{@code GET /sns/jscode2session}: a code from {@link #issueCode} works once; a second use or
 *       an unknown code answers 40029. Special codes: {@code rate-limited} → 45011, {@code busy} →
 *       -1, {@code used} → 40163, {@code high-risk} → 40226.
 *   <li>{@code POST /fake/codes?openid=…[&unionid=…]} (not WeChat's): a fresh code, as {@code
 *       wx.login} gives on a phone; for trying the sign-in by hand ({@link #main}).
 *   <li>{@code POST /cgi-bin/stable_token}: the current token while it is valid (a new one on
 *       {@code force_refresh}, which invalidates the old), each valid for {@link #expiresIn}
 *       seconds; every fetch is counted ({@link #tokenFetches}). {@link #expireTokens} makes every
 *       token answer 42001; unknown tokens answer 40001.
 *   <li>{@code POST /cgi-bin/message/subscribe/send}: checks the token, the openid (40003 unless
 *       issued a code or granted), the template (40037 unless granted or added), {@code thing}
 *       values of at most 20 characters (47003), and takes one of the consents given with {@link
 *       #grant} (43101 when none is left). Every message accepted is kept ({@link #sent}).
 * </ul>
 *
 * <p>One shared instance runs for the whole test run, started by {@link FakeWeChatListener} on port
 * {@code fake.wechat.port} (default 18767). Quarkus tests load test classes in their own class
 * loader, so {@link #shared()} there is a handle that controls the server over JMX (the platform
 * MBean server is one per JVM); all its methods take and give JDK types only.
 */
public final class FakeWeChat implements AutoCloseable {

  public static final String PORT_PROPERTY = "fake.wechat.port";
  public static final int DEFAULT_PORT = 18767;
  private static final String SHARED_NAME =
      "cn.futian.jufu.testing.fakes:type=FakeWeChat,name=shared";
  private static FakeWeChat sharedHere;

  /** One message WeChat accepted. */
  public record Sent(
      String touser,
      String templateId,
      String page,
      Map<String, String> data,
      String miniprogramState,
      String lang) {}

  /** What tests can do with the fake; JDK types only, so it works across class loaders. */
  public interface Control {
    String issueCode(String openid, String unionid);

    void grant(String openid, String templateId, int count);

    void addTemplate(String templateId);

    int consentsLeft(String openid, String templateId);

    void failNextSend(int errcode);

    List<Map<String, Object>> sentMessages();

    int tokenFetches();

    void expiresIn(int seconds);

    void expireTokens();

    List<String> sessionKeys();

    void reset();

    int port();
  }

  private final Server server;
  private final Control control;

  private FakeWeChat(Server server, Control control) {
    this.server = server;
    this.control = control;
  }

  /**
   * Runs a fake until the process is stopped ({@code FakeWeChat [port]}, default 18767), for the
   * local run: {@code POST /fake/codes?openid=…[&unionid=…]} answers a fresh code as {@code
   * wx.login} would on a phone.
   */
  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_PORT;
    FakeWeChat fake = start(port);
    Runtime.getRuntime().addShutdownHook(new Thread(fake::close, "fake-wechat-shutdown"));
    System.out.printf(
        "FakeWeChat listening on 127.0.0.1:%d; POST /fake/codes?openid=... for a code%n",
        fake.port());
  }

  /** Starts a fake on this port (0: any free port). */
  public static FakeWeChat start(int port) {
    Server server = new Server();
    server.listen(port);
    return new FakeWeChat(server, server);
  }

  /**
   * The fake shared by the test run (started by {@link FakeWeChatListener}; started here on {@code
   * fake.wechat.port} when there is none yet).
   */
  public static synchronized FakeWeChat shared() {
    MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
    if (!mbeans.isRegistered(sharedName())) {
      startShared(Integer.getInteger(PORT_PROPERTY, DEFAULT_PORT));
    }
    return new FakeWeChat(null, JMX.newMBeanProxy(mbeans, sharedName(), Control.class));
  }

  /** Starts the shared fake and makes it reachable from every class loader. */
  static synchronized FakeWeChat startShared(int port) {
    FakeWeChat fake = start(port);
    try {
      ManagementFactory.getPlatformMBeanServer()
          .registerMBean(new StandardMBean(fake.server, Control.class), sharedName());
    } catch (Exception e) {
      fake.close();
      throw new IllegalStateException("Could not register the shared fake WeChat", e);
    }
    sharedHere = fake;
    return fake;
  }

  /** Stops the shared fake started in this class loader. */
  static synchronized void closeShared() {
    if (sharedHere == null) {
      return;
    }
    try {
      ManagementFactory.getPlatformMBeanServer().unregisterMBean(sharedName());
    } catch (Exception ignored) {
      // already gone
    }
    sharedHere.close();
    sharedHere = null;
  }

  private static ObjectName sharedName() {
    try {
      return new ObjectName(SHARED_NAME);
    } catch (MalformedObjectNameException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  public int port() {
    return control.port();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** A fresh one-time login code for this WeChat user (unionid may be null). */
  public String issueCode(String openid, String unionid) {
    return control.issueCode(openid, unionid);
  }

  /** The user accepted this template {@code count} more times (the user and template exist). */
  public void grant(String openid, String templateId, int count) {
    control.grant(openid, templateId, count);
  }

  /** A template of the mini-program (without consents). */
  public void addTemplate(String templateId) {
    control.addTemplate(templateId);
  }

  public int consentsLeft(String openid, String templateId) {
    return control.consentsLeft(openid, templateId);
  }

  /** The next subscribe/send answers this errcode (calls queue up). */
  public void failNextSend(int errcode) {
    control.failNextSend(errcode);
  }

  /** Every subscription message accepted since the last reset, in order. */
  @SuppressWarnings("unchecked")
  public List<Sent> sent() {
    List<Sent> out = new ArrayList<>();
    for (Map<String, Object> m : control.sentMessages()) {
      out.add(
          new Sent(
              (String) m.get("touser"),
              (String) m.get("template_id"),
              (String) m.get("page"),
              (Map<String, String>) m.get("data"),
              (String) m.get("miniprogram_state"),
              (String) m.get("lang")));
    }
    return out;
  }

  /** How many times stable_token was called since the last reset. */
  public int tokenFetches() {
    return control.tokenFetches();
  }

  /** The lifetime of tokens issued from now on (7200 s after a reset). */
  public void expiresIn(int seconds) {
    control.expiresIn(seconds);
  }

  /** Every token issued so far answers 42001 from now on. */
  public void expireTokens() {
    control.expireTokens();
  }

  /** Every session_key handed out by jscode2session (to check that none leaks). */
  public List<String> sessionKeys() {
    return control.sessionKeys();
  }

  /** Forgets codes, users, templates, consents, tokens, messages and counters. */
  public void reset() {
    control.reset();
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }

  /** The server and its state; public for the MBean machinery only. */
  public static final class Server implements Control {

    private final Map<String, String[]> codes = new ConcurrentHashMap<>();
    private final Set<String> users = ConcurrentHashMap.newKeySet();
    private final Set<String> templates = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> consents = new ConcurrentHashMap<>();
    private final List<Map<String, Object>> sent = new CopyOnWriteArrayList<>();
    private final List<String> sessionKeys = new CopyOnWriteArrayList<>();
    private final Deque<Integer> failures = new ArrayDeque<>();
    private final Map<String, Long> tokens = new ConcurrentHashMap<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile int expiresIn = 7200;
    private String currentToken;
    private Vertx vertx;
    private HttpServer http;

    void listen(int port) {
      vertx = Vertx.vertx();
      try {
        http =
            vertx
                .createHttpServer()
                .requestHandler(this::handle)
                .listen(port, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        vertx.close();
        throw new IllegalStateException(
            "The fake WeChat cannot listen on port "
                + port
                + " (in use? set -D"
                + PORT_PROPERTY
                + "=another)",
            e);
      }
    }

    void close() {
      if (vertx != null) {
        try {
          vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
          // closing anyway
        }
      }
    }

    @Override
    public int port() {
      return http.actualPort();
    }

    @Override
    public String issueCode(String openid, String unionid) {
      users.add(openid);
      String code = "code-" + UUID.randomUUID();
      codes.put(code, new String[] {openid, unionid});
      return code;
    }

    @Override
    public void grant(String openid, String templateId, int count) {
      users.add(openid);
      templates.add(templateId);
      consents
          .computeIfAbsent(openid + "\n" + templateId, k -> new AtomicInteger())
          .addAndGet(count);
    }

    @Override
    public void addTemplate(String templateId) {
      templates.add(templateId);
    }

    @Override
    public int consentsLeft(String openid, String templateId) {
      AtomicInteger left = consents.get(openid + "\n" + templateId);
      return left == null ? 0 : left.get();
    }

    @Override
    public synchronized void failNextSend(int errcode) {
      failures.addLast(errcode);
    }

    @Override
    public List<Map<String, Object>> sentMessages() {
      return List.copyOf(sent);
    }

    @Override
    public int tokenFetches() {
      return fetches.get();
    }

    @Override
    public void expiresIn(int seconds) {
      expiresIn = seconds;
    }

    @Override
    public synchronized void expireTokens() {
      tokens.replaceAll((token, expiresAt) -> 0L);
    }

    @Override
    public List<String> sessionKeys() {
      return List.copyOf(sessionKeys);
    }

    @Override
    public synchronized void reset() {
      codes.clear();
      users.clear();
      templates.clear();
      consents.clear();
      sent.clear();
      sessionKeys.clear();
      failures.clear();
      tokens.clear();
      currentToken = null;
      fetches.set(0);
      expiresIn = 7200;
    }

    private void handle(HttpServerRequest req) {
      String path = req.path();
      if ("GET".equals(req.method().name()) && "/sns/jscode2session".equals(path)) {
        codeToSession(req);
      } else if ("POST".equals(req.method().name()) && "/fake/codes".equals(path)) {
        // Not WeChat's: stands in for wx.login on a phone, for trying the sign-in by hand.
        String openid = req.getParam("openid");
        if (blank(openid)) {
          reply(req, error(40003, "openid required"), "application/json");
        } else {
          String code =
              issueCode(openid, blank(req.getParam("unionid")) ? null : req.getParam("unionid"));
          reply(req, new JsonObject().put("code", code), "application/json");
        }
      } else if ("POST".equals(req.method().name()) && "/cgi-bin/stable_token".equals(path)) {
        req.body()
            .onSuccess(body -> stableToken(req, json(body.toString())))
            .onFailure(e -> req.response().setStatusCode(400).end());
      } else if ("POST".equals(req.method().name())
          && "/cgi-bin/message/subscribe/send".equals(path)) {
        req.body()
            .onSuccess(body -> send(req, json(body.toString())))
            .onFailure(e -> req.response().setStatusCode(400).end());
      } else {
        req.response().setStatusCode(404).end();
      }
    }

    private void codeToSession(HttpServerRequest req) {
      String appId = req.getParam("appid");
      String secret = req.getParam("secret");
      String code = req.getParam("js_code");
      JsonObject answer;
      if (blank(appId)) {
        answer = error(40013, "invalid appid");
      } else if (blank(secret)) {
        answer = error(40125, "invalid appsecret");
      } else if (!"authorization_code".equals(req.getParam("grant_type"))) {
        answer = error(40002, "invalid grant_type");
      } else if ("rate-limited".equals(code)) {
        answer = error(45011, "api minute-quota reach limit  mustslower  retry next minute");
      } else if ("busy".equals(code)) {
        answer = error(-1, "system error");
      } else if ("used".equals(code)) {
        answer = error(40163, "code been used");
      } else if ("high-risk".equals(code)) {
        answer = error(40226, "invalid code, high risk user");
      } else {
        String[] user = code == null ? null : codes.remove(code);
        if (user == null) {
          answer = error(40029, "invalid code");
        } else {
          String sessionKey = "fake-session-key-" + UUID.randomUUID();
          sessionKeys.add(sessionKey);
          answer = new JsonObject().put("session_key", sessionKey).put("openid", user[0]);
          if (user[1] != null) {
            answer.put("unionid", user[1]);
          }
        }
      }
      // Like the real one: JSON, labelled as plain text.
      reply(req, answer, "text/plain");
    }

    private void stableToken(HttpServerRequest req, JsonObject body) {
      fetches.incrementAndGet();
      if (body == null || !"client_credential".equals(body.getString("grant_type"))) {
        reply(req, error(40002, "invalid grant_type"), "application/json");
        return;
      }
      if (blank(body.getString("appid"))) {
        reply(req, error(40013, "invalid appid"), "application/json");
        return;
      }
      if (blank(body.getString("secret"))) {
        reply(req, error(40125, "invalid appsecret"), "application/json");
        return;
      }
      boolean force = Boolean.TRUE.equals(body.getValue("force_refresh"));
      String token;
      long expiresAt;
      synchronized (this) {
        long now = System.currentTimeMillis();
        Long currentExpiry = currentToken == null ? null : tokens.get(currentToken);
        if (!force && currentExpiry != null && currentExpiry > now) {
          token = currentToken;
          expiresAt = currentExpiry;
        } else {
          if (force && currentToken != null) {
            tokens.remove(currentToken);
          }
          token = "fake-token-" + UUID.randomUUID();
          expiresAt = now + expiresIn * 1000L;
          tokens.put(token, expiresAt);
          currentToken = token;
        }
      }
      long left = Math.max(1, (expiresAt - System.currentTimeMillis() + 999) / 1000);
      reply(
          req,
          new JsonObject().put("access_token", token).put("expires_in", left),
          "application/json");
    }

    private void send(HttpServerRequest req, JsonObject body) {
      String token = req.getParam("access_token");
      Long expiresAt = token == null ? null : tokens.get(token);
      JsonObject answer;
      Integer failure;
      synchronized (this) {
        failure =
            expiresAt != null && expiresAt > System.currentTimeMillis()
                ? failures.pollFirst()
                : null;
      }
      if (expiresAt == null) {
        answer = error(40001, "invalid credential, access_token is invalid or not latest");
      } else if (expiresAt <= System.currentTimeMillis()) {
        answer = error(42001, "access_token expired");
      } else if (failure != null) {
        answer = error(failure, "failure asked for by the test");
      } else if (body == null) {
        answer = error(47001, "data format error");
      } else if (!users.contains(String.valueOf(body.getString("touser")))) {
        answer = error(40003, "invalid openid");
      } else if (!templates.contains(String.valueOf(body.getString("template_id")))) {
        answer = error(40037, "invalid template_id");
      } else {
        Map<String, String> data = data(body.getValue("data"));
        if (data == null) {
          answer = error(47003, "argument invalid! data is invalid");
        } else {
          AtomicInteger left =
              consents.get(body.getString("touser") + "\n" + body.getString("template_id"));
          if (left == null || left.getAndUpdate(n -> n > 0 ? n - 1 : 0) <= 0) {
            answer = error(43101, "user refuse to accept the msg");
          } else {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("touser", body.getString("touser"));
            message.put("template_id", body.getString("template_id"));
            message.put("page", body.getString("page"));
            message.put("data", data);
            message.put("miniprogram_state", body.getString("miniprogram_state"));
            message.put("lang", body.getString("lang"));
            sent.add(message);
            answer = error(0, "ok");
          }
        }
      }
      reply(req, answer, "application/json");
    }

    /** field → value, or null when the data does not fit (not objects, empty, thing > 20). */
    private static Map<String, String> data(Object value) {
      if (!(value instanceof JsonObject data) || data.isEmpty()) {
        return null;
      }
      Map<String, String> out = new LinkedHashMap<>();
      for (String field : data.fieldNames()) {
        if (!(data.getValue(field) instanceof JsonObject entry)
            || !(entry.getValue("value") instanceof String text)
            || text.isEmpty()) {
          return null;
        }
        if (field.startsWith("thing") && text.codePointCount(0, text.length()) > 20) {
          return null;
        }
        out.put(field, text);
      }
      return out;
    }

    private static JsonObject json(String body) {
      try {
        return new JsonObject(body);
      } catch (RuntimeException malformed) {
        return null;
      }
    }

    private static JsonObject error(int errcode, String errmsg) {
      return new JsonObject().put("errcode", errcode).put("errmsg", errmsg);
    }

    private static void reply(HttpServerRequest req, JsonObject answer, String contentType) {
      req.response()
          .setStatusCode(200)
          .putHeader("Content-Type", contentType + "; charset=utf-8")
          .end(answer.encode());
    }

    private static boolean blank(String s) {
      return s == null || s.isBlank();
    }
  }
}
