package cn.futian.jufu.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Plain JDBC reads of the test database, for checks the API does not expose (the outbox). */
public final class Db {

  public static final String URL = "jdbc:postgresql://127.0.0.1:5432/fulian_test";

  private Db() {}

  public static int update(String sql, Object... args) {
    try (Connection c = DriverManager.getConnection(URL, "fulian", "fulian");
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first column of the first row, as text (null when there is no row). */
  public static String text(String sql, Object... args) {
    try (Connection c = DriverManager.getConnection(URL, "fulian", "fulian");
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public static long count(String sql, Object... args) {
    try (Connection c = DriverManager.getConnection(URL, "fulian", "fulian");
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first column of every row, as numbers. */
  public static java.util.List<Long> longs(String sql, Object... args) {
    try (Connection c = DriverManager.getConnection(URL, "fulian", "fulian");
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      java.util.List<Long> out = new java.util.ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Waits (at most 30 s) until a backend of the service waits on a lock while running a statement
   * like {@code statementLike} (a pattern for ILIKE): a test holding a row lock knows then that the
   * service has come exactly that far.
   */
  public static void awaitLockWait(String statementLike) throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (count(
            "select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                + " and query ilike ?",
            statementLike)
        == 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no statement like '" + statementLike + "' came to wait");
      }
      Thread.sleep(20);
    }
  }
}
