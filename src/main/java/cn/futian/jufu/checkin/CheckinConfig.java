package cn.futian.jufu.checkin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Check-in settings ({@code fulian.checkin.*}). */
@ConfigMapping(prefix = "fulian.checkin")
public interface CheckinConfig {

  /** A code is valid from this long before the session starts ... */
  @WithDefault("3h")
  Duration opensBefore();

  /** ... until this long after it ends. */
  @WithDefault("1h")
  Duration closesAfter();

  /** Clock difference tolerated between phones and the server. */
  @WithDefault("120s")
  Duration clockSkew();
}
