package cn.futian.jufu.push;

import java.util.List;

/**
 * A way to reach a member's phone outside the app: FCM or WeChat subscription messages. The inbox
 * is not a channel; every notification is in the inbox whatever the channels do.
 *
 * <p>Implementations block (they make HTTP calls): call them on a worker thread, after the
 * transaction that chose the messages has committed, never on the event loop.
 */
public interface PushChannel {

  /** FCM or WECHAT, as recorded with every delivery attempt. */
  String name();

  /** False when the channel is not configured for this deployment. */
  boolean enabled();

  /** Sends each message once; returns one outcome per message, in the same order. */
  List<PushOutcome> send(List<PushMessage> messages);

  /**
   * Asks the provider to check messages without delivering them (FCM's {@code validate_only}), for
   * campaign dry runs. Channels that cannot do that answer false from {@link #canValidate()}.
   */
  default List<PushOutcome> validate(List<PushMessage> messages) {
    throw new UnsupportedOperationException(name() + " cannot validate messages");
  }

  default boolean canValidate() {
    return false;
  }
}
