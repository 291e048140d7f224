package cn.futian.jufu.devices;

import cn.futian.jufu.common.api.Owned;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.devices.DeviceDtos.DeviceView;
import cn.futian.jufu.devices.DeviceDtos.RegisterDevice;
import cn.futian.jufu.devices.DeviceRepository.Device;
import cn.futian.jufu.members.MemberService;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The devices that receive a member's pushes. A token belongs to the last member who registered it
 * (a shared phone moves on); stale tokens and tokens FCM no longer knows are removed.
 */
@ApplicationScoped
public class DeviceService {

  /** A member rarely has more phones than this; the least recently seen one gives way. */
  static final int MAX_DEVICES = 10;

  private final MemberService members;
  private final DeviceRepository devices;
  private final Duration staleAfter;

  DeviceService(
      MemberService members,
      DeviceRepository devices,
      @ConfigProperty(name = "fulian.devices.stale-after", defaultValue = "P60D")
          Duration staleAfter) {
    this.members = members;
    this.devices = devices;
    this.staleAfter = staleAfter;
  }

  @WithTransaction
  public Uni<List<DeviceView>> mine(CurrentUser user) {
    return members.ensureId(user).chain(this::devicesOf);
  }

  /** Registers a token or refreshes it (same token again: last seen now, details updated). */
  @WithTransaction
  public Uni<DeviceView> register(CurrentUser user, RegisterDevice cmd) {
    return members
        .ensureId(user)
        .call(memberId -> devices.upsert(memberId, cmd))
        .call(memberId -> devices.keepNewest(memberId, MAX_DEVICES))
        .chain(this::devicesOf)
        .map(
            list ->
                list.stream()
                    .filter(d -> cmd.token().startsWith(d.tokenPrefix()))
                    .findFirst()
                    .orElseThrow());
  }

  @WithTransaction
  public Uni<Void> remove(CurrentUser user, long deviceId) {
    return members
        .ensureId(user)
        .chain(
            memberId -> Owned.changed(devices.deleteOwned(memberId, deviceId), "device", deviceId));
  }

  /** Removes devices not seen for the configured time; returns how many. */
  @WithTransaction
  public Uni<Integer> pruneStale() {
    return devices.deleteNotSeenSince(OffsetDateTime.now().minus(staleAfter));
  }

  /** Removes tokens FCM said are gone, in the caller's transaction; returns how many. */
  public Uni<Integer> removeTokens(Collection<String> tokens) {
    return tokens.isEmpty() ? Uni.createFrom().item(0) : devices.deleteTokens(tokens);
  }

  /** The devices of these members, by member and device; in the caller's session. */
  public Uni<List<PushDevice>> pushDevicesOf(Collection<Long> memberIds) {
    return memberIds.isEmpty()
        ? Uni.createFrom().item(List.of())
        : devices.pushDevicesOf(memberIds);
  }

  /** Removes devices FCM said are gone, by id, in the caller's transaction; returns how many. */
  public Uni<Integer> removeIds(Collection<Long> deviceIds) {
    return deviceIds.isEmpty() ? Uni.createFrom().item(0) : devices.deleteIds(deviceIds);
  }

  private Uni<List<DeviceView>> devicesOf(long memberId) {
    return devices.ofMember(memberId).map(list -> list.stream().map(DeviceService::view).toList());
  }

  /** A device as its owner sees it: the token's first 8 characters only. */
  private static DeviceView view(Device d) {
    return new DeviceView(
        d.id(),
        d.token().substring(0, Math.min(8, d.token().length())),
        d.platform(),
        d.appVersion(),
        d.locale(),
        d.createdAt(),
        d.lastSeenAt());
  }
}
