package cn.futian.jufu.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Set;

/** Settings of the events feature ({@code fulian.events.*}). */
@ConfigMapping(prefix = "fulian.events")
public interface EventConfig {

  /**
   * Kinds that the parent unit must approve before they are published (the district approves
   * district-owned ones).
   */
  @WithDefault("MATCHMAKING")
  Set<EventKind> approvalRequiredKinds();

  /** How long the residents' feed may be served from the Redis cache. */
  @WithDefault("60s")
  java.time.Duration feedCacheTtl();
}
