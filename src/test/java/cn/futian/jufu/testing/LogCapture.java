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

  /** One captured line: the logger, the thread that wrote it and the text. */
  public record Entry(String logger, String thread, String text) {}

  private final List<String> lines = new ArrayList<>();
  private final List<Entry> entries = new ArrayList<>();

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

  /** What was logged so far, with the logger and thread of each line. */
  public synchronized List<Entry> entries() {
    return List.copyOf(entries);
  }

  @Override
  public synchronized void publish(LogRecord record) {
    String text =
        record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
    lines.add(text + (record.getThrown() == null ? "" : " " + record.getThrown()));
    String thread =
        record instanceof ExtLogRecord ext ? ext.getThreadName() : Thread.currentThread().getName();
    entries.add(new Entry(record.getLoggerName(), thread, text));
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    Logger.getLogger("").removeHandler(this);
  }
}
