package cn.futian.jufu.demo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Demo data ({@code fulian.demo.*}); env {@code FULIAN_DEMO_GENERATE=true} turns it on. */
@ConfigMapping(prefix = "fulian.demo")
public interface DemoConfig {

  /**
   * Whether to generate a year of demo activity at start-up (after the seeds), once: a database
   * that already holds it is left alone. Never in production.
   */
  @WithDefault("false")
  boolean generate();
}
