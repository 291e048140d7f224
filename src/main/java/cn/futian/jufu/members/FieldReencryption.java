package cn.futian.jufu.members;

import cn.futian.jufu.common.crypto.FieldCipher;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Moves every encrypted value to the active key: legacy plain text (rows from before V9) and values
 * under a retired key. After a key rotation (a new key appended to {@code fulian.crypto.keys} and
 * made active) this job re-encrypts in batches; once it reports nothing left, the old key can leave
 * the ring. Rows are locked with SKIP LOCKED, so several instances share the work.
 */
@ApplicationScoped
public class FieldReencryption {

  private static final Logger LOG = Logger.getLogger(FieldReencryption.class);
  static final int BATCH = 500;

  @Scheduled(
      every = "${fulian.crypto.reencrypt-every:1h}",
      delayed = "${fulian.crypto.reencrypt-delay:30s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> run() {
    return reencryptAll()
        .invoke(
            n -> {
              if (n > 0) {
                LOG.infof(
                    "values re-encrypted with key %s: %d", FieldCipher.current().activeKeyId(), n);
              }
            })
        .onFailure()
        .invoke(e -> LOG.warn("Re-encryption failed; retried on the next run", e))
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }

  /** Re-encrypts until nothing is left; returns how many values were rewritten. */
  public Uni<Integer> reencryptAll() {
    return Uni.createFrom().item(0).chain(this::loop);
  }

  private Uni<Integer> loop(int doneSoFar) {
    return Panache.withTransaction(this::batch)
        .chain(n -> n == 0 ? Uni.createFrom().item(doneSoFar) : loop(doneSoFar + n));
  }

  private Uni<Integer> batch() {
    return Panache.getSession().chain(s -> members(s).chain(m -> dependants(s).map(d -> m + d)));
  }

  private Uni<Integer> members(Mutiny.Session s) {
    String key = keyPattern();
    return s.createNativeQuery(
            "select id, phone, marital_status from member"
                + " where (phone is not null and phone not like :k)"
                + " or (marital_status is not null and marital_status not like :k)"
                + " order by id limit "
                + BATCH
                + " for update skip locked",
            Object[].class)
        .setParameter("k", key)
        .getResultList()
        .chain(rows -> rewriteMembers(s, rows));
  }

  private Uni<Integer> rewriteMembers(Mutiny.Session s, List<Object[]> rows) {
    FieldCipher cipher = FieldCipher.current();
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (Object[] row : rows) {
      String phone = again(cipher, (String) row[1], EncryptedColumns.PHONE);
      String marital = again(cipher, (String) row[2], EncryptedColumns.MARITAL_STATUS);
      chain =
          chain.chain(
              () ->
                  s.createNativeQuery(
                          "update member set phone = :p, marital_status = :m where id = :id")
                      .setParameter("p", phone)
                      .setParameter("m", marital)
                      .setParameter("id", ((Number) row[0]).longValue())
                      .executeUpdate()
                      .replaceWithVoid());
    }
    return chain.replaceWith(rows.size());
  }

  private Uni<Integer> dependants(Mutiny.Session s) {
    return s.createNativeQuery(
            "select id, name from dependant where name not like :k"
                + " order by id limit "
                + BATCH
                + " for update skip locked",
            Object[].class)
        .setParameter("k", keyPattern())
        .getResultList()
        .chain(
            rows -> {
              FieldCipher cipher = FieldCipher.current();
              Uni<Void> chain = Uni.createFrom().voidItem();
              for (Object[] row : rows) {
                String name = again(cipher, (String) row[1], EncryptedColumns.DEPENDANT_NAME);
                chain =
                    chain.chain(
                        () ->
                            s.createNativeQuery("update dependant set name = :n where id = :id")
                                .setParameter("n", name)
                                .setParameter("id", ((Number) row[0]).longValue())
                                .executeUpdate()
                                .replaceWithVoid());
              }
              return chain.replaceWith(rows.size());
            });
  }

  private static String again(FieldCipher cipher, String stored, String column) {
    if (!cipher.needsReencryption(stored)) {
      return stored;
    }
    return cipher.encrypt(cipher.decrypt(stored, column), column);
  }

  private static String keyPattern() {
    return "enc1:" + FieldCipher.current().activeKeyId() + ":%";
  }
}
