package cn.futian.jufu.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Every log line the application writes while open (formatted message plus the exception, if any),
 * for tests that check what must never be logged: {@code try (LogCapture log = LogCapture.start())
 * { … } log.lines()}.
 */
public final class LogCapture extends Handler implements AutoCloseable {

  private final List<String> lines = new ArrayList<>();

  private LogCapture() {}

  public static LogCapture start() {
    LogCapture capture = new LogCapture();
    Logger.getLogger("").addHandler(capture);
    return capture;
  }

  /** What was logged so far. */
  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public synchronized void publish(LogRecord record) {
    String text =
        record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
    lines.add(text + (record.getThrown() == null ? "" : " " + record.getThrown()));
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    Logger.getLogger("").removeHandler(this);
  }
}
