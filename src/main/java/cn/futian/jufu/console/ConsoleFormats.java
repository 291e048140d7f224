package cn.futian.jufu.console;

import cn.futian.jufu.common.time.Times;
import io.quarkus.qute.TemplateExtension;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/** How the console writes times: Shanghai wall-clock time, {@code 2025-03-08 14:00}. */
@TemplateExtension(namespace = "when")
public final class ConsoleFormats {

  private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private ConsoleFormats() {}

  static String fmt(OffsetDateTime at) {
    return at == null ? "" : at.atZoneSameInstant(Times.ZONE).format(MINUTES);
  }
}
