package cn.futian.jufu.common.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The table of problem codes → HTTP status, and the two languages of the texts. */
class ProblemCatalogueTest {

  @ParameterizedTest
  @CsvSource({
    "VALIDATION_FAILED, 400, validation-failed",
    "MALFORMED_REQUEST, 400, malformed-request",
    "UNAUTHENTICATED, 401, unauthenticated",
    "FORBIDDEN, 403, forbidden",
    "NOT_FOUND, 404, not-found",
    "METHOD_NOT_ALLOWED, 405, method-not-allowed",
    "NOT_ACCEPTABLE, 406, not-acceptable",
    "CONFLICT, 409, conflict",
    "STALE_UPDATE, 409, stale-update",
    "BODY_TOO_LARGE, 413, body-too-large",
    "UNSUPPORTED_MEDIA_TYPE, 415, unsupported-media-type",
    "RULE_VIOLATION, 422, rule-violation",
    "CONSENT_REQUIRED, 422, consent-required",
    "NOT_ELIGIBLE, 422, not-eligible",
    "RATE_LIMITED, 429, rate-limited",
    "INTERNAL, 500, internal",
    "DEPENDENCY_UNAVAILABLE, 503, dependency-unavailable",
  })
  void everyCodeHasItsStatusAndSlug(ProblemCode code, int status, String slug) {
    assertThat(code.status()).isEqualTo(status);
    assertThat(code.slug()).isEqualTo(slug);
    assertThat(code.typeUri()).isEqualTo("urn:jufu:problem:" + slug);
  }

  @Test
  void theTableCoversEveryCode() {
    // If a code is added, add its row above: the status of a new kind of problem is a decision.
    assertThat(ProblemCode.values()).hasSize(17);
  }

  @Test
  void everyCodeHasATitleInBothLanguages() {
    for (ProblemCode code : ProblemCode.values()) {
      String zh = Messages.text(Messages.ZH, code.slug() + ".title");
      String en = Messages.text(Messages.EN, code.slug() + ".title");
      assertThat(zh).as(code + " zh").isNotEqualTo(code.slug() + ".title");
      assertThat(en).as(code + " en").isNotEqualTo(code.slug() + ".title").isNotEqualTo(zh);
    }
  }

  @Test
  void chineseAndEnglishTextsHaveTheSameKeys() throws IOException {
    Properties zh = load("/messages/problems.properties");
    Properties en = load("/messages/problems_en.properties");
    assertThat(en.stringPropertyNames()).isEqualTo(zh.stringPropertyNames());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "|zh",
        "zh-CN|zh",
        "en|en",
        "en-US,en;q=0.9|en",
        "fr-FR, en;q=0.5|en",
        "fr-FR|zh",
        "zh-TW,en;q=0.8|zh",
        "en;q=0, zh;q=0.1|zh",
        "!!garbage!!|zh",
      })
  void languageFollowsAcceptLanguageWithChineseAsDefault(String header, String expected) {
    assertThat(Messages.negotiate(header).getLanguage()).isEqualTo(expected);
  }

  @Test
  void argumentsAreRenderedPlainly() {
    assertThat(Messages.text(Messages.EN, "not-found.org-unit", 12345L))
        .isEqualTo("Organisation unit 12345 does not exist.");
    assertThat(Messages.text(Locale.CHINA, "not-found.org-unit", 7)).isEqualTo("组织 7 不存在。");
    assertThat(Messages.text(Messages.EN, "no.such.key")).isEqualTo("no.such.key");
  }

  private static Properties load(String resource) throws IOException {
    Properties p = new Properties();
    try (InputStream in = ProblemCatalogueTest.class.getResourceAsStream(resource)) {
      p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
    }
    return p;
  }
}
