package cn.futian.jufu.notifications;

import java.text.MessageFormat;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;

/**
 * Turns a domain event from the outbox into the texts a resident reads, in Chinese and English
 * ({@code messages/notifications*.properties}).
 */
final class NotificationTexts {

  static final Locale ZH = Locale.SIMPLIFIED_CHINESE;
  static final Locale EN = Locale.ENGLISH;
  private static final String BUNDLE = "messages.notifications";
  private static final DateTimeFormatter ZH_TIME =
      DateTimeFormatter.ofPattern("M月d日 HH:mm", Locale.SIMPLIFIED_CHINESE);
  private static final DateTimeFormatter EN_TIME =
      DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.ENGLISH);

  /** Types that may not wait for quiet hours to end: they change what the member does today. */
  static final Set<String> URGENT =
      Set.of(
          "EVENT_CANCELLED",
          "EVENT_VENUE_CHANGED",
          "SESSION_TIME_CHANGED",
          "REGISTRATION_PROMOTED",
          "REGISTRATION_CANCELLED_BY_CADRE",
          "RECONFIRMATION_REQUESTED",
          "CASE_ALERT",
          "CASE_OVERDUE",
          "CASE_ORDER_EXPIRING",
          "CASE_EMERGENCY_ACCESS",
          "CASE_FOLLOW_UP_OVERDUE",
          "CASE_VISIT_OVERDUE");

  private NotificationTexts() {}

  /** What the texts of one notification are built from. */
  record Facts(
      String type,
      String eventTitle,
      OffsetDateTime startsAt,
      String venue,
      String reason,
      OffsetDateTime deadline) {}

  record Text(String title, String body) {}

  static String category(String type) {
    if (type.startsWith("CASE_")) {
      return "CASE"; // staff alerts about help requests (rights/CaseAlerts)
    }
    return "SESSION_REMINDER".equals(type) ? "REMINDER" : "SIGN_UP";
  }

  static Text render(Facts f, Locale locale, ZoneId zone) {
    ResourceBundle b = bundle(locale);
    String type = b.containsKey(f.type() + ".title") ? f.type() : "GENERIC";
    DateTimeFormatter fmt = locale.getLanguage().equals("en") ? EN_TIME : ZH_TIME;
    String when = f.startsAt() == null ? "" : fmt.format(f.startsAt().atZoneSameInstant(zone));
    String title = f.eventTitle() == null ? "" : f.eventTitle();
    String extra =
        switch (type) {
          case "REGISTRATION_PROMOTED" ->
              f.deadline() == null
                  ? ""
                  : format(
                      b,
                      "REGISTRATION_PROMOTED.offer",
                      fmt.format(f.deadline().atZoneSameInstant(zone)));
          case "RECONFIRMATION_REQUESTED" ->
              f.deadline() == null ? "" : fmt.format(f.deadline().atZoneSameInstant(zone));
          case "EVENT_VENUE_CHANGED" -> f.venue() == null ? "" : f.venue();
          case "CASE_ALERT", "CASE_OVERDUE", "CASE_ORDER_EXPIRING" ->
              f.deadline() == null ? "" : fmt.format(f.deadline().atZoneSameInstant(zone));
          case "REGISTRATION_REJECTED", "EVENT_CANCELLED" ->
              f.reason() == null || f.reason().isBlank() ? "" : format(b, "reason", f.reason());
          default -> "";
        };
    return new Text(
        format(b, type + ".title"), format(b, type + ".body", title, when, extra).strip());
  }

  private static ResourceBundle bundle(Locale locale) {
    return ResourceBundle.getBundle(
        BUNDLE,
        locale.getLanguage().equals("en") ? EN : Locale.ROOT,
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
  }

  private static String format(ResourceBundle b, String key, Object... args) {
    return new MessageFormat(b.getString(key), Locale.ROOT).format(args);
  }
}
