package cn.futian.jufu.notifications;

import cn.futian.jufu.common.db.Sql;
import cn.futian.jufu.common.time.Times;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalTime;
import java.time.OffsetDateTime;

/** The {@code notification_preference} table, one row per member who chose. Caller's session. */
@ApplicationScoped
class PreferenceRepository {

  /** A member's stored choices; {@code campaignsOptedInAt} is null while she is not opted in. */
  record Preference(
      boolean reminders,
      OffsetDateTime campaignsOptedInAt,
      boolean quietEnabled,
      LocalTime quietStart,
      LocalTime quietEnd,
      String language) {}

  /** The member's row, or null when she never chose. */
  Uni<Preference> find(long memberId) {
    return Sql.rows(
            "select reminders, campaigns_opted_in_at, quiet_enabled, quiet_start, quiet_end,"
                + " language from notification_preference where member_id = :m",
            "m",
            memberId)
        .map(
            rows -> {
              if (rows.isEmpty()) {
                return null;
              }
              Object[] r = rows.get(0);
              return new Preference(
                  (Boolean) r[0],
                  Times.timestamp(r[1]),
                  (Boolean) r[2],
                  QuietWindow.time(r[3]),
                  QuietWindow.time(r[4]),
                  (String) r[5]);
            });
  }

  /**
   * Stores the member's choices in one statement. An opt-in keeps its first time while she stays
   * opted in; opting out clears it.
   */
  Uni<Integer> save(
      long memberId,
      boolean reminders,
      boolean campaigns,
      boolean quietEnabled,
      LocalTime quietStart,
      LocalTime quietEnd,
      String language) {
    return Sql.update(
        "insert into notification_preference (member_id, reminders, campaigns_opted_in_at,"
            + " quiet_enabled, quiet_start, quiet_end, language) values (:m, :r, case when :c"
            + " then now() end, :q, cast(:qs as time), cast(:qe as time), :l)"
            + " on conflict (member_id) do update set reminders = excluded.reminders,"
            + " campaigns_opted_in_at = case when :c then"
            + " coalesce(notification_preference.campaigns_opted_in_at, now()) end,"
            + " quiet_enabled = excluded.quiet_enabled, quiet_start = excluded.quiet_start,"
            + " quiet_end = excluded.quiet_end, language = excluded.language,"
            + " updated_at = now()",
        "m",
        memberId,
        "r",
        reminders,
        "c",
        campaigns,
        "q",
        quietEnabled,
        "qs",
        quietStart,
        "qe",
        quietEnd,
        "l",
        language);
  }

  /** Opts the member in to campaigns, keeping an earlier opt-in's time. */
  Uni<Integer> optIn(long memberId) {
    return Sql.update(
        "insert into notification_preference (member_id, campaigns_opted_in_at)"
            + " values (:m, now()) on conflict (member_id) do update set"
            + " campaigns_opted_in_at = coalesce("
            + "notification_preference.campaigns_opted_in_at, now())",
        "m",
        memberId);
  }

  Uni<Integer> optOut(long memberId) {
    return Sql.update(
        "update notification_preference set campaigns_opted_in_at = null, updated_at = now()"
            + " where member_id = :m",
        "m",
        memberId);
  }
}
