package cn.futian.jufu.console;

import cn.futian.jufu.common.error.Messages;
import io.quarkus.qute.TemplateData;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The console's words in the reader's language ({@code messages/console.properties}, Chinese first,
 * {@code console_en.properties} for English). Errors use the problem texts the API answers with, so
 * a form and a problem+json say the same thing.
 */
@TemplateData
public final class ConsoleText {

  private final Locale locale;
  private final ResourceBundle bundle;

  ConsoleText(Locale locale) {
    this.locale = locale;
    this.bundle =
        ResourceBundle.getBundle(
            "messages.console",
            Messages.EN.getLanguage().equals(locale.getLanguage()) ? Messages.EN : Locale.ROOT,
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
  }

  /** The text for a key, or the key itself when there is none. */
  public String get(String key) {
    try {
      return bundle.getString(key);
    } catch (MissingResourceException e) {
      return key;
    }
  }

  /** The name of an enum value: {@code label("status", DRAFT)} reads {@code status.DRAFT}. */
  public String label(String prefix, Object value) {
    return value == null ? "" : get(prefix + "." + value);
  }

  /** The text for a key with {0}, {1}, ... filled in. */
  public String fmt(String key, Object... args) {
    return new MessageFormat(get(key), locale).format(args);
  }

  /** A problem text of the API ({@code messages/problems.properties}). */
  public String problem(String key) {
    return Messages.text(locale, key);
  }

  /** The BCP 47 tag of the page's language. */
  public String lang() {
    return Messages.EN.getLanguage().equals(locale.getLanguage()) ? "en" : "zh-CN";
  }

  public Locale locale() {
    return locale;
  }
}
