package cn.futian.jufu.events;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The feed's one statement before its cached page (function {@code feed_context}, migration V17),
 * sent through the reactive pool directly as the sign-up's are (ADR 0018): one autocommitted round
 * trip instead of a transaction with the member, her home unit, its lineage and the version.
 */
@ApplicationScoped
class FeedStatements {

  private final Pool pool;

  FeedStatements(Pool pool) {
    this.pool = pool;
  }

  /** The units whose events the member sees and the feed's version; deleted: account deleted. */
  record Context(boolean deleted, List<Long> unitIds, long version) {}

  Uni<Context> context(String subject, String tombstone, String name) {
    return pool.preparedQuery("select * from feed_context($1, $2, $3)")
        .execute(Tuple.of(subject, tombstone, name))
        .map(rows -> rows.iterator().next())
        .map(FeedStatements::context);
  }

  private static Context context(Row row) {
    if (row.getBoolean("deleted")) {
      return new Context(true, List.of(), -1);
    }
    Long[] units = row.getArrayOfLongs("unit_ids");
    return new Context(false, units == null ? List.of() : List.of(units), row.getLong("version"));
  }
}
