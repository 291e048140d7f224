package cn.futian.jufu.seeds;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Reading a feature's seed file through Vert.x: no blocking file I/O on the event loop. */
public final class SeedFiles {

  private SeedFiles() {}

  /** The file's text (UTF-8), or null when the folder has no such file. */
  public static Uni<String> readIfPresent(Vertx vertx, Path dir, String name) {
    String file = dir.resolve(name).toString();
    return vertx
        .fileSystem()
        .exists(file)
        .chain(
            exists ->
                exists
                    ? vertx
                        .fileSystem()
                        .readFile(file)
                        .map(buffer -> buffer.toString(StandardCharsets.UTF_8))
                    : Uni.createFrom().nullItem());
  }
}
