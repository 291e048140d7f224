package cn.futian.jufu.testing.fakes;

import java.io.UncheckedIOException;
import org.jboss.logging.Logger;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts one {@link FakeFcm} for the whole test run, on port {@code fake.fcm.port} (default 18766),
 * and stops it at the end. When that port is taken (another build on the same machine), the fake
 * takes a free port and publishes it as the system property {@code fake.fcm.port}, which the %test
 * configuration reads ({@code http://127.0.0.1:${fake.fcm.port:18766}}) when Quarkus starts later
 * in the same JVM.
 */
public final class FakeFcmListener implements LauncherSessionListener {

  private static final Logger LOG = Logger.getLogger(FakeFcmListener.class);

  private FakeFcm fake;

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    int port = Integer.getInteger("fake.fcm.port", 18766);
    try {
      fake = FakeFcm.start(port);
    } catch (UncheckedIOException portTaken) {
      fake = FakeFcm.start(0);
      LOG.warnf("Port %d is taken: the shared FakeFcm runs on port %d", port, fake.port());
    }
    System.setProperty("fake.fcm.port", Integer.toString(fake.port()));
    FakeFcm.shared(fake);
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    FakeFcm.shared(null);
    if (fake != null) {
      fake.close();
      fake = null;
    }
  }
}
