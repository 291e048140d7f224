package cn.futian.jufu.privacy;

import cn.futian.jufu.rights.HelpRequestService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Erases personal data past its retention period, in batches of {@value #BATCH} rows per
 * transaction (short locks; several instances may run it, each batch is idempotent).
 */
@ApplicationScoped
public class RetentionService {

  static final int BATCH = 5000;

  private final RetentionConfig config;
  private final HelpRequestService helpRequests;

  RetentionService(RetentionConfig config, HelpRequestService helpRequests) {
    this.config = config;
    this.helpRequests = helpRequests;
  }

  /** The policy as configured, for operators. */
  public Map<String, Duration> policy() {
    Map<String, Duration> out = new LinkedHashMap<>();
    out.put("registrationDetails", config.registrationDetails());
    out.put("inbox", config.inbox());
    out.put("deliveryAttempts", config.deliveryAttempts());
    out.put("outbox", config.outbox());
    out.put("auditLog", config.auditLog());
    out.put("helpRequestNothing", config.helpRequestNothing());
    out.put("helpRequestAnswered", config.helpRequestAnswered());
    return out;
  }

  /** Runs every purge once; returns how many rows each erased. */
  public Uni<Map<String, Integer>> purge() {
    OffsetDateTime now = OffsetDateTime.now();
    Map<String, Integer> out = new LinkedHashMap<>();
    return loop(
            "registrationDetails",
            "update registration set answers = null, details_erased_at = now() where id in"
                + " (select r.id from registration r join session s on s.id = r.session_id"
                + " where r.answers is not null and s.ends_at < :cut limit "
                + BATCH
                + " for update of r skip locked)",
            now.minus(config.registrationDetails()),
            out)
        .chain(
            () ->
                loop(
                    "inboxDispatches",
                    "delete from notification_dispatch where notification_id in (select id from"
                        + " notification where created_at < :cut limit "
                        + BATCH
                        + ")",
                    now.minus(config.inbox()),
                    out))
        .chain(
            () ->
                loop(
                    "inbox",
                    "delete from notification where id in (select id from notification"
                        + " where created_at < :cut limit "
                        + BATCH
                        + " for update skip locked)",
                    now.minus(config.inbox()),
                    out))
        .chain(
            () ->
                loop(
                    "deliveryAttempts",
                    "delete from delivery_attempt where id in (select id from delivery_attempt"
                        + " where attempted_at < :cut limit "
                        + BATCH
                        + " for update skip locked)",
                    now.minus(config.deliveryAttempts()),
                    out))
        .chain(
            () ->
                loop(
                    "outbox",
                    "delete from outbox where id in (select id from outbox where published_at"
                        + " < :cut limit "
                        + BATCH
                        + " for update skip locked)",
                    now.minus(config.outbox()),
                    out))
        .chain(
            () ->
                loop(
                    "auditLog",
                    // The append-only trigger lets a row go only when the transaction has switched
                    // purge mode on (and the row is over a year old): docs/adr/0011. The switch is
                    // set in the statement itself, before any row's trigger runs.
                    "delete from audit_log where id in (select id from audit_log where at < :cut"
                        + " order by id limit "
                        + BATCH
                        + ") and set_config('fulian.audit_purge', 'on', true) = 'on'",
                    now.minus(config.auditLog()),
                    out))
        .chain(
            () ->
                loop(
                    "helpRequestNothing",
                    () ->
                        helpRequests.purgeTriaged(
                            List.of("NOTHING"), now.minus(config.helpRequestNothing()), BATCH),
                    out))
        .chain(
            () ->
                loop(
                    "helpRequestAnswered",
                    () ->
                        helpRequests.purgeTriaged(
                            List.of("CONSULTATION", "INFORMATION"),
                            now.minus(config.helpRequestAnswered()),
                            BATCH),
                    out))
        .replaceWith(out);
  }

  /** A purge another feature owns: batches in transactions of its own until one is not full. */
  private Uni<Void> loop(String kind, Supplier<Uni<Integer>> batch, Map<String, Integer> out) {
    return batch
        .get()
        .chain(
            n -> {
              out.merge(kind, n, Integer::sum);
              return n < BATCH ? Uni.createFrom().voidItem() : loop(kind, batch, out);
            });
  }

  private Uni<Void> loop(String kind, String sql, OffsetDateTime cut, Map<String, Integer> out) {
    return Panache.withTransaction(
            () ->
                Panache.getSession()
                    .chain(s -> s.createNativeQuery(sql).setParameter("cut", cut).executeUpdate()))
        .chain(
            n -> {
              out.merge(kind, n, Integer::sum);
              return n < BATCH ? Uni.createFrom().voidItem() : loop(kind, sql, cut, out);
            });
  }
}
