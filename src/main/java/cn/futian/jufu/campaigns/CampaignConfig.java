package cn.futian.jufu.campaigns;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "fulian.campaigns")
public interface CampaignConfig {

  /** Members per batch: the unit of work a worker claims (and, at most, resends after a crash). */
  @WithDefault("500")
  int batchSize();

  /** Worker threads per instance sending campaign batches. */
  @WithDefault("4")
  int workers();

  /** A claimed batch not finished within this time is claimed again. */
  @WithDefault("2m")
  Duration lease();

  /** Sends to one batch before it is given up (its failures stay in the report). */
  @WithDefault("5")
  int maxAttempts();

  /** Campaign messages a member receives per day at most (Asia/Shanghai days). */
  @WithDefault("2")
  int dailyCapPerMember();

  /**
   * The project's FCM quota in messages per minute, shared by all instances through Redis (FCM's
   * default is 600,000).
   */
  @WithDefault("600000")
  int fcmQuotaPerMinute();

  /** How often scheduled campaigns are checked. */
  @WithDefault("10s")
  Duration scheduleEvery();

  /** How often idle workers look for batches (a send or resume wakes them at once). */
  @WithDefault("2s")
  Duration kickEvery();
}
