package cn.futian.jufu.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import cn.futian.jufu.events.EventKind;
import cn.futian.jufu.wechat.WeChatTemplateKey;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.SmallRyeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The environment names of the settings: what README and k8s/README.md tell operators to set is a
 * setting, every named setting (each rate limit, template, kind of event) can be set from the
 * environment, and a misspelt variable is caught with a suggestion.
 */
@QuarkusTest
class EnvironmentNamesTest {

  static SmallRyeConfig config() {
    return ConfigProvider.getConfig().unwrap(SmallRyeConfig.class);
  }

  @Test
  void everyVariableTheDocsNameIsASetting() throws Exception {
    Set<String> known = EnvironmentCheck.knownNames(config());
    Pattern variable = Pattern.compile("FULIAN_[A-Z0-9_]*[A-Z0-9]");
    List<String> wrong = new ArrayList<>();
    Set<String> seen = new TreeSet<>();
    for (String doc :
        List.of("README.md", "k8s/README.md", "k8s/overlays/prod/kustomization.yaml")) {
      Matcher m = variable.matcher(Files.readString(Path.of(doc)));
      while (m.find()) {
        String name = m.group();
        // FULIAN_X_<NAME>, FULIAN_PG_*, FULIAN_X_… stand for a family (checked below).
        int end = m.end();
        String text = Files.readString(Path.of(doc));
        boolean family = end < text.length() && "_<*…".indexOf(text.charAt(end)) >= 0;
        if (family || name.endsWith("_") || EnvironmentCheck.foreign(name)) {
          continue;
        }
        seen.add(name);
        if (!known.contains(name)) {
          wrong.add(doc + ": " + name);
        }
      }
    }
    assertThat(seen).hasSizeGreaterThan(20);
    assertThat(wrong).as("variables named in the docs that are no setting").isEmpty();
  }

  @Test
  void everyNamedSettingHasItsEnvironmentName() {
    Set<String> known = EnvironmentCheck.knownNames(config());
    for (String limit :
        List.of(
            "signup-member",
            "write-member",
            "wechat-sign-in-user",
            "signed-in-ip",
            "anonymous-ip",
            "wechat-sign-in-ip",
            "calendar-feed-ip")) {
      String env = EnvironmentCheck.environmentForm("fulian.rate-limits.limits." + limit);
      assertThat(known).contains(env + "_REQUESTS", env + "_WINDOW");
    }
    for (WeChatTemplateKey key : WeChatTemplateKey.values()) {
      assertThat(known)
          .contains(
              "FULIAN_WECHAT_TEMPLATES_" + key.name() + "_ID",
              "FULIAN_WECHAT_TEMPLATES_" + key.name() + "_TITLE_FIELD",
              "FULIAN_WECHAT_TEMPLATES_" + key.name() + "_PAGE");
    }
    for (EventKind kind : EventKind.values()) {
      assertThat(known)
          .as("declare fulian.no-shows.kinds.%s.* in application.properties", kind)
          .contains(
              "FULIAN_NO_SHOWS_KINDS_" + kind.name() + "_THRESHOLD",
              "FULIAN_NO_SHOWS_KINDS_" + kind.name() + "_WINDOW",
              "FULIAN_NO_SHOWS_KINDS_" + kind.name() + "_SUSPENSION");
    }
    // Settings without a default, known from their mapping alone.
    assertThat(known)
        .contains(
            "FULIAN_PUSH_FCM_CREDENTIALS_FILE", "FULIAN_WECHAT_APP_ID", "FULIAN_LINKS_BASE_URL");
    // And what application.properties reads itself.
    assertThat(known).contains("FULIAN_LOG_JSON", "FULIAN_CRYPTO_KEYS");
  }

  @Test
  void aMisspeltVariableIsRefusedWithASuggestionAndForeignOnesAreLeftAlone() {
    Map<String, String> environment =
        Map.of(
            "FULIAN_RATE_LIMITS_LIMITS_SIGNUP_MEMBR_REQUESTS", "3",
            "FULIAN_RATE_LIMITS_LIMITS_SIGNUP_MEMBER_REQUESTS", "3",
            "FULIAN_PG_PORT", "5433",
            "FULIAN_REDIS_PORT", "tcp://10.0.0.7:6379",
            "FULIAN_DB_RW_SERVICE_HOST", "10.0.0.8",
            "FULIAN_DB_RW_PORT_5432_TCP_ADDR", "10.0.0.8",
            "PATH", "/usr/bin");
    assertThat(EnvironmentCheck.unknown(environment, config()))
        .containsExactly("FULIAN_RATE_LIMITS_LIMITS_SIGNUP_MEMBR_REQUESTS");
    assertThat(
            EnvironmentCheck.closest(
                "FULIAN_RATE_LIMITS_LIMITS_SIGNUP_MEMBR_REQUESTS",
                EnvironmentCheck.knownNames(config())))
        .isEqualTo("FULIAN_RATE_LIMITS_LIMITS_SIGNUP_MEMBER_REQUESTS");
  }
}
