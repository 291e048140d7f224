package cn.futian.jufu.news;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the news feature ({@code fulian.news.*}). */
@ConfigMapping(prefix = "fulian.news")
public interface NewsConfig {

  /**
   * Whether to load the demo articles of {@code seeds/news.csv} at start-up (dev, tests and
   * run.sh). Off in production unless asked for: the articles are examples, not real news.
   */
  @WithDefault("false")
  boolean demoSeed();
}
