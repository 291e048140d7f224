package cn.futian.jufu.common.api;

import cn.futian.jufu.common.error.DomainException;
import io.smallrye.mutiny.Uni;

/**
 * A change to a row the caller owns, made with her id in the statement's {@code where} clause: no
 * row changed means she has no such row, a 404. Another member's row is "not found", never
 * "forbidden", so its existence is not disclosed.
 */
public final class Owned {

  private Owned() {}

  /** Completes when at least one row changed, else fails with a 404 problem for {@code what}. */
  public static Uni<Void> changed(Uni<Integer> rowsChanged, String what, Object id) {
    return rowsChanged
        .invoke(
            n -> {
              if (n == 0) {
                throw DomainException.notFound(what, id);
              }
            })
        .replaceWithVoid();
  }
}
