package cn.futian.jufu.seeds;

import io.smallrye.mutiny.Uni;
import java.nio.file.Path;

/**
 * A feature that loads its own seed file after the organisation tree (news articles, the services
 * directory). Runs inside the seed transaction, under the seed lock, so it must be idempotent: a
 * second start-up creates nothing new.
 */
public interface SeedContributor {

  /** A short name for the log line ("service points"). */
  String name();

  /**
   * Reads its file from {@code dir} (a missing file is no error) and returns how many rows it
   * created.
   */
  Uni<Integer> seed(Path dir);
}
