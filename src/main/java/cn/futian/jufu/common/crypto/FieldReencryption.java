package cn.futian.jufu.common.crypto;

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

  /** An encrypted column: its table, the table's key column, and the column's name. */
  record Column(String table, String key, String column) {
    String aad() {
      return table + "." + column;
    }
  }

  /** Every encrypted column of the schema; the AAD is {@code table.column}, as the writers use. */
  static final List<Column> COLUMNS =
      List.of(
          new Column("member", "id", "phone"),
          new Column("member", "id", "marital_status"),
          new Column("dependant", "id", "name"),
          new Column("checkin_key", "kid", "private_key"),
          new Column("help_request", "id", "reference_sealed"),
          new Column("help_request", "id", "account_sealed"),
          new Column("help_request", "id", "contact_sealed"),
          new Column("help_request", "id", "risk_answers_sealed"),
          new Column("help_request", "id", "triage_note_sealed"),
          new Column("help_request", "id", "phone_sealed"),
          new Column("help_request", "id", "id_number_sealed"),
          new Column("help_case_approval", "id", "text_sealed"),
          new Column("help_case_approval", "id", "comment_sealed"),
          new Column("help_case_entry", "id", "note_sealed"),
          new Column("help_case_referral", "id", "summary_sealed"),
          new Column("help_case_referral", "id", "override_reason_sealed"),
          new Column("help_mediation_session", "id", "note_sealed"),
          new Column("difficulty_entry", "id", "name_sealed"),
          new Column("difficulty_entry", "id", "phone_sealed"),
          new Column("difficulty_entry", "id", "id_number_sealed"),
          new Column("difficulty_entry", "id", "address_sealed"),
          new Column("difficulty_entry", "id", "notes_sealed"),
          new Column("difficulty_visit", "id", "needs_sealed"),
          new Column("case_emergency_access", "id", "reason_sealed"));

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
    Uni<Integer> chain = Uni.createFrom().item(0);
    for (Column c : COLUMNS) {
      chain = chain.chain(done -> loop(c, done));
    }
    return chain;
  }

  private Uni<Integer> loop(Column c, int doneSoFar) {
    return Panache.withTransaction(() -> batch(c))
        .chain(n -> n == 0 ? Uni.createFrom().item(doneSoFar) : loop(c, doneSoFar + n));
  }

  private Uni<Integer> batch(Column c) {
    FieldCipher cipher = FieldCipher.current();
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "select cast("
                            + c.key()
                            + " as text), "
                            + c.column()
                            + " from "
                            + c.table()
                            + " where "
                            + c.column()
                            + " is not null and "
                            + c.column()
                            + " not like :k order by "
                            + c.key()
                            + " limit "
                            + BATCH
                            + " for update skip locked",
                        Object[].class)
                    .setParameter("k", FieldCipher.PREFIX + cipher.activeKeyId() + ":%")
                    .getResultList()
                    .chain(rows -> rewrite(s, c, cipher, rows)));
  }

  private static Uni<Integer> rewrite(
      Mutiny.Session s, Column c, FieldCipher cipher, List<Object[]> rows) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (Object[] row : rows) {
      String stored = (String) row[1];
      String again = cipher.encrypt(cipher.decrypt(stored, c.aad()), c.aad());
      chain =
          chain.chain(
              () ->
                  s.createNativeQuery(
                          "update "
                              + c.table()
                              + " set "
                              + c.column()
                              + " = :v where cast("
                              + c.key()
                              + " as text) = :id"
                              // Lets an append-only table (help_case_entry) take the new
                              // ciphertext of its sealed column, and nothing else.
                              + " and set_config('fulian.reencrypt', 'on', true) = 'on'")
                      .setParameter("v", again)
                      .setParameter("id", (String) row[0])
                      .executeUpdate()
                      .replaceWithVoid());
    }
    return chain.replaceWith(rows.size());
  }
}
