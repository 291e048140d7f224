package cn.futian.jufu.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The rate limits as they ship: the profile-less {@code fulian.rate-limits.*} lines of
 * application.properties, as config overrides that undo the test profile's lifted limits (given for
 * the test profile too: a {@code %test.} value would otherwise win over a plain override).
 */
public final class ProductionLimits {

  private ProductionLimits() {}

  public static Map<String, String> overrides() {
    Properties properties = new Properties();
    try (InputStream in =
        ProductionLimits.class.getClassLoader().getResourceAsStream("application.properties")) {
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> limits = new HashMap<>();
    for (String name : properties.stringPropertyNames()) {
      if (name.startsWith("fulian.rate-limits.")) {
        limits.put(name, properties.getProperty(name));
        limits.put("%test." + name, properties.getProperty(name));
      }
    }
    if (!limits.containsKey("fulian.rate-limits.limits.signed-in-ip.requests")) {
      throw new IllegalStateException("application.properties declares no signed-in-ip limit");
    }
    return limits;
  }

  /** One shipped figure, e.g. {@code requests("anonymous-ip")}. */
  public static int requests(String limit) {
    return Integer.parseInt(overrides().get("fulian.rate-limits.limits." + limit + ".requests"));
  }
}
