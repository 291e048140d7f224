package cn.futian.jufu.notifications;

import cn.futian.jufu.devices.DeviceService;
import cn.futian.jufu.devices.PushDevice;
import cn.futian.jufu.push.PushMessage;
import cn.futian.jufu.push.PushOutcome;
import cn.futian.jufu.wechat.WeChatSubscriptions;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a member's pushes go, and what came of them. A member's FCM devices get every push; a
 * member without any FCM device but with a WeChat binding gets a subscription message when a
 * consent for that template is left (one is used per message); the case team's alerts (category
 * {@code CASE}) go to WeChat as well as to the devices. Runs in the caller's transaction.
 */
@jakarta.enterprise.context.ApplicationScoped
public class PushTargets {

  private final WeChatSubscriptions wechat;
  private final DeviceService deviceService;
  private final DispatchRepository dispatches;

  PushTargets(
      WeChatSubscriptions wechat, DeviceService deviceService, DispatchRepository dispatches) {
    this.wechat = wechat;
    this.deviceService = deviceService;
    this.dispatches = dispatches;
  }

  public static final String FCM = "FCM";
  public static final String WECHAT = "WECHAT";

  /** The category (and WeChat template key) of the case team's alerts (rights/CaseAlerts). */
  static final String STAFF_ALERTS = "CASE";

  /**
   * One destination: {@code key} names it in delivery records ({@code device:<id>} or {@code
   * wechat}), {@code address} is the token or openid, {@code template} the WeChat template key.
   */
  public record Target(
      String channel, String key, String address, long memberId, Long deviceId, String template) {

    /** The message for this target; {@code link} is the absolute link (WeChat opens its page). */
    PushMessage address(PushMessage base, String link) {
      return new PushMessage(
          address,
          base.templateKey(),
          base.title(),
          base.body(),
          channel.equals(WECHAT) ? null : link,
          base.when(),
          base.collapseKey(),
          base.data(),
          base.urgent(),
          base.ttl());
    }
  }

  /** A push made (or to be made) to one target for one notification. */
  public record Attempt(long notificationId, Target target, PushOutcome outcome) {
    Attempt with(PushOutcome o) {
      return new Attempt(notificationId, target, o);
    }
  }

  /**
   * Targets per notification ({@code memberOf}: notification id → member id; {@code templateOf}:
   * notification id → WeChat template key). Targets that already got the notification are left out.
   */
  public Uni<Map<Long, List<Target>>> resolve(
      Map<Long, Long> memberOf, Map<Long, String> templateOf) {
    if (memberOf.isEmpty()) {
      return Uni.createFrom().item(Map.of());
    }
    Long[] members = new HashSet<>(memberOf.values()).toArray(new Long[0]);
    return devices(members)
        .chain(
            devices ->
                dispatches
                    .alreadySent(memberOf.keySet())
                    .chain(
                        sent ->
                            wechat(memberOf, templateOf, devices, sent)
                                .map(wechat -> assemble(memberOf, devices, wechat, sent))));
  }

  private Uni<Map<Long, List<Target>>> devices(Long[] members) {
    return deviceService
        .pushDevicesOf(List.of(members))
        .map(
            list -> {
              Map<Long, List<Target>> out = new HashMap<>();
              for (PushDevice d : list) {
                out.computeIfAbsent(d.memberId(), k -> new ArrayList<>())
                    .add(
                        new Target(
                            FCM,
                            "device:" + d.deviceId(),
                            d.token(),
                            d.memberId(),
                            d.deviceId(),
                            null));
              }
              return out;
            });
  }

  /**
   * WeChat targets for notifications whose member has no FCM device, taking one subscription
   * consent each (given back by {@link #recordAttempts} when the message could not be sent).
   */
  private Uni<Map<Long, Target>> wechat(
      Map<Long, Long> memberOf,
      Map<Long, String> templateOf,
      Map<Long, List<Target>> devices,
      Map<Long, Set<String>> sent) {
    Map<String, List<Long>> byTemplate = new HashMap<>();
    for (Map.Entry<Long, Long> e : memberOf.entrySet()) {
      boolean done = sent.getOrDefault(e.getKey(), Set.of()).contains("wechat");
      // The case team's alerts go to WeChat as well as to the phone: a page must not be missed.
      boolean alsoWeChat = STAFF_ALERTS.equals(templateOf.get(e.getKey()));
      if ((alsoWeChat || !devices.containsKey(e.getValue())) && !done) {
        byTemplate
            .computeIfAbsent(templateOf.get(e.getKey()), k -> new ArrayList<>())
            .add(e.getKey());
      }
    }
    Uni<Map<Long, Target>> chain = Uni.createFrom().item(new HashMap<>());
    for (Map.Entry<String, List<Long>> e : byTemplate.entrySet()) {
      List<Long> notifications = e.getValue();
      List<Long> members = notifications.stream().map(memberOf::get).toList();
      chain =
          chain.chain(
              out ->
                  wechat
                      .takeEach(members, e.getKey())
                      .map(
                          taken -> {
                            Map<Long, String> openid = new HashMap<>(taken);
                            for (Long n : notifications) {
                              String id = openid.remove(memberOf.get(n));
                              if (id != null) {
                                out.put(
                                    n,
                                    new Target(
                                        WECHAT, "wechat", id, memberOf.get(n), null, e.getKey()));
                              }
                            }
                            return out;
                          }));
    }
    return chain;
  }

  private static Map<Long, List<Target>> assemble(
      Map<Long, Long> memberOf,
      Map<Long, List<Target>> devices,
      Map<Long, Target> wechat,
      Map<Long, Set<String>> sent) {
    Map<Long, List<Target>> out = new HashMap<>();
    for (Map.Entry<Long, Long> e : memberOf.entrySet()) {
      Set<String> done = sent.getOrDefault(e.getKey(), Set.of());
      List<Target> list = new ArrayList<>();
      for (Target t : devices.getOrDefault(e.getValue(), List.of())) {
        if (!done.contains(t.key())) {
          list.add(t);
        }
      }
      Target w = wechat.get(e.getKey());
      if (w != null) {
        list.add(w);
      }
      out.put(e.getKey(), list);
    }
    return out;
  }

  /**
   * Records attempts and acts on them: gone FCM tokens are deleted, a WeChat consent is given back
   * when the message was not delivered and set to zero on 43101. For campaigns ({@code campaignId}
   * set) only failures are recorded; the campaign counts the rest.
   */
  public Uni<Void> recordAttempts(Collection<Attempt> attempts, Long campaignId) {
    List<DispatchRepository.AttemptRow> rows = new ArrayList<>();
    List<Long> goneDevices = new ArrayList<>();
    List<Long> giveBack = new ArrayList<>();
    List<Long> exhausted = new ArrayList<>();
    for (Attempt a : attempts) {
      PushOutcome.Result r = a.outcome().result();
      if (campaignId == null || r != PushOutcome.Result.SENT) {
        rows.add(
            new DispatchRepository.AttemptRow(
                a.notificationId(),
                a.target().memberId(),
                a.target().channel(),
                a.target().key(),
                r.name(),
                a.outcome().errorCode()));
      }
      if (r == PushOutcome.Result.TARGET_GONE && a.target().deviceId() != null) {
        goneDevices.add(a.target().deviceId());
      }
      if (a.target().channel().equals(WECHAT) && r != PushOutcome.Result.SENT) {
        (r == PushOutcome.Result.NO_CONSENT ? exhausted : giveBack).add(a.target().memberId());
      }
    }
    Uni<Integer> chain = dispatches.insertAttempts(rows, campaignId);
    if (!goneDevices.isEmpty()) {
      chain = chain.chain(() -> deviceService.removeIds(goneDevices));
    }
    if (!giveBack.isEmpty() || !exhausted.isEmpty()) {
      chain = chain.chain(() -> wechatConsents(attempts, giveBack, exhausted).replaceWith(0));
    }
    return chain.replaceWithVoid();
  }

  private Uni<Void> wechatConsents(
      Collection<Attempt> attempts, List<Long> giveBack, List<Long> exhausted) {
    // The template of a WeChat attempt is the notification's category, carried in the target's
    // message; attempts of one round share few templates, so group by it.
    Map<String, List<Long>> back = new HashMap<>();
    Map<String, List<Long>> none = new HashMap<>();
    for (Attempt a : attempts) {
      if (!a.target().channel().equals(WECHAT)) {
        continue;
      }
      long m = a.target().memberId();
      String template = a.target().template();
      if (giveBack.contains(m)) {
        back.computeIfAbsent(template, k -> new ArrayList<>()).add(m);
      } else if (exhausted.contains(m)) {
        none.computeIfAbsent(template, k -> new ArrayList<>()).add(m);
      }
    }
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (Map.Entry<String, List<Long>> e : back.entrySet()) {
      chain = chain.chain(() -> wechat.restoreEach(e.getValue(), e.getKey()));
    }
    for (Map.Entry<String, List<Long>> e : none.entrySet()) {
      chain = chain.chain(() -> wechat.exhaustEach(e.getValue(), e.getKey()));
    }
    return chain;
  }
}
