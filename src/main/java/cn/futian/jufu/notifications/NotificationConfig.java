package cn.futian.jufu.notifications;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.ZoneId;

@ConfigMapping(prefix = "fulian.notifications")
public interface NotificationConfig {

  /** Quiet hours and dates in texts are in this zone. */
  @WithDefault("Asia/Shanghai")
  ZoneId zone();

  /** Outbox rows turned into notifications per transaction. */
  @WithDefault("500")
  int relayBatch();

  /** Transactional pushes claimed per round. */
  @WithDefault("200")
  int dispatchBatch();

  /** Attempts per transactional push before giving up (the inbox keeps it anyway). */
  @WithDefault("6")
  int maxAttempts();

  /** A claimed push not finished within this time is claimed again (the claimer died). */
  @WithDefault("2m")
  Duration lease();

  /** Worker threads that send transactional pushes. */
  @WithDefault("2")
  int dispatchWorkers();

  /** How often the outbox is relayed into the inbox. */
  @WithDefault("1s")
  Duration relayEvery();

  /** How often idle push workers look for due pushes. */
  @WithDefault("1s")
  Duration pushEvery();

  /** Published outbox rows are deleted after this time. */
  @WithDefault("7d")
  Duration outboxRetention();
}
