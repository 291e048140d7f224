package cn.futian.jufu.common.links;

import io.smallrye.config.ConfigMapping;
import java.net.URI;

/** Where residents' phones reach the service ({@code fulian.links.*}, ADR 0016). */
@ConfigMapping(prefix = "fulian.links")
public interface LinkConfig {

  /**
   * The service's public address, scheme and host (and port) without a path, e.g. {@code
   * https://api.fulian.example.invalid}: every link handed to a resident or a cadre starts with it.
   */
  URI baseUrl();
}
