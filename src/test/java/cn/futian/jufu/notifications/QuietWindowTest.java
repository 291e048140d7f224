package cn.futian.jufu.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class QuietWindowTest {

  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  static final LocalTime TEN_PM = LocalTime.of(22, 0);
  static final LocalTime EIGHT_AM = LocalTime.of(8, 0);

  static Instant at(int day, int hour, int minute) {
    return ZonedDateTime.of(2026, 12, day, hour, minute, 0, 0, SHANGHAI).toInstant();
  }

  @Test
  void aWindowAcrossMidnightDelaysToItsEnd() {
    assertThat(QuietWindow.afterQuietHours(at(1, 23, 15), TEN_PM, EIGHT_AM, SHANGHAI))
        .isEqualTo(at(2, 8, 0));
    assertThat(QuietWindow.afterQuietHours(at(2, 2, 0), TEN_PM, EIGHT_AM, SHANGHAI))
        .isEqualTo(at(2, 8, 0));
    assertThat(QuietWindow.afterQuietHours(at(2, 22, 0), TEN_PM, EIGHT_AM, SHANGHAI))
        .isEqualTo(at(3, 8, 0));
  }

  @Test
  void outsideTheWindowIsNow() {
    assertThat(QuietWindow.afterQuietHours(at(2, 8, 0), TEN_PM, EIGHT_AM, SHANGHAI))
        .isEqualTo(at(2, 8, 0));
    assertThat(QuietWindow.afterQuietHours(at(2, 21, 59), TEN_PM, EIGHT_AM, SHANGHAI))
        .isEqualTo(at(2, 21, 59));
  }

  @Test
  void aWindowWithinOneDayAndAnEmptyWindow() {
    LocalTime one = LocalTime.of(13, 0);
    LocalTime two = LocalTime.of(14, 0);
    assertThat(QuietWindow.afterQuietHours(at(2, 13, 30), one, two, SHANGHAI))
        .isEqualTo(at(2, 14, 0));
    assertThat(QuietWindow.afterQuietHours(at(2, 14, 30), one, two, SHANGHAI))
        .isEqualTo(at(2, 14, 30));
    assertThat(QuietWindow.afterQuietHours(at(2, 13, 30), one, one, SHANGHAI))
        .isEqualTo(at(2, 13, 30));
  }

  @Test
  void textsExistInBothLanguagesForEveryType() {
    var zh =
        java.util.ResourceBundle.getBundle(
            "messages.notifications",
            java.util.Locale.ROOT,
            java.util.ResourceBundle.Control.getNoFallbackControl(
                java.util.ResourceBundle.Control.FORMAT_PROPERTIES));
    var en = java.util.ResourceBundle.getBundle("messages.notifications_en");
    assertThat(en.keySet()).containsExactlyInAnyOrderElementsOf(zh.keySet());
  }
}
