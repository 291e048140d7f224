package cn.futian.jufu.common.db;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Native statements in the caller's Hibernate Reactive session, for repositories: the statement and
 * its named parameters, given as name/value pairs ({@code "m", memberId, "k", kind}). The SQL stays
 * in the repository that owns the tables; this class only removes the session plumbing around it.
 */
public final class Sql {

  private Sql() {}

  /** An insert, update or delete; the rows it changed. */
  public static Uni<Integer> update(String sql, Object... params) {
    return Panache.getSession().chain(s -> bind(s.createNativeQuery(sql), params).executeUpdate());
  }

  /**
   * Changes one row of {@code table} if it is still at {@code version} (optimistic locking: the
   * row's {@code version} goes up by one); true when it did. {@code set} names its parameters as in
   * {@link #update}; values may be null. The table and the set clause are the repository's text,
   * never input.
   */
  public static Uni<Boolean> updateVersioned(
      String table, long id, int version, String set, Object... params) {
    Object[] all = Arrays.copyOf(params, params.length + 4);
    all[params.length] = "id";
    all[params.length + 1] = id;
    all[params.length + 2] = "v";
    all[params.length + 3] = version;
    return update(
            "update "
                + table
                + " set "
                + set
                + ", version = version + 1"
                + " where id = :id and version = :v",
            all)
        .map(n -> n > 0);
  }

  /** The rows of a query, each as the driver's values in select-list order. */
  public static Uni<List<Object[]>> rows(String sql, Object... params) {
    return Panache.getSession()
        .chain(s -> bind(s.createNativeQuery(sql, Object[].class), params).getResultList());
  }

  /** The rows of a query, each made into a record by {@code row} from the driver's values. */
  public static <T> Uni<List<T>> records(String sql, Function<Object[], T> row, Object... params) {
    return rows(sql, params).map(list -> list.stream().map(row).toList());
  }

  /** The single-column results of a query, as {@code type}. */
  public static <T> Uni<List<T>> list(String sql, Class<T> type, Object... params) {
    return Panache.getSession()
        .chain(s -> bind(s.createNativeQuery(sql, type), params).getResultList());
  }

  /** The first result of a single-column query, or null when there is none. */
  public static <T> Uni<T> first(String sql, Class<T> type, Object... params) {
    return list(sql, type, params).map(found -> found.isEmpty() ? null : found.get(0));
  }

  private static <Q extends Mutiny.AbstractQuery> Q bind(Q query, Object... params) {
    if (params.length % 2 != 0) {
      throw new IllegalArgumentException("parameters come as name/value pairs");
    }
    for (int i = 0; i < params.length; i += 2) {
      query.setParameter((String) params[i], params[i + 1]);
    }
    return query;
  }
}
