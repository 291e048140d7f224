package cn.futian.jufu.testing.fakes;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts the shared {@link FakeWeChat} once per test run, on port {@code fake.wechat.port} (default
 * 18767), before any Quarkus application starts; stops it at the end of the run.
 */
public class FakeWeChatListener implements LauncherSessionListener {

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    FakeWeChat.startShared(Integer.getInteger(FakeWeChat.PORT_PROPERTY, FakeWeChat.DEFAULT_PORT));
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    FakeWeChat.closeShared();
  }
}
