package cn.futian.jufu.demo;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

/**
 * Generates the demo year at start-up when {@code fulian.demo.generate=true}. Observers with a
 * smaller priority run first: the seed loader observes at the default priority (APPLICATION + 500),
 * so the tree exists by the time this runs; the generator checks that anyway.
 */
@ApplicationScoped
class DemoYearStartup {

  private static final Logger LOG = Logger.getLogger(DemoYearStartup.class);

  private final DemoConfig config;
  private final DemoYear demoYear;

  DemoYearStartup(DemoConfig config, DemoYear demoYear) {
    this.config = config;
    this.demoYear = demoYear;
  }

  void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 900) StartupEvent start)
      throws Throwable {
    if (!config.generate()) {
      return;
    }
    DemoYear.Report report = demoYear.generateAndWait();
    LOG.infof("Demo year: %s", report);
  }
}
