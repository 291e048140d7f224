package cn.futian.jufu.common.config;

import io.quarkus.arc.Arc;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.inject.Singleton;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Refuses to start when a {@code FULIAN_*} environment variable names no setting of the service
 * (README, "Configuration"). Kubernetes hands ConfigMaps and Secrets over as environment variables,
 * and a misspelt one ({@code FULIAN_RATE_LIMITS_LIMITS_SIGNUP_MEMBR_REQUESTS}) would otherwise be
 * ignored without a word.
 *
 * <p>A variable is a setting when it is the environment form (every character other than a letter
 * or digit as {@code _}, upper case) of a property the service knows: one of its {@code
 * ConfigMapping}s' properties, a property declared in {@code application.properties} (every key of
 * a map setting, such as each rate limit, is declared there: a map key given only in the
 * environment is ambiguous and would be dropped), or a variable {@code application.properties}
 * reads itself ({@code ${FULIAN_LOG_JSON:false}}). Variables of the repository's own scripts and of
 * Kubernetes service links are not the service's: see {@link #foreign}.
 */
@Singleton
public class EnvironmentCheck {

  private static final String PREFIX = "FULIAN_";
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{(FULIAN_[A-Z0-9_]+)");

  /**
   * Read by scripts/services.sh and the browser test, never by the service; and what Kubernetes
   * adds for a Service named fulian-… when service links are on ({@code FULIAN_REDIS_PORT}, {@code
   * FULIAN_DB_RW_SERVICE_HOST}).
   */
  private static final Pattern FOREIGN =
      Pattern.compile(
          "FULIAN_(PG|KC|BROWSER)_[A-Z0-9_]*|FULIAN_REDIS_PORT"
              + "|FULIAN_[A-Z0-9_]+_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT(_[0-9]+_(TCP|UDP|SCTP)(_[A-Z]+)?)?)");

  void check(@Observes @Priority(1) StartupEvent start) {
    SmallRyeConfig config = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class);
    List<String> unknown = unknown(System.getenv(), config);
    if (!unknown.isEmpty()) {
      throw new IllegalStateException(message(unknown, knownNames(config)));
    }
  }

  /** The {@code FULIAN_*} variables of {@code environment} that name no setting. */
  static List<String> unknown(Map<String, String> environment, SmallRyeConfig config) {
    Set<String> known = knownNames(config);
    List<String> unknown = new ArrayList<>();
    for (String name : new TreeSet<>(environment.keySet())) {
      if (name.startsWith(PREFIX) && !foreign(name) && !known.contains(name)) {
        unknown.add(name);
      }
    }
    return unknown;
  }

  static boolean foreign(String variable) {
    return FOREIGN.matcher(variable).matches();
  }

  /** Environment forms of every {@code fulian.*} setting, and the variables the config reads. */
  static Set<String> knownNames(SmallRyeConfig config) {
    Set<String> known = new TreeSet<>();
    for (ConfigSource source : config.getConfigSources()) {
      if (source instanceof EnvConfigSource) {
        continue;
      }
      for (String name : source.getPropertyNames()) {
        add(known, name);
        String value = source.getValue(name);
        if (value != null) {
          Matcher m = REFERENCE.matcher(value);
          while (m.find()) {
            known.add(m.group(1));
          }
        }
      }
    }
    for (Bean<?> bean :
        Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE)) {
      for (Type type : bean.getTypes()) {
        if (type instanceof Class<?> c && c.isAnnotationPresent(ConfigMapping.class)) {
          String prefix = c.getAnnotation(ConfigMapping.class).prefix();
          for (String name :
              ConfigMappings.getProperties(new ConfigMappings.ConfigClass(c, prefix)).keySet()) {
            if (!name.contains("*")) {
              add(known, name);
            }
          }
        }
      }
    }
    return known;
  }

  private static void add(Set<String> known, String property) {
    String name = property;
    if (name.startsWith("%")) {
      int dot = name.indexOf('.');
      if (dot < 0) {
        return;
      }
      name = name.substring(dot + 1);
    }
    if (name.startsWith("fulian.")) {
      known.add(environmentForm(name));
    }
  }

  /** {@code fulian.rate-limits.limits.signup-member.requests} → {@code FULIAN_RATE_…_REQUESTS}. */
  static String environmentForm(String property) {
    return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  private static String message(List<String> unknown, Set<String> known) {
    StringBuilder text =
        new StringBuilder(
            "Environment variables that name no setting of this service (misspelt? README,"
                + " \"Configuration\", lists the settings):");
    for (String name : unknown) {
      text.append(' ').append(name);
      String closest = closest(name, known);
      if (closest != null) {
        text.append(" (did you mean ").append(closest).append("?)");
      }
      text.append(';');
    }
    return text.substring(0, text.length() - 1);
  }

  /** The known name nearest to {@code name} by edit distance, if it is near at all. */
  static String closest(String name, Set<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int d = distance(name, candidate);
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    return bestDistance <= Math.max(3, name.length() / 4) ? best : null;
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
