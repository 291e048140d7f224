package cn.futian.jufu.common.api;

/** Values from native query rows, whatever Java type the driver chose for them. */
public final class SqlValues {

  private SqlValues() {}

  /** A numeric column as a long (null stays null). */
  public static Long number(Object o) {
    return o == null ? null : ((Number) o).longValue();
  }
}
