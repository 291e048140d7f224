package cn.futian.jufu.privacy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How a deleted account's Keycloak login is disabled when Keycloak was not reachable at once. */
@ConfigMapping(prefix = "fulian.account-deletion")
public interface AccountDeletionConfig {

  /** How often the job looks for logins still to be disabled; also the step of its back-off. */
  @WithDefault("1m")
  Duration retryEvery();

  /** The job leaves a new deletion alone this long: the request itself tries at once. */
  @WithDefault("30s")
  Duration firstRetryAfter();
}
