package cn.futian.jufu.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import cn.futian.jufu.noshows.NoShowService;
import cn.futian.jufu.testing.Db;
import cn.futian.jufu.testing.Events;
import cn.futian.jufu.testing.Families;
import cn.futian.jufu.testing.OrgUnits;
import cn.futian.jufu.testing.Profiles;
import cn.futian.jufu.testing.TestUsers;
import cn.futian.jufu.testing.Tokens;
import cn.futian.jufu.testing.fakes.FakeWeChat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every operation of openapi.yaml, called as anonymous, resident A, resident B (on A's objects), a
 * cadre of the owning unit, of a sibling unit, of the parent unit, and an admin, against the table
 * in src/test/resources/authz/matrix.yaml (OWASP API1/API3/API5). An operation without a row fails,
 * so does a row without an operation; every mismatch is reported at once.
 *
 * <p>The successful reads are also scanned for what the caller may not see: another resident's
 * phone number, her children's names, full mobile numbers, marital status, identity numbers.
 */
@QuarkusTest
class AuthorizationMatrixTest {

  static final List<String> CALLERS =
      List.of(
          "anonymous",
          "residentA",
          "residentB",
          "cadreOwn",
          "cadreSibling",
          "cadreParent",
          "admin",
          "caseworker",
          "supervisor");

  /**
   * The callers a row may stop after: rows written before the case team (ADR 0021) name the first
   * seven, and the case team's two are not called there ("-"). Those operations look at no case
   * role; CaseWorkTest checks that the case roles open none of the cadres' doors.
   */
  static final int CALLERS_BEFORE_CASE_TEAM = 7;

  static final String TABLE = "/authz/matrix.yaml";
  static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9.]*)}");
  static final Pattern FULL_MOBILE = Pattern.compile("(?<![0-9])1[3-9][0-9]{9}(?![0-9])");
  static final ObjectMapper JSON = new ObjectMapper();
  static final org.hamcrest.Matcher<Integer> OK =
      org.hamcrest.Matchers.both(org.hamcrest.Matchers.greaterThanOrEqualTo(200))
          .and(org.hamcrest.Matchers.lessThan(300));

  @Inject NoShowService noShows;

  record Row(
      String op,
      String call,
      JsonNode body,
      List<String> fresh,
      List<String> expect,
      String undo,
      boolean throwawayResidents) {

    String method() {
      return op.substring(0, op.indexOf(' '));
    }

    String path() {
      return call != null ? call : op.substring(op.indexOf(' ') + 1);
    }
  }

  record Caller(String name, String token) {}

  record Outcome(int status, String contentType, String body) {}

  static List<Row> table() throws Exception {
    try (InputStream in = AuthorizationMatrixTest.class.getResourceAsStream(TABLE)) {
      JsonNode rows = new YAMLMapper().readTree(in);
      List<Row> out = new ArrayList<>();
      for (JsonNode r : rows) {
        List<String> fresh = new ArrayList<>();
        r.path("fresh").forEach(f -> fresh.add(f.asText()));
        List<String> expect =
            new ArrayList<>(List.of(r.path("expect").asText().trim().split("\\s+")));
        while (expect.size() >= CALLERS_BEFORE_CASE_TEAM && expect.size() < CALLERS.size()) {
          expect.add("-");
        }
        out.add(
            new Row(
                r.path("op").asText(),
                r.hasNonNull("call") ? r.get("call").asText() : null,
                r.get("body"),
                fresh,
                expect,
                r.hasNonNull("undo") ? r.get("undo").asText() : null,
                r.path("throwawayResidents").asBoolean(false)));
      }
      return out;
    }
  }

  static Set<String> operations() throws Exception {
    JsonNode doc = new YAMLMapper().readTree(Path.of("openapi.yaml").toFile());
    Set<String> ops = new LinkedHashSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields();
        paths.hasNext(); ) {
      var path = paths.next();
      path.getValue()
          .fieldNames()
          .forEachRemaining(
              m -> {
                if (Set.of("get", "put", "post", "delete", "patch").contains(m)) {
                  ops.add(m.toUpperCase() + " " + path.getKey());
                }
              });
    }
    return ops;
  }

  @Test
  void theTableCoversEveryOperationAndNothingElse() throws Exception {
    Set<String> documented = operations();
    List<String> problems = new ArrayList<>();
    Set<String> rows = new LinkedHashSet<>();
    for (Row r : table()) {
      if (!rows.add(r.op())) {
        problems.add("row twice: " + r.op());
      }
      if (!documented.contains(r.op())) {
        problems.add("row for an operation not in openapi.yaml: " + r.op());
      }
      if (r.expect().size() != CALLERS.size()) {
        problems.add(r.op() + ": expect needs " + CALLERS.size() + " outcomes " + CALLERS);
      }
      for (String e : r.expect()) {
        if (!e.equals("ok") && !e.equals("-") && !e.matches("[1-5][0-9][0-9]")) {
          problems.add(r.op() + ": unknown outcome " + e);
        }
      }
    }
    for (String op : documented) {
      if (!rows.contains(op)) {
        problems.add("operation without a row in " + TABLE + ": " + op);
      }
    }
    assertThat(problems).as("authorisation table vs openapi.yaml").isEmpty();
    assertThat(documented).hasSizeGreaterThanOrEqualTo(100);
  }

  @Test
  void everyCallerGetsWhatTheTableSays() throws Exception {
    Fixtures fx = new Fixtures();
    Map<String, Caller> callers = fx.callers();
    List<String> mismatches = new ArrayList<>();
    List<String> leaks = new ArrayList<>();
    int calls = 0;
    long started = System.nanoTime();
    for (Row row : table()) {
      for (int i = 0; i < CALLERS.size(); i++) {
        String expected = row.expect().get(i);
        if (expected.equals("-")) {
          continue;
        }
        Caller caller = callers.get(CALLERS.get(i));
        if (row.throwawayResidents() && caller.name().startsWith("resident")) {
          caller = new Caller(caller.name(), TestUsers.token("authz-gone-" + Fixtures.unique()));
        }
        fx.beginCall(row, caller);
        Outcome got;
        try {
          for (String f : row.fresh()) {
            fx.value(f, fx.owner(caller));
          }
          String path = fx.resolve(row.path(), caller, false);
          String body = row.body() == null ? null : fx.resolveBody(row.body(), caller);
          got = call(caller, row.method(), path, body);
          calls++;
          if (got.status() / 100 == 2 && row.undo() != null) {
            fx.undo(row.undo(), caller, got);
          }
        } catch (RuntimeException | AssertionError e) {
          mismatches.add(
              row.op()
                  + " | "
                  + caller.name()
                  + " | "
                  + expected
                  + " | fixture: "
                  + abbreviate(e.toString()));
          continue;
        } finally {
          fx.endCall();
        }
        boolean matches =
            expected.equals("ok")
                ? got.status() / 100 == 2
                : got.status() == Integer.parseInt(expected);
        if (!matches) {
          mismatches.add(
              row.op()
                  + " | "
                  + caller.name()
                  + " | "
                  + expected
                  + " | "
                  + got.status()
                  + " "
                  + abbreviate(got.body()));
        }
        if (got.status() / 100 == 2 && row.method().equals("GET")) {
          leaks.addAll(fx.exposure(row, caller, got));
        }
      }
    }
    System.out.printf(
        "Authorisation matrix: %d calls in %d s%n",
        calls, (System.nanoTime() - started) / 1_000_000_000L);
    assertThat(mismatches)
        .as("operation | caller | expected | got\n" + String.join("\n", mismatches) + "\n")
        .isEmpty();
    assertThat(leaks).as("fields the caller may not see\n" + String.join("\n", leaks)).isEmpty();
  }

  @Test
  void attendeeListsMaskPhonesAndOthersSeeNoPersonalData() throws Exception {
    Fixtures fx = new Fixtures();
    Map<String, Caller> callers = fx.callers();
    long session = fx.id("session");
    String masked = fx.phoneA.substring(0, 3) + "****" + fx.phoneA.substring(7);
    Row list =
        new Row("GET /sessions/{id}/registrations", null, null, List.of(), List.of(), null, false);

    // The organiser's list: A's phone masked by default.
    Outcome plain =
        call(callers.get("cadreOwn"), "GET", "/sessions/" + session + "/registrations", null);
    assertThat(plain.status()).isEqualTo(200);
    assertThat(plain.body()).contains(masked).doesNotContain(fx.phoneA);
    assertThat(plain.body()).doesNotContain(fx.childA).doesNotContain("DIVORCED");
    String csv =
        call(callers.get("cadreOwn"), "GET", "/sessions/" + session + "/registrations/export", null)
            .body();
    assertThat(csv).contains(masked).doesNotContain(fx.phoneA);

    // In full only when the unit's cadre asks for it (recorded); the scan would flag it elsewhere.
    Outcome full =
        call(
            callers.get("cadreOwn"),
            "GET",
            "/sessions/" + session + "/registrations?includePhone=true",
            null);
    assertThat(full.status()).isEqualTo(200);
    assertThat(full.body()).contains(fx.phoneA);
    assertThat(fx.exposure(list, callers.get("residentB"), full))
        .anyMatch(l -> l.contains("resident A's phone number"));
    for (String other : List.of("cadreSibling", "residentB")) {
      assertThat(
              call(
                      callers.get(other),
                      "GET",
                      "/sessions/" + session + "/registrations?includePhone=true",
                      null)
                  .status())
          .as(other)
          .isEqualTo(403);
      assertThat(
              call(
                      callers.get(other),
                      "GET",
                      "/sessions/" + session + "/registrations/export?includePhone=true",
                      null)
                  .status())
          .as(other)
          .isEqualTo(403);
    }

    // What B sees of the event A joined: nothing of A.
    Outcome event = call(callers.get("residentB"), "GET", "/events/" + fx.get("event"), null);
    assertThat(event.status()).isEqualTo(200);
    assertThat(fx.exposure(list, callers.get("residentB"), event)).isEmpty();
    assertThat(event.body()).doesNotContain(fx.nameA).doesNotContain(fx.subjectA);

    // B cannot sign A's child up (an id in the body is an object reference too).
    long childOfA =
        readTree(call(callers.get("residentA"), "GET", "/me/dependants", null).body())
            .get(0)
            .get("id")
            .asLong();
    Outcome withAsChild =
        call(
            callers.get("residentB"),
            "POST",
            "/sessions/" + fx.get("openSession") + "/registrations",
            "{\"dependantIds\":[" + childOfA + "]}");
    assertThat(withAsChild.status()).isEqualTo(400);
    assertThat(withAsChild.body()).contains("dependantIds");
  }

  static JsonNode readTree(String s) throws Exception {
    return JSON.readTree(s);
  }

  static Outcome call(Caller caller, String method, String path, String body) {
    RequestSpecification spec = given().urlEncodingEnabled(true);
    if (caller.token() != null) {
      spec.auth().oauth2(caller.token());
    }
    if (body != null) {
      spec.contentType(ContentType.JSON).body(body);
    }
    Response r = spec.request(method, path);
    String type = r.getContentType() == null ? "" : r.getContentType();
    boolean text =
        type.contains("json")
            || type.startsWith("text/")
            || type.contains("calendar")
            || type.isEmpty();
    return new Outcome(r.statusCode(), type, text ? r.asString() : "");
  }

  static String abbreviate(String s) {
    if (s == null) {
      return "";
    }
    String one = s.replaceAll("\\s+", " ");
    return one.length() > 160 ? one.substring(0, 160) + "…" : one;
  }

  /** The objects the calls work on, made through the API as their owners would. */
  final class Fixtures {

    final String run = unique();
    final String tokenA = TestUsers.token("authz-a-" + run);
    final String tokenB = TestUsers.token("authz-b-" + run);
    final String phoneA = "139" + digits(8);
    final String phoneB = "137" + digits(8);
    final String nameA = "矩阵甲" + run;
    final String childA = "矩阵甲的孩子" + run;
    final String childB = "矩阵乙的孩子" + run;
    final String subjectA = Tokens.subjectOf(tokenA);
    final String subjectB = Tokens.subjectOf(tokenB);
    final Map<String, String> shared = new HashMap<>();
    final Map<String, Function<Caller, String>> makers = new HashMap<>();
    Map<String, String> current = new HashMap<>();
    final List<Runnable> afterCall = new ArrayList<>();
    Row row;
    Caller caller;

    Fixtures() {
      define();
      // Resident A: a full, consented profile, a child, a sign-up. B the same with her own values.
      Profiles.set(tokenA, "FEMALE", 1990, id("own"), "DIVORCED");
      patchMe(tokenA, Map.of("displayName", nameA, "phone", phoneA));
      Profiles.child(tokenA, childA, 2018);
      Profiles.set(tokenB, "FEMALE", 1991, id("own"), "MARRIED");
      patchMe(tokenB, Map.of("displayName", "矩阵乙" + run, "phone", phoneB));
      Profiles.child(tokenB, childB, 2017);
      get("aRegistration");
    }

    Map<String, Caller> callers() {
      Map<String, Caller> c = new LinkedHashMap<>();
      c.put("anonymous", new Caller("anonymous", null));
      c.put("residentA", new Caller("residentA", tokenA));
      c.put("residentB", new Caller("residentB", tokenB));
      c.put("cadreOwn", new Caller("cadreOwn", Tokens.of(Tokens.COMMUNITY_CADRE)));
      c.put("cadreSibling", new Caller("cadreSibling", Tokens.of(Tokens.NEIGHBOUR_CADRE)));
      c.put("cadreParent", new Caller("cadreParent", Tokens.of(Tokens.STREET_CADRE)));
      c.put("admin", new Caller("admin", Tokens.of(Tokens.ADMIN)));
      c.put("caseworker", new Caller("caseworker", Tokens.of(Tokens.CASEWORKER)));
      c.put("supervisor", new Caller("supervisor", Tokens.of(Tokens.CASE_SUPERVISOR)));
      return c;
    }

    static String unique() {
      return UUID.randomUUID().toString().substring(0, 8);
    }

    static String digits(int n) {
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < n; i++) {
        s.append(ThreadLocalRandom.current().nextInt(10));
      }
      return s.toString();
    }

    String cadre() {
      return Tokens.of(Tokens.COMMUNITY_CADRE);
    }

    String admin() {
      return Tokens.of(Tokens.ADMIN);
    }

    long id(String name) {
      return Long.parseLong(get(name));
    }

    /** A shared fixture, made once. */
    String get(String name) {
      String v = shared.get(name);
      if (v == null) {
        v = make(name, null);
        shared.put(name, v);
      }
      return v;
    }

    String make(String name, Caller as) {
      Function<Caller, String> maker = makers.get(name);
      if (maker == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return maker.apply(as);
    }

    void beginCall(Row row, Caller caller) {
      this.row = row;
      this.caller = caller;
      current = new HashMap<>();
    }

    void endCall() {
      afterCall.forEach(Runnable::run);
      afterCall.clear();
    }

    /** Per call: fresh fixtures and those of the caller (my*); otherwise shared. */
    String value(String name, Caller as) {
      if (current.containsKey(name)) {
        return current.get(name);
      }
      boolean perCall =
          row.fresh().contains(name) || name.startsWith("my") || PER_CALL.contains(name);
      String v = perCall ? make(name, as) : get(name);
      current.put(name, v);
      return v;
    }

    static final Set<String> PER_CALL =
        Set.of("unique", "deviceToken", "weChatCode", "newUnitCode");

    String resolve(String template, Caller as, boolean json) {
      Matcher m = PLACEHOLDER.matcher(template);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        m.appendReplacement(out, Matcher.quoteReplacement(value(m.group(1), owner(as))));
      }
      m.appendTail(out);
      return out.toString();
    }

    /** Self fixtures of the anonymous caller are made by resident A (the call fails anyway). */
    Caller owner(Caller as) {
      return as.token() == null ? new Caller("residentA", tokenA) : as;
    }

    String resolveBody(JsonNode body, Caller as) throws RuntimeException {
      String text;
      if (body.isTextual() && PLACEHOLDER.matcher(body.asText()).matches()) {
        return value(body.asText().substring(1, body.asText().length() - 1), owner(as));
      }
      try {
        text = JSON.writeValueAsString(body);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      // "{x}" alone: the raw value (numbers stay numbers); inside a longer string: the text.
      Matcher whole = Pattern.compile("\"\\{([A-Za-z][A-Za-z0-9.]*)}\"").matcher(text);
      StringBuilder out = new StringBuilder();
      while (whole.find()) {
        String v = value(whole.group(1), owner(as));
        String raw = v.matches("-?[0-9]+") || v.startsWith("{") || v.startsWith("[") ? v : quote(v);
        whole.appendReplacement(out, Matcher.quoteReplacement(raw));
      }
      whole.appendTail(out);
      return resolve(out.toString(), as, true);
    }

    static String quote(String s) {
      try {
        return JSON.writeValueAsString(s);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    void undo(String undo, Caller as, Outcome got) {
      String[] parts = undo.split(" ", 3);
      String path = parts[1];
      if (path.contains("{response.")) {
        JsonNode response;
        try {
          response = JSON.readTree(got.body());
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        Matcher m = Pattern.compile("\\{response\\.([A-Za-z]+)}").matcher(path);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
          m.appendReplacement(out, response.path(m.group(1)).asText());
        }
        m.appendTail(out);
        path = out.toString();
      }
      path = resolve(path, as, false);
      Outcome o = call(as, parts[0], path, parts.length > 2 ? parts[2] : null);
      if (o.status() / 100 != 2) {
        throw new IllegalStateException("undo " + undo + " answered " + o.status());
      }
    }

    // ---------------------------------------------------------------- exposure

    /** What a successful read showed that the caller may not see. */
    List<String> exposure(Row row, Caller caller, Outcome got) {
      List<String> out = new ArrayList<>();
      String where = row.op() + " as " + caller.name() + ": ";
      String body = got.body();
      boolean isA = caller.token() != null && caller.token().equals(tokenA);
      boolean isB = caller.token() != null && caller.token().equals(tokenB);
      if (!isA && body.contains(phoneA)) {
        out.add(where + "resident A's phone number");
      }
      if (!isA && body.contains(childA)) {
        out.add(where + "resident A's child's name");
      }
      if (!isB && body.contains(phoneB)) {
        out.add(where + "resident B's phone number");
      }
      if (!isB && body.contains(childB)) {
        out.add(where + "resident B's child's name");
      }
      boolean managesA = Set.of("cadreOwn", "cadreParent", "admin").contains(caller.name());
      if (!isA && !managesA && (body.contains(nameA) || body.contains(subjectA))) {
        out.add(where + "resident A's name or id");
      }
      boolean self = row.path().startsWith("/me") || row.path().startsWith("/no-shows/mine");
      if (!self) {
        Matcher m = FULL_MOBILE.matcher(body);
        if (m.find()) {
          out.add(where + "a full mobile number " + m.group());
        }
        if (got.contentType().contains("json")) {
          try {
            scanKeys(JSON.readTree(body), "", where, out);
          } catch (Exception e) {
            // not JSON after all
          }
        }
      }
      return out;
    }

    static final Set<String> PRIVATE_KEYS =
        Set.of(
            "maritalstatus",
            "idcard",
            "idnumber",
            "childname",
            "dependants",
            "birthyear",
            "mobile");

    void scanKeys(JsonNode node, String parent, String where, List<String> out) {
      if (node.isObject()) {
        node.fields()
            .forEachRemaining(
                f -> {
                  String key = f.getKey().toLowerCase();
                  boolean eligibilityRule = parent.equals("eligibility");
                  if (PRIVATE_KEYS.contains(key)
                      && !eligibilityRule
                      && !f.getValue().isNull()
                      && !(f.getValue().isArray() && f.getValue().isEmpty())) {
                    out.add(where + "field " + f.getKey());
                  }
                  scanKeys(f.getValue(), f.getKey().toLowerCase(), where, out);
                });
      } else if (node.isArray()) {
        node.forEach(n -> scanKeys(n, parent, where, out));
      }
    }

    // ---------------------------------------------------------------- makers

    void define() {
      defineFamilies();
      makers.put("own", c -> String.valueOf(OrgUnits.idOf("FT-01-01")));
      makers.put("sibling", c -> String.valueOf(OrgUnits.idOf("FT-01-02")));
      makers.put("parent", c -> String.valueOf(OrgUnits.idOf("FT-01")));
      makers.put("unique", c -> unique());
      makers.put("tomorrow", c -> now().plusDays(1).toString());
      makers.put("newUnitCode", c -> "AZ-" + unique().toUpperCase());
      makers.put("deviceToken", c -> "authz-device-" + UUID.randomUUID());
      makers.put(
          "weChatCode", c -> FakeWeChat.shared().issueCode("authz-openid-" + unique(), null));
      makers.put(
          "weChatRefreshToken",
          c ->
              given()
                  .contentType(ContentType.JSON)
                  .body(Map.of("code", makers.get("weChatCode").apply(c)))
                  .post("/auth/wechat/login")
                  .then()
                  .statusCode(OK)
                  .extract()
                  .path("refreshToken"));
      makers.put("throwawaySubject", c -> Tokens.subjectOf(TestUsers.token("authz-c-" + run)));
      makers.put("eventBody", c -> json(eventBody(Events.session("FIRST_COME", 10))));
      makers.put("sessionBody", c -> json(Events.session("FIRST_COME", 10)));

      // Events and sessions of the owning unit.
      makers.put("event", c -> String.valueOf(soon().eventId()));
      makers.put("session", c -> String.valueOf(sessionOf(get("event"))));
      makers.put("aRegistration", c -> signUp(tokenA, id("session"), 201));
      makers.put(
          "aCheckinCode",
          c ->
              given()
                  .auth()
                  .oauth2(tokenA)
                  .get("/registrations/{id}/checkin-code", id("aRegistration"))
                  .then()
                  .statusCode(OK)
                  .extract()
                  .path("code"));
      makers.put(
          "venueCode",
          c ->
              given()
                  .auth()
                  .oauth2(cadre())
                  .contentType(ContentType.JSON)
                  .body(Map.of("minutes", 15))
                  .post("/sessions/{id}/venue-codes", id("session"))
                  .then()
                  .statusCode(OK)
                  .extract()
                  .path("code"));
      makers.put(
          "openSession",
          c -> String.valueOf(publish(Events.session("FIRST_COME", 50)).sessionId()));
      makers.put("lotterySession", c -> String.valueOf(lottery().sessionId()));
      makers.put(
          "closedLottery",
          c -> {
            Events.Published p = lottery();
            Events.transition(cadre(), p.eventId(), "CLOSE_REGISTRATION");
            return String.valueOf(p.sessionId());
          });
      makers.put(
          "draftEvent",
          c ->
              String.valueOf(
                  Events.create(cadre(), eventBody(Events.session("FIRST_COME", 10)))
                      .getLong("id")));
      makers.put(
          "aFresh",
          c -> signUp(tokenA, publish(Events.session("FIRST_COME", 10)).sessionId(), 201));
      makers.put(
          "aPending",
          c -> signUp(tokenA, publish(Events.session("APPROVAL", 10)).sessionId(), 201));
      makers.put(
          "aOffered",
          c -> {
            Map<String, Object> s = Events.session("FIRST_COME", 1);
            s.put("offerWindowMinutes", 30);
            long session = publish(s).sessionId();
            String b = signUp(tokenB, session, 201);
            String a = signUp(tokenA, session, 201);
            given()
                .auth()
                .oauth2(tokenB)
                .post("/registrations/{id}/cancel", b)
                .then()
                .statusCode(OK);
            return a;
          });
      makers.put(
          "aReconfirmable",
          c -> {
            OffsetDateTime start = now().plusHours(30);
            Map<String, Object> s = Events.session("FIRST_COME", 10);
            s.put("startsAt", start.toString());
            s.put("endsAt", start.plusHours(2).toString());
            s.put("reconfirm", true);
            return signUp(tokenA, publish(s).sessionId(), 201);
          });
      makers.put(
          "aNoShow",
          c -> {
            long session = soon().sessionId();
            String reg = signUp(tokenA, session, 201);
            Db.update(
                "update session set starts_at = now() - interval '3 hours',"
                    + " ends_at = now() - interval '1 hour' where id = ?",
                session);
            try {
              VertxContextSupport.subscribeAndAwait(() -> noShows.recordEnded());
            } catch (Throwable e) {
              throw new IllegalStateException(e);
            }
            // A's record stays clean whoever was refused: the organiser waives what is left.
            afterCall.add(
                () ->
                    given()
                        .auth()
                        .oauth2(admin())
                        .contentType(ContentType.JSON)
                        .body(Map.of("reason", "权限矩阵测试清理"))
                        .post("/no-shows/{id}/waive", reg));
            return reg;
          });

      // News, service points, campaigns of the owning unit.
      makers.put("news", c -> makers.get("publishedNews").apply(c));
      makers.put(
          "draftNews",
          c ->
              idFrom(
                  given()
                      .auth()
                      .oauth2(cadre())
                      .contentType(ContentType.JSON)
                      .body(Map.of("category", "NOTICE", "title", "权限矩阵测试新闻", "body", "正文"))
                      .post("/org-units/{id}/news", id("own"))));
      makers.put(
          "publishedNews",
          c -> {
            String id = makers.get("draftNews").apply(c);
            given().auth().oauth2(cadre()).post("/news/{id}/publish", id).then().statusCode(OK);
            return id;
          });
      makers.put("servicePoint", c -> makers.get("freshServicePoint").apply(c));
      makers.put(
          "freshServicePoint",
          c ->
              idFrom(
                  given()
                      .auth()
                      .oauth2(cadre())
                      .contentType(ContentType.JSON)
                      .body(Map.of("kind", "COUNSELLING", "nameZh", "权限矩阵测试咨询室" + unique()))
                      .post("/org-units/{id}/service-points", id("own"))));
      makers.put("campaign", c -> makers.get("freshCampaign").apply(c));
      makers.put(
          "freshCampaign",
          c ->
              idFrom(
                  given()
                      .auth()
                      .oauth2(cadre())
                      .contentType(ContentType.JSON)
                      .body(
                          Map.of(
                              "ownerUnitId",
                              id("own"),
                              "titleZh",
                              "权限矩阵测试",
                              "bodyZh",
                              "正文",
                              "audience",
                              Map.of("unitId", id("own")),
                              "sendAt",
                              now().plusDays(1).toString()))
                      .post("/campaigns")));
      makers.put(
          "scheduledCampaign",
          c -> {
            String id = makers.get("freshCampaign").apply(c);
            campaignAction(id, "send");
            return id;
          });
      makers.put(
          "pausedCampaign",
          c -> {
            String id = makers.get("scheduledCampaign").apply(c);
            campaignAction(id, "pause");
            return id;
          });

      // Admin things: keys, throwaway units and appointments.
      makers.put(
          "freshKid",
          c ->
              given()
                  .auth()
                  .oauth2(admin())
                  .post("/checkin/keys/rotate")
                  .then()
                  .statusCode(OK)
                  .extract()
                  .path("kid"));
      makers.put(
          "scratchUnit",
          c ->
              idFrom(
                  given()
                      .auth()
                      .oauth2(admin())
                      .contentType(ContentType.JSON)
                      .body(
                          Map.of(
                              "code",
                              "AZ-" + unique().toUpperCase(),
                              "parentId",
                              id("own"),
                              "kind",
                              "WOMENS_GROUP",
                              "nameZh",
                              "权限矩阵测试妇女小组"))
                      .post("/org-units")));
      makers.put(
          "scratchAssignment",
          c ->
              idFrom(
                  given()
                      .auth()
                      .oauth2(admin())
                      .contentType(ContentType.JSON)
                      .body(
                          Map.of(
                              "subject",
                              get("throwawaySubject"),
                              "orgUnitId",
                              Long.parseLong(makers.get("scratchUnit").apply(c))))
                      .post("/cadre-assignments")));

      // The case team's: a call recorded by the caseworker of FT-01-01 (so assigned to her).
      makers.put(
          "caseRequest",
          c ->
              idFrom(
                  given()
                      .auth()
                      .oauth2(Tokens.of(Tokens.CASEWORKER))
                      .contentType(ContentType.JSON)
                      .body(
                          Map.of(
                              "category", "MARRIAGE_FAMILY",
                              "domesticViolence", true,
                              "account", "矩阵测试：来电登记 " + run,
                              "contactBy", "PHONE",
                              "safeContact", "13900000000 白天",
                              "orgUnitId", id("own"),
                              "channel", "PHONE"))
                      .post("/case-work/help-requests")));
      makers.put("caseworkerSubject", c -> Tokens.SUBJECTS.get(Tokens.CASEWORKER));
      // Cases: a call triaged as a case by the caseworker (hers), then moved along its states.
      makers.put("aCase", c -> caseStep(makers.get("caseRequest").apply(c)));
      makers.put(
          "planDecisionPath",
          c -> {
            String id = makers.get("aCase").apply(c);
            return id + "/approvals/" + askPlan(id);
          });
      makers.put(
          "caseInProgress",
          c -> {
            String id = makers.get("aCase").apply(c);
            caseCall(
                Tokens.CASE_SUPERVISOR,
                "/cases/" + id + "/approvals/" + askPlan(id) + "/decision",
                Map.of("decision", "APPROVED"));
            return id;
          });
      makers.put(
          "partnerReferral",
          c ->
              String.valueOf(
                  caseCall(
                          Tokens.CASEWORKER,
                          "/cases/" + makers.get("aCase").apply(c) + "/referrals",
                          Map.of(
                              "targetKind",
                              "LEGAL_AID",
                              "summary",
                              "权限矩阵测试转介",
                              "consentRecorded",
                              true))
                      .getLong("id")));
      makers.put(
          "acceptedReferral",
          c -> {
            String id = makers.get("partnerReferral").apply(c);
            caseCall(
                Tokens.CASEWORKER,
                "/referrals/" + id + "/response",
                Map.of("decision", "ACCEPTED"));
            return id;
          });
      makers.put(
          "orderPath",
          c -> {
            String id = makers.get("aCase").apply(c);
            return id
                + "/orders/"
                + caseCall(
                        Tokens.CASEWORKER,
                        "/cases/" + id + "/orders",
                        Map.of(
                            "kind", "WARNING_LETTER", "appliedOn", now().toLocalDate().toString()))
                    .getLong("id");
          });
      makers.put(
          "issuedOrderPath",
          c -> {
            String path = makers.get("orderPath").apply(c);
            caseCall(
                Tokens.CASEWORKER,
                "/cases/" + path + "/decision",
                Map.of(
                    "status",
                    "ISSUED",
                    "decidedOn",
                    now().toLocalDate().toString(),
                    "expiresOn",
                    now().toLocalDate().plusDays(60).toString()));
            return path;
          });
      makers.put(
          "mediationCase",
          c -> {
            String id = makers.get("aCase").apply(c);
            caseCall(
                Tokens.CASEWORKER,
                "/cases/" + id + "/mediation",
                Map.of(
                    "venue",
                    "COMMITTEE",
                    "parties",
                    2,
                    "startedOn",
                    now().toLocalDate().minusDays(10).toString()));
            return id;
          });
      makers.put(
          "difficultyEntry",
          c ->
              String.valueOf(
                  caseCall(
                          Tokens.CASEWORKER,
                          "/difficulty-register",
                          Map.of(
                              "orgUnitId",
                              id("own"),
                              "kind",
                              "WOMAN",
                              "situations",
                              List.of("SINGLE_PARENT"),
                              "name",
                              "权限矩阵测试"))
                      .getLong("id")));
      // A draft digest of a resolved case, by the district's supervisor (the street's decides).
      makers.put(
          "caseDigest",
          c -> {
            String caseId = makers.get("resolvedCase").apply(c);
            return String.valueOf(
                caseCall(
                        Tokens.DISTRICT_CASE_SUPERVISOR,
                        "/case-digests",
                        Map.of(
                            "orgUnitId",
                            id("own"),
                            "quarter",
                            "2026-Q4",
                            "title",
                            "权限矩阵测试",
                            "items",
                            List.of(Map.of("caseId", Long.parseLong(caseId)))))
                    .getLong("id"));
          });
      makers.put(
          "approvedDigest",
          c -> {
            String digest = makers.get("caseDigest").apply(c);
            caseCall(
                Tokens.CASE_SUPERVISOR,
                "/case-digests/" + digest + "/decision",
                Map.of("decision", "APPROVED"));
            return digest;
          });
      // The REGISTER change of a fresh proposal, as "<changeId>".
      makers.put(
          "difficultyChange",
          c -> {
            String entry = makers.get("difficultyEntry").apply(c);
            return String.valueOf(
                cn.futian.jufu.testing.Db.count(
                    "select id from difficulty_change where entry_id = ? and decision is null",
                    Long.parseLong(entry)));
          });
      // An entry the district's supervisor confirmed: changes may be proposed to it.
      makers.put(
          "confirmedEntry",
          c -> {
            String entry = makers.get("difficultyEntry").apply(c);
            long change =
                cn.futian.jufu.testing.Db.count(
                    "select id from difficulty_change where entry_id = ? and decision is null",
                    Long.parseLong(entry));
            caseCall(
                Tokens.DISTRICT_CASE_SUPERVISOR,
                "/difficulty-register/changes/" + change + "/decision",
                Map.of("decision", "CONFIRMED"));
            return entry;
          });
      makers.put(
          "resolvedCase",
          c -> {
            String id = makers.get("caseInProgress").apply(c);
            caseCall(
                Tokens.CASEWORKER,
                "/cases/" + id + "/resolve",
                Map.of(
                    "resolution",
                    "SAFE_AND_SUPPORTED",
                    "followUpDue",
                    now().plusDays(30).toString()));
            return id;
          });
      makers.put(
          "scratchCaseSeat",
          c ->
              idFrom(
                  given()
                      .auth()
                      .oauth2(admin())
                      .contentType(ContentType.JSON)
                      .body(
                          Map.of(
                              "subject",
                              get("throwawaySubject"),
                              "orgUnitId",
                              Long.parseLong(makers.get("scratchUnit").apply(c)),
                              "role",
                              "CASEWORKER"))
                      .post("/case-team")));

      // Resident A's own things.
      makers.put("aFeedToken", c -> feedToken(tokenA));
      makers.put("aDependant", c -> String.valueOf(Profiles.child(tokenA, "矩阵临时孩子", 2019)));
      makers.put(
          "aDevice",
          c ->
              idFrom(
                  given()
                      .auth()
                      .oauth2(tokenA)
                      .contentType(ContentType.JSON)
                      .body(
                          Map.of(
                              "token", "authz-device-" + UUID.randomUUID(), "platform", "ANDROID"))
                      .put("/me/devices")));
      makers.put(
          "aNotification",
          c ->
              Db.text(
                  "insert into notification (member_id, category, type, dedup_key, title_zh,"
                      + " body_zh) values ((select id from member where subject = ?), 'SIGN_UP',"
                      + " 'AUTHZ_TEST', ?, '权限矩阵测试', '正文') returning id",
                  subjectA,
                  "authz-" + UUID.randomUUID()));

      // The caller's own things (made again for every call).
      makers.put("myFeed", c -> feedToken(c.token()));
      makers.put(
          "myCampaignsConsent",
          c -> {
            Profiles.consent(c.token(), "CAMPAIGNS");
            return "CAMPAIGNS";
          });
      makers.put(
          "myMinorsConsent",
          c -> {
            Profiles.consent(c.token(), "MINORS");
            return "MINORS";
          });
      makers.put(
          "myFollow",
          c -> {
            given()
                .auth()
                .oauth2(c.token())
                .put("/me/follows/{id}", id("sibling"))
                .then()
                .statusCode(OK);
            return get("sibling");
          });
      makers.put(
          "myInterests",
          c -> given().auth().oauth2(c.token()).get("/me/interests").then().extract().asString());
      makers.put(
          "myPreferences",
          c -> {
            JsonNode p =
                readJson(
                    given()
                        .auth()
                        .oauth2(c.token())
                        .get("/me/notification-preferences")
                        .then()
                        .statusCode(OK)
                        .extract()
                        .asString());
            ObjectNode update = JSON.createObjectNode();
            update.set("reminders", p.get("reminders"));
            update.set("campaigns", p.get("campaigns"));
            update.set("quietHours", p.get("quietHours"));
            update.set("language", p.get("language"));
            return update.toString();
          });
      makers.put(
          "myWeChat",
          c -> {
            given()
                .auth()
                .oauth2(c.token())
                .contentType(ContentType.JSON)
                .body(
                    Map.of("code", FakeWeChat.shared().issueCode("authz-openid-" + unique(), null)))
                .put("/me/wechat")
                .then()
                .statusCode(OK);
            return "bound";
          });
    }

    /** The 最美家庭 search's fixtures (ADR 0030): a search in its nomination phase. */
    void defineFamilies() {
      makers.put(
          "familySearch",
          c ->
              given()
                  .auth()
                  .oauth2(Tokens.of(Tokens.ADMIN))
                  .contentType(ContentType.JSON)
                  .body(Families.searchBody(Families.freeYear(), 3))
                  .post("/family-searches")
                  .then()
                  .statusCode(201)
                  .extract()
                  .jsonPath()
                  .getString("id"));
      makers.put("familySearchBody", c -> json(Families.searchBody(Families.freeYear(), 3)));
      makers.put(
          "familyNominationBody",
          c ->
              json(
                  Families.nominationBody(
                      "SELF", null, List.of(Families.member("矩阵家庭成员", "母亲", false)))));
      // Resident A's nomination; fresh ones each by a new member (five a member at most).
      makers.put("familyNomination", c -> nominateFamily(tokenA));
      makers.put(
          "freshFamilyNomination", c -> nominateFamily(TestUsers.token("authz-f-" + unique())));
      makers.put(
          "freshFamilyMember",
          c ->
              given()
                  .auth()
                  .oauth2(Tokens.of(Tokens.ADMIN))
                  .get("/family-nominations/{id}", value("freshFamilyNomination", c))
                  .then()
                  .statusCode(OK)
                  .extract()
                  .jsonPath()
                  .getString("members[0].id"));
    }

    String nominateFamily(String token) {
      return given()
          .auth()
          .oauth2(token)
          .contentType(ContentType.JSON)
          .body(
              Families.nominationBody(
                  "SELF", null, List.of(Families.member("矩阵家庭成员", "母亲", false))))
          .post("/family-searches/{id}/nominations", get("familySearch"))
          .then()
          .statusCode(201)
          .extract()
          .jsonPath()
          .getString("id");
    }

    OffsetDateTime now() {
      return OffsetDateTime.now(ZoneOffset.ofHours(8)).withNano(0);
    }

    Map<String, Object> eventBody(Map<String, Object> session) {
      Map<String, Object> e =
          Events.event(id("own"), "PARENT_SCHOOL", List.of(id("own")), List.of(session));
      e.put("title", "权限矩阵测试活动");
      return e;
    }

    Events.Published publish(Map<String, Object> session) {
      return Events.publish(cadre(), eventBody(session));
    }

    /** A session starting in an hour: check-in is open. */
    Events.Published soon() {
      OffsetDateTime start = now().plusHours(1);
      Map<String, Object> s = Events.session("FIRST_COME", 50);
      s.put("startsAt", start.toString());
      s.put("endsAt", start.plusHours(2).toString());
      return publish(s);
    }

    Events.Published lottery() {
      Map<String, Object> s = Events.session("LOTTERY", 4);
      OffsetDateTime start = OffsetDateTime.parse((String) s.get("startsAt"));
      s.put("registrationClosesAt", start.minusDays(1).toString());
      return publish(s);
    }

    long sessionOf(String eventId) {
      return given()
          .auth()
          .oauth2(cadre())
          .get("/events/{id}", eventId)
          .then()
          .statusCode(OK)
          .extract()
          .jsonPath()
          .getLong("sessions[0].id");
    }

    String signUp(String token, long session, int status) {
      return String.valueOf(
          given()
              .auth()
              .oauth2(token)
              .contentType(ContentType.JSON)
              .body("{}")
              .post("/sessions/{id}/registrations", session)
              .then()
              .statusCode(status)
              .extract()
              .jsonPath()
              .getLong("id"));
    }

    void campaignAction(String id, String action) {
      given().auth().oauth2(cadre()).post("/campaigns/{id}/" + action, id).then().statusCode(OK);
    }

    String feedToken(String token) {
      String url =
          given()
              .auth()
              .oauth2(token)
              .post("/me/calendar-feed")
              .then()
              .statusCode(OK)
              .extract()
              .path("url");
      return url.substring(url.lastIndexOf('/') + 1, url.length() - ".ics".length());
    }

    void patchMe(String token, Map<String, Object> patch) {
      given()
          .auth()
          .oauth2(token)
          .contentType(ContentType.JSON)
          .body(patch)
          .patch("/me")
          .then()
          .statusCode(OK);
    }

    String json(Object o) {
      try {
        return JSON.writeValueAsString(o);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    JsonNode readJson(String s) {
      try {
        return JSON.readTree(s);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** The id in a 2xx answer (of what a fixture call created), as a placeholder value. */
  /** Triages the caseworker's request as a case: the case's id. */
  private static String caseStep(String requestId) {
    return String.valueOf(
        caseCall(
                Tokens.CASEWORKER,
                "/case-work/help-requests/" + requestId + "/triage",
                Map.of("outcome", "CASE"))
            .getLong("caseId"));
  }

  /** The caseworker asks for the plan's approval: the approval's id. */
  private static long askPlan(String caseId) {
    return caseCall(
            Tokens.CASEWORKER,
            "/cases/" + caseId + "/approvals",
            Map.of("kind", "CASE_PLAN", "text", "权限矩阵测试计划"))
        .getLong("id");
  }

  private static io.restassured.path.json.JsonPath caseCall(
      String user, String path, Map<String, ?> body) {
    return given()
        .auth()
        .oauth2(Tokens.of(user))
        .contentType(ContentType.JSON)
        .body(body)
        .post(path)
        .then()
        .statusCode(OK)
        .extract()
        .jsonPath();
  }

  private static String idFrom(io.restassured.response.Response answer) {
    return String.valueOf(answer.then().statusCode(OK).extract().jsonPath().getLong("id"));
  }
}
