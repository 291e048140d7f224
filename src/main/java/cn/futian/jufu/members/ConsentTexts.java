package cn.futian.jufu.members;

import io.smallrye.config.ConfigMapping;
import java.util.Locale;
import java.util.Map;

/** The current version of each consent text ({@code fulian.consent.versions.profile=2026-11}). */
@ConfigMapping(prefix = "fulian.consent")
public interface ConsentTexts {

  Map<String, String> versions();

  default String currentVersion(ConsentPurpose purpose) {
    String v = versions().get(purpose.name().toLowerCase(Locale.ROOT));
    if (v == null) {
      throw new IllegalStateException("No consent text version configured for " + purpose);
    }
    return v;
  }
}
