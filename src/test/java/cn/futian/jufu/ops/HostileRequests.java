package cn.futian.jufu.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Generates hostile requests for one operation of openapi.yaml: a minimal valid body, path and
 * query built from the operation's schemas (following $ref into components), then one thing at a
 * time made hostile — wrong types, missing required fields, unknown fields, huge strings and
 * arrays, deep nesting, invalid UTF-8, non-JSON bodies, wrong content types, injection strings,
 * boundary numbers, bad path ids, bad query parameters and bad headers.
 */
final class HostileRequests {

  /** One request to send. A null body means none; chunked means no Content-Length. */
  record Case(
      String category,
      String label,
      String method,
      String path,
      String query,
      Map<String, String> headers,
      byte[] body,
      boolean chunked,
      Integer expectedStatus) {

    String describe() {
      String q = query == null || query.isEmpty() ? "" : "?" + query;
      String shown = path + q;
      if (shown.length() > 160) {
        shown = shown.substring(0, 160) + "…";
      }
      return method + " " + shown + " [" + category + ": " + label + "]";
    }
  }

  /** What the operation's good values are: ids of fixtures, a unit the caller manages. */
  record Hints(Map<String, String> pathValues, Function<String, Object> propertyValue) {}

  static final int HUGE_STRING_BYTES = 1024 * 1024;
  static final int DEEP_NESTING = 10_000;

  static final List<String> INJECTIONS =
      List.of(
          "' or 1=1--",
          "'; drop table member; --",
          "\" or \"\"=\"",
          "<script>alert(1)</script>",
          "<img src=x onerror=alert(1)>",
          "${jndi:ldap://127.0.0.1:1/a}",
          "${7*7}{{7*7}}#{7*7}",
          "a\u0000b",
          "\u0000",
          "\u202Egnp.exe",
          "\u202Eabc\u202C\u200F\u200E",
          "../../../../etc/passwd",
          "%00%27%22",
          "\\\\x00\\",
          "\uFEFF\u200B",
          "😀👩‍👩‍👧‍👦",
          "\r\nSet-Cookie: a=b",
          "%s%s%s%n");

  /** JSON tokens written as they are: numbers no Java type holds, NaN, lone surrogates. */
  static final List<String> RAW_NUMBERS =
      List.of(
          "0",
          "-1",
          String.valueOf(Integer.MIN_VALUE),
          String.valueOf(Integer.MAX_VALUE),
          String.valueOf(Long.MIN_VALUE),
          String.valueOf(Long.MAX_VALUE),
          "9223372036854775808",
          "-9223372036854775809",
          "1e309",
          "-1e309",
          "1e-400",
          "-0",
          "0.5",
          "1.0E10",
          "NaN",
          "Infinity",
          "\"NaN\"",
          "\"-Infinity\"",
          "1" + "0".repeat(1200));

  static final List<String> BAD_DATES =
      List.of(
          "2026-13-45T99:99:99Z",
          "0000-00-00T00:00:00Z",
          "+999999999-12-31T23:59:59.999999999-18:00",
          "-999999999-01-01T00:00:00+18:00",
          "9999-12-31T23:59:59Z",
          "0001-01-01T00:00:00Z",
          "2026-02-30T10:00:00+08:00",
          "",
          "now",
          "1700000000");

  static final List<String> BAD_PATH_IDS =
      List.of(
          "abc",
          "-1",
          "0",
          "99999999999999999999",
          String.valueOf(Long.MAX_VALUE),
          String.valueOf(Long.MIN_VALUE),
          "1.5",
          "1e3",
          "0x10",
          "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
          "%20",
          "%00",
          "%27%20or%201%3D1--",
          "%3Cscript%3E",
          "%24%7Bjndi%3Aldap%3A%2F%2Fx%7D",
          "%E2%80%AE123",
          "%C0%AF",
          "%FF%FE",
          "%D9%A1%D9%A2%D9%A3%D9%A4%D9%A5%D9%A6%D9%A7%D9%A8%D9%A9%D9%A0%D9%A1",
          "9".repeat(5000),
          "..%2F..%2Fadmin");

  static final List<String> BAD_AUTHORIZATION =
      List.of(
          "Bearer",
          "Bearer ",
          "Bearer abc",
          "Bearer a.b.c",
          "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIwYTAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDEiLCJyZWFsbV9hY2Nlc3MiOnsicm9sZXMiOlsiYWRtaW4iXX19.",
          "Basic YWRtaW46YWRtaW4=",
          "Bearer " + "A".repeat(12_000),
          "Digest username=\"admin\"",
          "bearer  %00");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RAW_MARK = "\u0001raw:";

  private final JsonNode doc;
  private final Random random;

  HostileRequests(JsonNode doc, Random random) {
    this.doc = doc;
    this.random = random;
  }

  // ------------------------------------------------------------------ schemas

  JsonNode resolve(JsonNode schema) {
    int guard = 0;
    while (schema != null && schema.has("$ref") && guard++ < 20) {
      String ref = schema.get("$ref").asText();
      JsonNode target = doc;
      for (String part : ref.substring(2).split("/")) {
        target = target.get(part);
      }
      schema = target;
    }
    return schema;
  }

  /** The first non-null type of a schema ("string" for ["string", "null"], enums as strings). */
  String typeOf(JsonNode schema) {
    JsonNode s = resolve(schema);
    if (s == null) {
      return "any";
    }
    JsonNode type = s.get("type");
    if (type == null) {
      if (s.has("enum")) {
        return "string";
      }
      if (s.has("properties")) {
        return "object";
      }
      return "any";
    }
    if (type.isArray()) {
      for (JsonNode t : type) {
        if (!"null".equals(t.asText())) {
          return t.asText();
        }
      }
      return "null";
    }
    return type.asText();
  }

  /**
   * A minimal valid instance: required properties only (and all properties of an object that
   * requires none and has few), values from the hints, examples, enums, formats and bounds.
   */
  JsonNode valid(JsonNode schema, String name, Hints hints, int depth) {
    JsonNode s = resolve(schema);
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (name != null && hints.propertyValue().apply(name) != null) {
      return JSON.valueToTree(hints.propertyValue().apply(name));
    }
    switch (typeOf(s)) {
      case "object" -> {
        ObjectNode o = f.objectNode();
        if (depth > 4 || s == null || !s.has("properties")) {
          return o;
        }
        for (String required : required(s)) {
          JsonNode prop = s.get("properties").get(required);
          if (prop != null) {
            o.set(required, valid(prop, required, hints, depth + 1));
          }
        }
        return o;
      }
      case "array" -> {
        ArrayNode a = f.arrayNode();
        int min = s.path("minItems").asInt(0);
        for (int i = 0; i < min; i++) {
          a.add(valid(s.get("items"), null, hints, depth + 1));
        }
        return a;
      }
      case "integer" -> {
        long min = s.has("minimum") ? s.get("minimum").asLong() : 1;
        if (s.has("exclusiveMinimum")) {
          min = Math.max(min, s.get("exclusiveMinimum").asLong() + 1);
        }
        long max = s.has("maximum") ? s.get("maximum").asLong() : Long.MAX_VALUE;
        long v = Math.max(min, Math.min(1, max));
        if ("birthYear".equals(name)) {
          v = 1990;
        }
        return f.numberNode(v);
      }
      case "number" -> {
        double min = s.has("minimum") ? s.get("minimum").asDouble() : 0;
        double max = s.has("maximum") ? s.get("maximum").asDouble() : 100;
        return f.numberNode(Math.max(min, Math.min(max, 22.5)));
      }
      case "boolean" -> {
        return f.booleanNode(false);
      }
      case "string" -> {
        if (s.has("enum")) {
          return s.get("enum").get(0);
        }
        if (s.has("examples") && s.get("examples").size() > 0) {
          return TextNode.valueOf(s.get("examples").get(0).asText());
        }
        String format = s.path("format").asText("");
        if ("date-time".equals(format)) {
          return TextNode.valueOf(
              OffsetDateTime.now(ZoneOffset.ofHours(8)).plusDays(10).withNano(0).toString());
        }
        if ("date".equals(format)) {
          return TextNode.valueOf("2026-01-15");
        }
        String pattern = s.path("pattern").asText("");
        if (pattern.startsWith("https://")) {
          return TextNode.valueOf("https://example.org/hostile.png");
        }
        if (pattern.startsWith("/")) {
          return TextNode.valueOf("/events/1");
        }
        if (pattern.contains("{8,100}")) {
          return TextNode.valueOf("hostile-key-00000001");
        }
        if (pattern.contains("{6,16}")) {
          return TextNode.valueOf("ABCDEF12");
        }
        if (pattern.startsWith("[A-Za-z]{2,3}")) {
          return TextNode.valueOf("zh-CN");
        }
        if (pattern.startsWith("[0-9]")) {
          return TextNode.valueOf("12338");
        }
        if (pattern.startsWith("[A-Z0-9]")) {
          return TextNode.valueOf("HOSTILE-1");
        }
        if (pattern.startsWith("[A-Za-z0-9_:")) {
          return TextNode.valueOf("hostile-device-token");
        }
        if (pattern.startsWith("[0-9a-f]{8}")) {
          return TextNode.valueOf("0a000000-0000-4000-8000-00000000dead");
        }
        int max = s.path("maxLength").asInt(40);
        return TextNode.valueOf("测试".substring(0, Math.min(2, max)));
      }
      default -> {
        return f.objectNode();
      }
    }
  }

  static List<String> required(JsonNode s) {
    List<String> out = new ArrayList<>();
    if (s != null && s.has("required")) {
      s.get("required").forEach(r -> out.add(r.asText()));
    }
    return out;
  }

  // ------------------------------------------------------------------ cases

  /** Every hostile case for one operation, sampled down to {@code cap} (seeded). */
  List<Case> cases(
      String method, String template, JsonNode op, Hints hints, boolean secured, int cap) {
    List<Case> out = new ArrayList<>();
    Map<String, String> goodPath = new LinkedHashMap<>();
    List<JsonNode> pathParams = new ArrayList<>();
    List<JsonNode> queryParams = new ArrayList<>();
    for (JsonNode p : op.path("parameters")) {
      switch (p.path("in").asText()) {
        case "path" -> {
          pathParams.add(p);
          String n = p.get("name").asText();
          goodPath.put(n, hints.pathValues().getOrDefault(n, "1"));
        }
        case "query" -> queryParams.add(p);
        default -> {}
      }
    }
    String goodPathText = expand(template, goodPath);
    boolean readOnly = "GET".equals(method);
    JsonNode content = op.path("requestBody").path("content");
    String contentType = content.fieldNames().hasNext() ? content.fieldNames().next() : null;
    JsonNode bodySchema = contentType == null ? null : content.get(contentType).get("schema");
    byte[] goodBody = null;
    if (bodySchema != null) {
      goodBody = bytes(valid(bodySchema, null, hints, 0));
    }
    Map<String, String> json = contentType == null ? Map.of() : Map.of("Content-Type", contentType);

    // Path parameters: one at a time, the others good.
    for (JsonNode p : pathParams) {
      String n = p.get("name").asText();
      for (String bad : BAD_PATH_IDS) {
        Map<String, String> values = new LinkedHashMap<>(goodPath);
        values.put(n, bad);
        out.add(
            new Case(
                "path",
                n + "=" + abbreviate(bad),
                method,
                expand(template, values),
                "",
                json,
                goodBody,
                false,
                null));
      }
    }

    // Query parameters: wrong types, bounds, injections, huge, repeated.
    for (JsonNode p : queryParams) {
      String n = p.get("name").asText();
      JsonNode s = resolve(p.get("schema"));
      List<String> bads = new ArrayList<>();
      switch (typeOf(s)) {
        case "integer", "number" -> {
          bads.addAll(
              List.of(
                  "abc",
                  "-1",
                  "0",
                  "2147483648",
                  "-2147483649",
                  "99999999999999999999",
                  "1e309",
                  "NaN",
                  "Infinity",
                  "1.5",
                  "",
                  "0x1F"));
        }
        case "boolean" -> bads.addAll(List.of("maybe", "2", "", "TRUE%00"));
        default -> {
          if (s != null && s.has("enum")) {
            bads.addAll(List.of("BOGUS", "", s.get("enum").get(0).asText().toLowerCase()));
          }
          if ("date-time".equals(s == null ? "" : s.path("format").asText())
              || "date".equals(s == null ? "" : s.path("format").asText())) {
            bads.addAll(BAD_DATES);
          }
        }
      }
      for (String inj : INJECTIONS) {
        bads.add(inj);
      }
      bads.add("x".repeat(20_000));
      for (String bad : bads) {
        out.add(
            new Case(
                "query",
                n + "=" + abbreviate(bad),
                method,
                goodPathText,
                n + "=" + URLEncoder.encode(bad, StandardCharsets.UTF_8),
                Map.of(),
                null,
                false,
                null));
      }
      out.add(
          new Case(
              "query",
              n + " repeated",
              method,
              goodPathText,
              n + "=1&" + n + "=abc&" + n + "=",
              Map.of(),
              null,
              false,
              null));
    }
    if (!queryParams.isEmpty() || readOnly) {
      out.add(
          new Case(
              "query",
              "unknown and undecodable parameters",
              method,
              goodPathText,
              "__proto__=1&constructor%5Bprototype%5D=x&bad=%FF%FE%C0%AF",
              Map.of(),
              null,
              false,
              null));
    }

    // Bodies.
    if (bodySchema != null) {
      out.addAll(bodyCases(method, goodPathText, contentType, bodySchema, hints));
    }

    // Headers: on reads with the caller's token; on writes only with a refused token or body, so
    // that a hostile header never rides on a request that would change something.
    for (String auth : BAD_AUTHORIZATION) {
      Map<String, String> h = new LinkedHashMap<>(json);
      h.put("Authorization", auth);
      out.add(
          new Case(
              "header",
              "Authorization " + abbreviate(auth),
              method,
              goodPathText,
              "",
              h,
              goodBody,
              false,
              secured ? 401 : null));
    }
    String hugeLanguage = "zz-ZZ;q=0.1, ".repeat(600) + "en;q=0.9";
    byte[] refusedBody =
        bodySchema == null ? null : "{\"\u0001\":".getBytes(StandardCharsets.UTF_8);
    for (var header :
        List.of(
            Map.entry("Accept-Language", hugeLanguage),
            Map.entry("Accept-Language", "*;q=abc, zh-Hant-TW-x-private-aaaaaaaaa, ,;;,en-"),
            Map.entry("Accept", "application/xml"),
            Map.entry("Accept", "text/html;q=0.9, */*;q=abc"),
            Map.entry("X-Filler", "y".repeat(16_000)),
            Map.entry("X-Filler", "y".repeat(64_000)),
            Map.entry("X-Forwarded-For", "' or 1=1--, 999.999.999.999, ::ffff:zz"),
            Map.entry("Idempotency-Key", "' or 1=1--" + "k".repeat(300)),
            Map.entry("If-Match", "\"" + "x".repeat(2000) + "\""))) {
      Map<String, String> h = new LinkedHashMap<>(json);
      h.put(header.getKey(), header.getValue());
      if (readOnly) {
        // A read goes through with the caller's token.
      } else if (bodySchema != null) {
        out.add(
            new Case(
                "header",
                header.getKey() + " " + abbreviate(header.getValue()) + " (bad body)",
                method,
                goodPathText,
                "",
                new LinkedHashMap<>(h),
                refusedBody,
                false,
                null));
        continue;
      } else {
        h.put("Authorization", "Bearer a.b.c");
      }
      out.add(
          new Case(
              "header",
              header.getKey() + " " + abbreviate(header.getValue()),
              method,
              goodPathText,
              "",
              h,
              null,
              false,
              null));
    }

    if (out.size() > cap) {
      Collections.shuffle(out, random);
      out = new ArrayList<>(out.subList(0, cap));
    }
    return out;
  }

  private List<Case> bodyCases(
      String method, String path, String contentType, JsonNode bodySchema, Hints hints) {
    List<Case> out = new ArrayList<>();
    Map<String, String> ct = Map.of("Content-Type", contentType);
    JsonNode base = valid(bodySchema, null, hints, 0);
    JsonNode schema = resolve(bodySchema);

    // Property by property (top level, nested objects and the first item of arrays of objects).
    List<String[]> paths = new ArrayList<>();
    collectPaths(schema, new String[0], paths, 0);
    for (String[] p : paths) {
      JsonNode propSchema = schemaAt(schema, p);
      String where = String.join(".", p);
      JsonNode withProp = ensure(base, schema, p, hints);
      boolean required = isRequired(schema, p);
      // Wrong types.
      for (JsonNode wrong : wrongTypes(typeOf(propSchema))) {
        out.add(
            body(
                "type",
                where + "=" + abbreviate(wrong.toString()),
                method,
                path,
                ct,
                bytes(set(withProp, p, wrong))));
      }
      out.add(body("null", where + "=null", method, path, ct, bytes(set(withProp, p, null))));
      if (required) {
        out.add(body("missing", where, method, path, ct, bytes(remove(withProp, p))));
      }
      out.add(
          body(
              "unknown-field",
              where + " sibling",
              method,
              path,
              ct,
              bytes(addSibling(withProp, p, "hostileUnknown", TextNode.valueOf("x")))));
      JsonNode rs = resolve(propSchema);
      switch (typeOf(propSchema)) {
        case "string" -> {
          int max = rs.path("maxLength").asInt(0);
          if (max > 0) {
            out.add(
                body(
                    "length",
                    where + " maxLength+1",
                    method,
                    path,
                    ct,
                    bytes(set(withProp, p, TextNode.valueOf("长".repeat(max + 1))))));
          }
          if (rs.has("enum")) {
            for (String e : List.of("BOGUS", "", rs.get("enum").get(0).asText().toLowerCase())) {
              out.add(
                  body(
                      "enum",
                      where + "=" + e,
                      method,
                      path,
                      ct,
                      bytes(set(withProp, p, TextNode.valueOf(e)))));
            }
          }
          if (rs.path("format").asText().startsWith("date")) {
            for (String d : BAD_DATES) {
              out.add(
                  body(
                      "date",
                      where + "=" + d,
                      method,
                      path,
                      ct,
                      bytes(set(withProp, p, TextNode.valueOf(d)))));
            }
          }
          for (String inj : INJECTIONS) {
            out.add(
                body(
                    "injection",
                    where + "=" + abbreviate(inj),
                    method,
                    path,
                    ct,
                    bytes(set(withProp, p, TextNode.valueOf(inj)))));
          }
          out.add(
              body(
                  "injection",
                  where + "=lone surrogate",
                  method,
                  path,
                  ct,
                  bytes(set(withProp, p, raw("\"\\ud800x\\udfff\"")))));
          out.add(
              body(
                  "utf8",
                  where + " invalid UTF-8",
                  method,
                  path,
                  ct,
                  bytesRaw(set(withProp, p, raw("\"a\u00ff\"")), true)));
          out.add(
              body(
                  "huge",
                  where + " 1 MB string",
                  method,
                  path,
                  ct,
                  bytes(set(withProp, p, TextNode.valueOf("x".repeat(HUGE_STRING_BYTES)))),
                  413));
          out.add(
              body(
                  "huge",
                  where + " 60 kB string",
                  method,
                  path,
                  ct,
                  bytes(set(withProp, p, TextNode.valueOf("x".repeat(60_000))))));
        }
        case "integer", "number" -> {
          for (String n : RAW_NUMBERS) {
            out.add(
                body(
                    "number",
                    where + "=" + abbreviate(n),
                    method,
                    path,
                    ct,
                    bytes(set(withProp, p, raw(n)))));
          }
        }
        case "array" -> {
          JsonNode items = rs.get("items");
          JsonNode one = valid(items, p[p.length - 1], hints, 1);
          if (one.isArray() && one.size() > 0) {
            one = one.get(0);
          }
          ArrayNode many = JsonNodeFactory.instance.arrayNode();
          for (int i = 0; i < 5_000; i++) {
            many.add(one.isContainerNode() ? JsonNodeFactory.instance.numberNode(i) : one);
          }
          out.add(
              body("huge", where + " 5000 items", method, path, ct, bytes(set(withProp, p, many))));
          ArrayNode huge = JsonNodeFactory.instance.arrayNode();
          for (int i = 0; i < 300_000; i++) {
            huge.add(i);
          }
          out.add(
              body(
                  "huge",
                  where + " 300000 items",
                  method,
                  path,
                  ct,
                  bytes(set(withProp, p, huge)),
                  413));
          ArrayNode wrongItems = JsonNodeFactory.instance.arrayNode();
          wrongItems.add(JsonNodeFactory.instance.nullNode());
          wrongItems.add("' or 1=1--");
          wrongItems.add(JsonNodeFactory.instance.arrayNode().add(1));
          wrongItems.add(JsonNodeFactory.instance.objectNode());
          out.add(
              body(
                  "type",
                  where + " wrong items",
                  method,
                  path,
                  ct,
                  bytes(set(withProp, p, wrongItems))));
          out.add(
              body(
                  "nesting",
                  where + " 10000 nested arrays",
                  method,
                  path,
                  ct,
                  bytes(set(withProp, p, raw(nested("[", "]", DEEP_NESTING))))));
        }
        case "object" ->
            out.add(
                body(
                    "nesting",
                    where + " 10000 nested objects",
                    method,
                    path,
                    ct,
                    bytes(set(withProp, p, raw(nested("{\"a\":", "}", DEEP_NESTING))))));
        default -> {}
      }
    }

    if ("array".equals(typeOf(schema))) {
      ArrayNode many = JsonNodeFactory.instance.arrayNode();
      ArrayNode huge = JsonNodeFactory.instance.arrayNode();
      for (int i = 0; i < 300_000; i++) {
        (i < 5_000 ? many : huge)
            .add(i < 5_000 ? valid(schema.get("items"), null, hints, 1) : null);
      }
      out.add(body("huge", "5000 items", method, path, ct, bytes(many)));
      out.add(body("huge", "300000 items", method, path, ct, bytes(huge), 413));
      out.add(
          body(
              "type",
              "wrong items",
              method,
              path,
              ct,
              "[null, 1, [1], {}, \"' or 1=1--\"]".getBytes(StandardCharsets.UTF_8)));
      out.add(body("type", "an object", method, path, ct, "{}".getBytes(StandardCharsets.UTF_8)));
    }

    // The whole body.
    List<Map.Entry<String, String>> wholes =
        List.of(
            Map.entry("empty", ""),
            Map.entry("opening brace", "{"),
            Map.entry("plain text", "hello"),
            Map.entry("xml", "<?xml version=\"1.0\"?><a>&xxe;</a>"),
            Map.entry("null", "null"),
            Map.entry("array", "[]"),
            Map.entry("number", "123"),
            Map.entry("string", "\"str\""),
            Map.entry("missing value", "{\"a\":}"),
            Map.entry("trailing garbage", "{}}{"),
            Map.entry("comment", "/* c */ {}"),
            Map.entry("single quotes", "{'a':'b'}"),
            Map.entry("nested arrays", nested("[", "]", DEEP_NESTING)),
            Map.entry("nested objects", nested("{\"a\":", "}", DEEP_NESTING)),
            Map.entry("NUL bytes", "\u0000\u0000{}"),
            Map.entry("huge number", "1" + "0".repeat(50_000)));
    for (var w : wholes) {
      out.add(
          body(
              "non-json",
              w.getKey(),
              method,
              path,
              ct,
              w.getValue().getBytes(StandardCharsets.UTF_8)));
    }
    byte[] baseBytes = bytes(base);
    ByteArrayOutputStream withBom = new ByteArrayOutputStream();
    withBom.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    withBom.writeBytes(baseBytes);
    out.add(body("non-json", "byte order mark", method, path, ct, withBom.toByteArray()));
    out.add(
        body(
            "utf8",
            "invalid UTF-8 bytes",
            method,
            path,
            ct,
            new byte[] {
              '{', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, '"', ':', '1', '}'
            }));
    out.add(
        body(
            "utf8",
            "UTF-16 body",
            method,
            path,
            ct,
            new String(baseBytes, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16)));
    if (schema != null && "object".equals(typeOf(schema))) {
      ObjectNode extra = base.deepCopy();
      extra.put("hostileUnknown", 1);
      out.add(body("unknown-field", "top level", method, path, ct, bytes(extra)));
      String dup = new String(baseBytes, StandardCharsets.UTF_8);
      if (dup.length() > 2) {
        out.add(
            body(
                "non-json",
                "duplicate keys",
                method,
                path,
                ct,
                ("{\"a\":1,\"a\":2," + dup.substring(1)).getBytes(StandardCharsets.UTF_8)));
      }
    }
    ByteArrayOutputStream huge = new ByteArrayOutputStream();
    huge.writeBytes("[".getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < HUGE_STRING_BYTES / 4; i++) {
      huge.writeBytes("123,".getBytes(StandardCharsets.UTF_8));
    }
    huge.writeBytes("1]".getBytes(StandardCharsets.UTF_8));
    out.add(body("huge", "1 MB body", method, path, ct, huge.toByteArray(), 413));
    out.add(
        new Case(
            "huge",
            "1 MB body, chunked",
            method,
            path,
            "",
            ct,
            bytes(padded(base, HUGE_STRING_BYTES)),
            true,
            413));
    out.add(
        new Case(
            "huge",
            "60 kB body, chunked",
            method,
            path,
            "",
            ct,
            bytes(padded(base, 60_000)),
            true,
            null));

    // Content types.
    for (String type :
        List.of(
            "text/plain",
            "application/xml",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=xyz",
            "application/json; charset=bogus-charset",
            "application/json; charset=ISO-8859-1",
            "application/json; charset=UTF-32",
            "application/octet-stream",
            "*/*",
            "application",
            "application/json;;;=;")) {
      out.add(body("content-type", type, method, path, Map.of("Content-Type", type), baseBytes));
    }
    out.add(body("content-type", "none", method, path, Map.of(), baseBytes));
    for (String encoding : List.of("gzip", "deflate", "br, x-bogus")) {
      out.add(
          body(
              "content-type",
              "Content-Encoding " + encoding + " (not encoded)",
              method,
              path,
              Map.of("Content-Type", contentType, "Content-Encoding", encoding),
              baseBytes));
    }
    return out;
  }

  private static ObjectNode padded(JsonNode base, int size) {
    ObjectNode o =
        base.isObject() ? (ObjectNode) base.deepCopy() : JsonNodeFactory.instance.objectNode();
    o.put("hostilePadding", "p".repeat(size));
    return o;
  }

  private static Case body(
      String category, String label, String method, String path, Map<String, String> h, byte[] b) {
    return body(category, label, method, path, h, b, null);
  }

  private static Case body(
      String category,
      String label,
      String method,
      String path,
      Map<String, String> h,
      byte[] b,
      Integer expected) {
    return new Case(category, label, method, path, "", h, b, false, expected);
  }

  private static List<JsonNode> wrongTypes(String type) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return switch (type) {
      case "string" ->
          List.of(f.numberNode(12345), f.booleanNode(true), f.objectNode(), f.arrayNode());
      case "integer", "number" ->
          List.of(
              TextNode.valueOf("abc"), f.booleanNode(true), f.arrayNode().add(1), f.objectNode());
      case "boolean" -> List.of(TextNode.valueOf("yes"), f.numberNode(2), f.objectNode());
      case "array" -> List.of(TextNode.valueOf("x"), f.objectNode(), f.numberNode(1));
      case "object" -> List.of(TextNode.valueOf("x"), f.arrayNode(), f.numberNode(1));
      default -> List.of(f.booleanNode(true));
    };
  }

  private void collectPaths(JsonNode schema, String[] prefix, List<String[]> out, int depth) {
    JsonNode s = resolve(schema);
    if (s == null || depth > 2) {
      return;
    }
    if ("array".equals(typeOf(s)) && prefix.length == 0) {
      // A body that is an array: mutate its first item.
      return;
    }
    if (!s.has("properties")) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = s.get("properties").fields(); it.hasNext(); ) {
      var e = it.next();
      String[] p = append(prefix, e.getKey());
      out.add(p);
      JsonNode child = resolve(e.getValue());
      if ("object".equals(typeOf(child))) {
        collectPaths(child, p, out, depth + 1);
      } else if ("array".equals(typeOf(child)) && "object".equals(typeOf(child.get("items")))) {
        collectPaths(child.get("items"), append(p, "0"), out, depth + 1);
      }
    }
  }

  private JsonNode schemaAt(JsonNode schema, String[] path) {
    JsonNode s = resolve(schema);
    for (String part : path) {
      if ("array".equals(typeOf(s))) {
        s = resolve(s.get("items"));
      } else {
        s = resolve(s.get("properties").get(part));
      }
    }
    return s;
  }

  private boolean isRequired(JsonNode schema, String[] path) {
    JsonNode s = resolve(schema);
    for (int i = 0; i < path.length - 1; i++) {
      s =
          "array".equals(typeOf(s))
              ? resolve(s.get("items"))
              : resolve(s.get("properties").get(path[i]));
    }
    if ("array".equals(typeOf(s))) {
      return false;
    }
    return required(s).contains(path[path.length - 1]);
  }

  /** The base with every container on the path present (and the property itself, valid). */
  private JsonNode ensure(JsonNode base, JsonNode schema, String[] path, Hints hints) {
    JsonNode copy = base.deepCopy();
    JsonNode node = copy;
    JsonNode s = resolve(schema);
    for (String part : path) {
      JsonNode childSchema =
          "array".equals(typeOf(s))
              ? resolve(s.get("items"))
              : resolve(s.get("properties").get(part));
      if (node instanceof ArrayNode array) {
        if (array.isEmpty()) {
          array.add(valid(childSchema, null, hints, 1));
        }
        node = array.get(0);
      } else if (node instanceof ObjectNode object) {
        if (!object.has(part) || object.get(part).isNull()) {
          JsonNode v = valid(childSchema, part, hints, 1);
          if (v.isArray() && v.isEmpty() && "object".equals(typeOf(childSchema.get("items")))) {
            ((ArrayNode) v).add(valid(childSchema.get("items"), null, hints, 1));
          }
          object.set(part, v);
        }
        node = object.get(part);
      }
      s = childSchema;
    }
    return copy;
  }

  private static JsonNode set(JsonNode base, String[] path, JsonNode value) {
    JsonNode copy = base.deepCopy();
    JsonNode parent = navigate(copy, path);
    String last = path[path.length - 1];
    if (parent instanceof ObjectNode o) {
      o.set(last, value == null ? JsonNodeFactory.instance.nullNode() : value);
    } else if (parent instanceof ArrayNode a && !a.isEmpty()) {
      a.set(0, value == null ? JsonNodeFactory.instance.nullNode() : value);
    }
    return copy;
  }

  private static JsonNode remove(JsonNode base, String[] path) {
    JsonNode copy = base.deepCopy();
    JsonNode parent = navigate(copy, path);
    if (parent instanceof ObjectNode o) {
      o.remove(path[path.length - 1]);
    }
    return copy;
  }

  private static JsonNode addSibling(JsonNode base, String[] path, String name, JsonNode value) {
    JsonNode copy = base.deepCopy();
    JsonNode parent = navigate(copy, path);
    if (parent instanceof ObjectNode o) {
      o.set(name, value);
    }
    return copy;
  }

  private static JsonNode navigate(JsonNode root, String[] path) {
    JsonNode node = root;
    for (int i = 0; i < path.length - 1; i++) {
      node = node.isArray() ? node.get(0) : node.get(path[i]);
      if (node == null) {
        return null;
      }
    }
    return node;
  }

  private static String[] append(String[] prefix, String last) {
    String[] p = new String[prefix.length + 1];
    System.arraycopy(prefix, 0, p, 0, prefix.length);
    p[prefix.length] = last;
    return p;
  }

  // ------------------------------------------------------------------ text

  static String nested(String open, String close, int depth) {
    return open.repeat(depth) + close.repeat(depth);
  }

  /** A value written into the JSON text as it is (see {@link #bytes}). */
  static JsonNode raw(String text) {
    return TextNode.valueOf(RAW_MARK + text + "\u0001");
  }

  static byte[] bytes(JsonNode node) {
    return bytesRaw(node, false);
  }

  /** The JSON text; raw values replace their quoted markers; latin1 writes them as single bytes. */
  static byte[] bytesRaw(JsonNode node, boolean latin1) {
    String text;
    try {
      text = JSON.writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    String quotedMark = "\"\\u0001raw:";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int from = 0;
    while (true) {
      int at = text.indexOf(quotedMark, from);
      if (at < 0) {
        out.writeBytes(text.substring(from).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
      }
      out.writeBytes(text.substring(from, at).getBytes(StandardCharsets.UTF_8));
      int end = text.indexOf("\\u0001\"", at);
      String inner = text.substring(at + quotedMark.length(), end);
      // Jackson escaped the raw text as a JSON string: undo that.
      String rawText;
      try {
        rawText = JSON.readValue("\"" + inner + "\"", String.class);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      out.writeBytes(
          rawText.getBytes(latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
      from = end + "\\u0001\"".length();
    }
  }

  static String expand(String template, Map<String, String> values) {
    String out = template;
    for (var e : values.entrySet()) {
      out = out.replace("{" + e.getKey() + "}", e.getValue());
    }
    return out;
  }

  static String abbreviate(String s) {
    String clean = s.replaceAll("\\p{Cntrl}", "·");
    return clean.length() > 40 ? clean.substring(0, 40) + "…(" + s.length() + ")" : clean;
  }
}
