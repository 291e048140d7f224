package cn.futian.jufu.devices;

import cn.futian.jufu.common.db.Sql;
import cn.futian.jufu.common.time.Times;
import cn.futian.jufu.devices.DeviceDtos.Platform;
import cn.futian.jufu.devices.DeviceDtos.RegisterDevice;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;

/** The {@code device} table: push tokens per member. Runs in the caller's session. */
@ApplicationScoped
class DeviceRepository {

  /** One registered device. */
  record Device(
      long id,
      String token,
      Platform platform,
      String appVersion,
      String locale,
      OffsetDateTime createdAt,
      OffsetDateTime lastSeenAt) {}

  /** Registers the token for the member, or moves it to her and refreshes it (one statement). */
  Uni<Integer> upsert(long memberId, RegisterDevice device) {
    return Sql.update(
        "insert into device (member_id, token, platform, app_version, locale)"
            + " values (:m, :t, :p, :v, :l) on conflict (token) do update set"
            + " member_id = excluded.member_id, platform = excluded.platform,"
            + " app_version = excluded.app_version, locale = excluded.locale,"
            + " last_seen_at = now()",
        "m",
        memberId,
        "t",
        device.token(),
        "p",
        device.platform().name(),
        "v",
        device.appVersion(),
        "l",
        device.locale());
  }

  /** Deletes all but the member's {@code max} most recently seen devices. */
  Uni<Integer> keepNewest(long memberId, int max) {
    return Sql.update(
        "delete from device where member_id = :m and id not in (select id from device"
            + " where member_id = :m order by last_seen_at desc, id desc limit :max)",
        "m",
        memberId,
        "max",
        max);
  }

  Uni<Integer> deleteOwned(long memberId, long deviceId) {
    return Sql.update(
        "delete from device where id = :id and member_id = :m", "id", deviceId, "m", memberId);
  }

  Uni<Integer> deleteNotSeenSince(OffsetDateTime before) {
    return Sql.update("delete from device where last_seen_at < :before", "before", before);
  }

  Uni<Integer> deleteTokens(Collection<String> tokens) {
    return Sql.update(
        "delete from device where token = any(cast(:t as varchar[]))",
        "t",
        tokens.toArray(new String[0]));
  }

  Uni<Integer> deleteIds(Collection<Long> deviceIds) {
    return Sql.update(
        "delete from device where id = any(cast(:d as bigint[]))",
        "d",
        deviceIds.toArray(new Long[0]));
  }

  /** These members' devices as push targets, by member and device. */
  Uni<List<PushDevice>> pushDevicesOf(Collection<Long> memberIds) {
    return Sql.records(
        "select member_id, id, token from device where member_id = any(cast(:m as bigint[]))"
            + " order by member_id, id",
        r ->
            new PushDevice(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), (String) r[2]),
        "m",
        memberIds.toArray(new Long[0]));
  }

  /** The member's devices, most recently seen first. */
  Uni<List<Device>> ofMember(long memberId) {
    return Sql.records(
        "select id, token, platform, app_version, locale, created_at, last_seen_at"
            + " from device where member_id = :m order by last_seen_at desc, id desc",
        DeviceRepository::device,
        "m",
        memberId);
  }

  private static Device device(Object[] r) {
    return new Device(
        ((Number) r[0]).longValue(),
        (String) r[1],
        Platform.valueOf((String) r[2]),
        (String) r[3],
        (String) r[4],
        Times.timestamp(r[5]),
        Times.timestamp(r[6]));
  }
}
