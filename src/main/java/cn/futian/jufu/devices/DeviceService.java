package cn.futian.jufu.devices;

import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.time.Times;
import cn.futian.jufu.devices.DeviceDtos.DeviceView;
import cn.futian.jufu.devices.DeviceDtos.Platform;
import cn.futian.jufu.devices.DeviceDtos.RegisterDevice;
import cn.futian.jufu.members.MemberService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
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
  private final Duration staleAfter;

  DeviceService(
      MemberService members,
      @ConfigProperty(name = "fulian.devices.stale-after", defaultValue = "P60D")
          Duration staleAfter) {
    this.members = members;
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
        .chain(
            memberId ->
                Panache.getSession()
                    .chain(
                        s ->
                            s.createNativeQuery(
                                    "insert into device (member_id, token, platform, app_version,"
                                        + " locale) values (:m, :t, :p, :v, :l)"
                                        + " on conflict (token) do update set member_id ="
                                        + " excluded.member_id, platform = excluded.platform,"
                                        + " app_version = excluded.app_version, locale ="
                                        + " excluded.locale, last_seen_at = now()")
                                .setParameter("m", memberId)
                                .setParameter("t", cmd.token())
                                .setParameter("p", cmd.platform().name())
                                .setParameter("v", cmd.appVersion())
                                .setParameter("l", cmd.locale())
                                .executeUpdate()
                                .chain(
                                    () ->
                                        s.createNativeQuery(
                                                "delete from device where member_id = :m and id"
                                                    + " not in (select id from device where"
                                                    + " member_id = :m order by last_seen_at desc,"
                                                    + " id desc limit :max)")
                                            .setParameter("m", memberId)
                                            .setParameter("max", MAX_DEVICES)
                                            .executeUpdate()))
                    .chain(() -> devicesOf(memberId)))
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
            memberId ->
                Panache.getSession()
                    .chain(
                        s ->
                            s.createNativeQuery(
                                    "delete from device where id = :id and member_id = :m")
                                .setParameter("id", deviceId)
                                .setParameter("m", memberId)
                                .executeUpdate()))
        .invoke(
            n -> {
              if (n == 0) {
                throw DomainException.notFound("device", deviceId);
              }
            })
        .replaceWithVoid();
  }

  /** Removes devices not seen for the configured time; returns how many. */
  @WithTransaction
  public Uni<Integer> pruneStale() {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery("delete from device where last_seen_at < :before")
                    .setParameter("before", OffsetDateTime.now().minus(staleAfter))
                    .executeUpdate());
  }

  /** Removes tokens FCM said are gone, in the caller's transaction; returns how many. */
  public Uni<Integer> removeTokens(Collection<String> tokens) {
    if (tokens.isEmpty()) {
      return Uni.createFrom().item(0);
    }
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery("delete from device where token = any(cast(:t as varchar[]))")
                    .setParameter("t", tokens.toArray(new String[0]))
                    .executeUpdate());
  }

  private Uni<List<DeviceView>> devicesOf(long memberId) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "select id, token, platform, app_version, locale, created_at,"
                            + " last_seen_at from device where member_id = :m"
                            + " order by last_seen_at desc, id desc",
                        Object[].class)
                    .setParameter("m", memberId)
                    .getResultList())
        .map(
            rows -> {
              List<DeviceView> out = new ArrayList<>();
              for (Object[] r : rows) {
                String token = (String) r[1];
                out.add(
                    new DeviceView(
                        ((Number) r[0]).longValue(),
                        token.substring(0, Math.min(8, token.length())),
                        Platform.valueOf((String) r[2]),
                        (String) r[3],
                        (String) r[4],
                        Times.timestamp(r[5]),
                        Times.timestamp(r[6])));
              }
              return out;
            });
  }
}
