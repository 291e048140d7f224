package cn.futian.jufu.members;

import io.smallrye.mutiny.Uni;

/**
 * A feature whose processing rests on a consent: told, in the same transaction, when a member gives
 * or withdraws it, so that withdrawing stops that processing at once (PIPL art. 15).
 */
public interface ConsentListener {

  default Uni<Void> granted(long memberId, ConsentPurpose purpose) {
    return Uni.createFrom().voidItem();
  }

  Uni<Void> withdrawn(long memberId, ConsentPurpose purpose);
}
