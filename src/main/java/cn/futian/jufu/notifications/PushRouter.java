package cn.futian.jufu.notifications;

import cn.futian.jufu.common.links.PublicLinks;
import cn.futian.jufu.push.PushChannel;
import cn.futian.jufu.push.PushMessage;
import cn.futian.jufu.push.PushOutcome;
import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Hands pushes to their channels (FCM, WeChat): one blocking call per channel for a whole round.
 * Call on a worker thread, after the claiming transaction has committed.
 */
@ApplicationScoped
public class PushRouter {

  private static final Logger LOG = Logger.getLogger(PushRouter.class);

  private final Map<String, PushChannel> channels = new HashMap<>();

  private final PublicLinks links;

  PushRouter(@All List<PushChannel> channels, PublicLinks links) {
    this.links = links;
    for (PushChannel c : channels) {
      this.channels.put(c.name(), c);
    }
  }

  /** A notification to push: its message (without address) and where it goes. */
  public record Outgoing(long notificationId, PushMessage base, List<PushTargets.Target> to) {}

  /** Whether a channel is configured here. */
  public boolean enabled(String channel) {
    PushChannel c = channels.get(channel);
    return c != null && c.enabled();
  }

  /** Whether the channel can check messages without sending them (FCM's validate_only). */
  public boolean canValidate(String channel) {
    return enabled(channel) && channels.get(channel).canValidate();
  }

  /** Checks messages with the channel without delivering them; blocking. */
  public List<PushOutcome> validate(String channel, List<PushMessage> messages) {
    return channels.get(channel).validate(messages);
  }

  /** Sends every push; a channel that is not configured is skipped (the inbox has the message). */
  public List<PushTargets.Attempt> send(List<Outgoing> outgoing) {
    Map<String, List<PushMessage>> byChannel = new HashMap<>();
    Map<String, List<PushTargets.Attempt>> pending = new HashMap<>();
    for (Outgoing o : outgoing) {
      for (PushTargets.Target t : o.to()) {
        if (!enabled(t.channel())) {
          continue;
        }
        byChannel
            .computeIfAbsent(t.channel(), k -> new ArrayList<>())
            .add(t.address(o.base(), links.app(o.base().link())));
        pending
            .computeIfAbsent(t.channel(), k -> new ArrayList<>())
            .add(new PushTargets.Attempt(o.notificationId(), t, null));
      }
    }
    List<PushTargets.Attempt> done = new ArrayList<>();
    for (Map.Entry<String, List<PushMessage>> e : byChannel.entrySet()) {
      List<PushTargets.Attempt> tries = pending.get(e.getKey());
      List<PushOutcome> outcomes;
      try {
        outcomes = channels.get(e.getKey()).send(e.getValue());
      } catch (RuntimeException failure) {
        LOG.warnf(failure, "%s channel failed for a whole round", e.getKey());
        outcomes = new ArrayList<>();
        for (int i = 0; i < tries.size(); i++) {
          outcomes.add(PushOutcome.retry("CHANNEL_ERROR", null));
        }
      }
      for (int i = 0; i < tries.size(); i++) {
        done.add(tries.get(i).with(outcomes.get(i)));
      }
    }
    return done;
  }
}
