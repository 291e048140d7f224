package cn.futian.jufu.privacy;

import cn.futian.jufu.rights.CaseService;
import cn.futian.jufu.rights.DifficultyService;
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
  private final CaseService cases;
  private final DifficultyService register;

  /**
   * Audit actions of the case team and of residents asking for help, kept as long as the case files
   * they concern (ADR 0026).
   */
  static final String CASE_WORK_ACTIONS =
      "array['case.%', 'case-work.%', 'case-team.%', 'difficulty.%', 'help-request.%',"
          + " 'referral.%', 'rights.%']";

  RetentionService(
      RetentionConfig config,
      HelpRequestService helpRequests,
      CaseService cases,
      DifficultyService register) {
    this.config = config;
    this.helpRequests = helpRequests;
    this.cases = cases;
    this.register = register;
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
    out.put("caseFile", config.caseFile());
    out.put("registerExited", config.registerExited());
    out.put("registerRejected", config.registerRejected());
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
                    // Case work is kept as long as the case files (the longer of the two terms).
                    "delete from audit_log where id in (select id from audit_log where at < :cut"
                        + " and (at < :caseCut or not action like any ("
                        + CASE_WORK_ACTIONS
                        + ")) order by id limit "
                        + BATCH
                        + ") and set_config('fulian.audit_purge', 'on', true) = 'on'",
                    now.minus(config.auditLog()),
                    now.minus(max(config.caseFile(), config.auditLog())),
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
        .chain(
            () ->
                loop(
                    "caseFiles", () -> cases.purgeClosed(now.minus(config.caseFile()), BATCH), out))
        .chain(
            () ->
                loop(
                    "registerEntries",
                    () ->
                        register.purgeGone(
                            now.minus(config.registerExited()),
                            now.minus(config.registerRejected()),
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
    return loop(kind, sql, cut, null, out);
  }

  /** A purge in SQL with a cut and, for the audit, a second cut {@code caseCut}. */
  private Uni<Void> loop(
      String kind,
      String sql,
      OffsetDateTime cut,
      OffsetDateTime caseCut,
      Map<String, Integer> out) {
    return Panache.withTransaction(
            () ->
                Panache.getSession()
                    .chain(
                        s -> {
                          var q = s.createNativeQuery(sql).setParameter("cut", cut);
                          if (caseCut != null) {
                            q.setParameter("caseCut", caseCut);
                          }
                          return q.executeUpdate();
                        }))
        .chain(
            n -> {
              out.merge(kind, n, Integer::sum);
              return n < BATCH ? Uni.createFrom().voidItem() : loop(kind, sql, cut, caseCut, out);
            });
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
