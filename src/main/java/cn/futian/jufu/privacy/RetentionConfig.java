package cn.futian.jufu.privacy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How long each kind of personal data is kept ({@code fulian.retention.*}, ISO-8601 durations). The
 * purge job erases what is older; see README "Privacy" for the table.
 */
@ConfigMapping(prefix = "fulian.retention")
public interface RetentionConfig {

  /** A sign-up's personal details (answers to the event's questions), after the session ended. */
  @WithDefault("P730D")
  Duration registrationDetails();

  /** Inbox notifications, after they were created. */
  @WithDefault("P365D")
  Duration inbox();

  /** Push delivery attempts (device tokens, openids), after the attempt. */
  @WithDefault("P90D")
  Duration deliveryAttempts();

  /** Delivered outbox events, after they were delivered. */
  @WithDefault("P30D")
  Duration outbox();

  /**
   * The audit log; at least one year (the database refuses to purge younger rows). Three years by
   * default: long enough to answer a member's complaint about an old access.
   */
  @WithDefault("P1095D")
  Duration auditLog();

  /**
   * A request for help that triage found to be nothing (spam, a prank, a duplicate), after triage
   * (ADR 0020).
   */
  @WithDefault("P90D")
  Duration helpRequestNothing();

  /** A request for help answered as a consultation or with information, after triage. */
  @WithDefault("P1095D")
  Duration helpRequestAnswered();

  /**
   * A case file (the case, its timeline, approvals, referrals, orders, mediation and the requests
   * filed under it), after the case was closed; also how long the audit keeps the case team's reads
   * and actions (ADR 0026).
   */
  @WithDefault("P3650D")
  Duration caseFile();

  /** A register entry that left the register, after it exited (ADR 0026). */
  @WithDefault("P1825D")
  Duration registerExited();

  /** A register proposal the street rejected, after it was proposed (ADR 0026). */
  @WithDefault("P365D")
  Duration registerRejected();

  /** How often the purge job runs. */
  @WithDefault("24h")
  String purgeEvery();

  @WithDefault("5m")
  String purgeDelay();
}
