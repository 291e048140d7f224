package cn.futian.jufu.registrations;

import cn.futian.jufu.common.error.DomainException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code Idempotency-Key}: the first request with a key records its result in the same transaction
 * as its effect; a retry (or a second tap arriving at the same time, which waits on the key's row)
 * gets that result back and changes nothing. A key reused for a different request is refused.
 */
@ApplicationScoped
class IdempotencyStore {

  /** A result recorded by an earlier request with the same key. */
  record Stored(int status, String body) {}

  /** Claims the key; returns the earlier result when the key was used before. */
  Uni<Stored> begin(long memberId, String key, String requestHash) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "insert into idempotency_record (member_id, key, request_hash)"
                            + " values (:m, :k, :h) on conflict do nothing")
                    .setParameter("m", memberId)
                    .setParameter("k", key)
                    .setParameter("h", requestHash)
                    .executeUpdate()
                    .chain(
                        inserted -> {
                          if (inserted == 1) {
                            return Uni.createFrom().<Stored>nullItem();
                          }
                          return s.createNativeQuery(
                                  "select request_hash, status, body from idempotency_record"
                                      + " where member_id = :m and key = :k",
                                  Object[].class)
                              .setParameter("m", memberId)
                              .setParameter("k", key)
                              .getResultList()
                              .map(rows -> earlier(rows, requestHash));
                        }));
  }

  Uni<Void> complete(long memberId, String key, int status, String body) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "update idempotency_record set status = :st, body = :b"
                            + " where member_id = :m and key = :k")
                    .setParameter("st", status)
                    .setParameter("b", body)
                    .setParameter("m", memberId)
                    .setParameter("k", key)
                    .executeUpdate())
        .replaceWithVoid();
  }

  static String hash(String... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String p : parts) {
        sha.update(String.valueOf(p).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  private static Stored earlier(List<Object[]> rows, String requestHash) {
    if (rows.isEmpty()) {
      throw new IllegalStateException("Idempotency record vanished");
    }
    Object[] row = rows.get(0);
    if (!requestHash.equals(row[0])) {
      throw DomainException.rule("idempotency.key-reused");
    }
    if (row[1] == null) {
      // Only possible if the first request committed without completing: treat as in progress.
      throw DomainException.conflict("idempotency.in-progress");
    }
    return new Stored(((Number) row[1]).intValue(), (String) row[2]);
  }
}
