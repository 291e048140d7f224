package cn.futian.jufu.common.error;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Texts that residents and cadres read, in Chinese first and English second. The language comes
 * from {@code Accept-Language}; anything but English gets Chinese.
 */
public final class Messages {

  public static final Locale ZH = Locale.SIMPLIFIED_CHINESE;
  public static final Locale EN = Locale.ENGLISH;
  private static final String BUNDLE = "messages.problems";

  private Messages() {}

  /** The language to answer in for an {@code Accept-Language} header value (null allowed). */
  public static Locale negotiate(String acceptLanguage) {
    if (acceptLanguage == null || acceptLanguage.isBlank()) {
      return ZH;
    }
    try {
      for (Locale.LanguageRange range : Locale.LanguageRange.parse(acceptLanguage)) {
        String lang = range.getRange().toLowerCase(Locale.ROOT);
        if (range.getWeight() <= 0) {
          continue;
        }
        if (lang.startsWith("zh")) {
          return ZH;
        }
        if (lang.startsWith("en")) {
          return EN;
        }
      }
    } catch (IllegalArgumentException malformed) {
      return ZH;
    }
    return ZH;
  }

  /** The text for a key, or the key itself when no text exists (never an exception). */
  public static String text(Locale locale, String key, Object... args) {
    ResourceBundle bundle =
        ResourceBundle.getBundle(
            BUNDLE,
            EN.getLanguage().equals(locale.getLanguage()) ? EN : Locale.ROOT,
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    String pattern;
    try {
      pattern = bundle.getString(key);
    } catch (MissingResourceException missing) {
      return key;
    }
    // Arguments are rendered as plain strings (no digit grouping in ids); quotes in the texts are
    // doubled ('') as MessageFormat wants, whether or not a text takes arguments.
    Object[] plain = new Object[args == null ? 0 : args.length];
    for (int i = 0; i < plain.length; i++) {
      plain[i] = String.valueOf(args[i]);
    }
    return new MessageFormat(pattern, locale).format(plain);
  }

  static boolean hasText(String key) {
    return List.of(Locale.ROOT, EN).stream()
        .allMatch(
            l ->
                ResourceBundle.getBundle(
                        BUNDLE,
                        l,
                        ResourceBundle.Control.getNoFallbackControl(
                            ResourceBundle.Control.FORMAT_PROPERTIES))
                    .containsKey(key));
  }
}
