package cn.futian.jufu.notifications;

import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.time.Times;
import cn.futian.jufu.members.ConsentListener;
import cn.futian.jufu.members.ConsentPurpose;
import cn.futian.jufu.members.MemberService;
import cn.futian.jufu.notifications.PreferenceDtos.PreferencesUpdate;
import cn.futian.jufu.notifications.PreferenceDtos.PreferencesView;
import cn.futian.jufu.notifications.PreferenceDtos.QuietHours;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;

/** A member's notification preferences; members who never chose get the defaults. */
@ApplicationScoped
public class PreferenceService implements ConsentListener {

  static final PreferencesView DEFAULTS =
      new PreferencesView(true, true, false, null, new QuietHours(true, "22:00", "08:00"), "zh-CN");

  private final MemberService members;

  PreferenceService(MemberService members) {
    this.members = members;
  }

  @WithTransaction
  public Uni<PreferencesView> mine(CurrentUser user) {
    return members.ensureId(user).chain(this::of);
  }

  @WithTransaction
  public Uni<PreferencesView> update(CurrentUser user, PreferencesUpdate cmd) {
    return members
        .ensureId(user)
        .call(
            memberId ->
                Panache.getSession()
                    .chain(
                        s ->
                            s.createNativeQuery(
                                    "insert into notification_preference (member_id, reminders,"
                                        + " campaigns_opted_in_at, quiet_enabled, quiet_start,"
                                        + " quiet_end, language) values (:m, :r, case when :c"
                                        + " then now() end, :q, cast(:qs as time), cast(:qe as"
                                        + " time), :l) on conflict (member_id) do update set"
                                        + " reminders = excluded.reminders,"
                                        // keep the first opt-in time while the member stays in
                                        + " campaigns_opted_in_at = case when :c then"
                                        + " coalesce(notification_preference.campaigns_opted_in_at,"
                                        + " now()) end, quiet_enabled = excluded.quiet_enabled,"
                                        + " quiet_start = excluded.quiet_start, quiet_end ="
                                        + " excluded.quiet_end, language = excluded.language,"
                                        + " updated_at = now()")
                                .setParameter("m", memberId)
                                .setParameter("r", cmd.reminders())
                                .setParameter("c", cmd.campaigns())
                                .setParameter("q", cmd.quietHours().enabled())
                                .setParameter("qs", LocalTime.parse(cmd.quietHours().start()))
                                .setParameter("qe", LocalTime.parse(cmd.quietHours().end()))
                                .setParameter("l", cmd.language())
                                .executeUpdate()))
        .call(
            memberId ->
                cmd.campaigns()
                    ? members.grantCurrent(memberId, ConsentPurpose.CAMPAIGNS)
                    : members.withdrawIfActive(memberId, ConsentPurpose.CAMPAIGNS))
        .chain(this::of);
  }

  /** Consenting to campaigns through {@code /me/consents} is the same as opting in here. */
  @Override
  public Uni<Void> granted(long memberId, ConsentPurpose purpose) {
    if (purpose != ConsentPurpose.CAMPAIGNS) {
      return Uni.createFrom().voidItem();
    }
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "insert into notification_preference (member_id, campaigns_opted_in_at)"
                            + " values (:m, now()) on conflict (member_id) do update set"
                            + " campaigns_opted_in_at = coalesce("
                            + "notification_preference.campaigns_opted_in_at, now())")
                    .setParameter("m", memberId)
                    .executeUpdate())
        .replaceWithVoid();
  }

  /** Withdrawing the campaigns consent stops campaigns at once (the audience query reads this). */
  @Override
  public Uni<Void> withdrawn(long memberId, ConsentPurpose purpose) {
    if (purpose != ConsentPurpose.CAMPAIGNS) {
      return Uni.createFrom().voidItem();
    }
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "update notification_preference set campaigns_opted_in_at = null,"
                            + " updated_at = now() where member_id = :m")
                    .setParameter("m", memberId)
                    .executeUpdate())
        .replaceWithVoid();
  }

  private Uni<PreferencesView> of(long memberId) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "select reminders, campaigns_opted_in_at, quiet_enabled, quiet_start,"
                            + " quiet_end, language from notification_preference"
                            + " where member_id = :m",
                        Object[].class)
                    .setParameter("m", memberId)
                    .getResultList())
        .map(PreferenceService::view);
  }

  private static PreferencesView view(List<Object[]> rows) {
    if (rows.isEmpty()) {
      return DEFAULTS;
    }
    Object[] r = rows.get(0);
    OffsetDateTime optedIn = Times.timestamp(r[1]);
    return new PreferencesView(
        true,
        (Boolean) r[0],
        optedIn != null,
        optedIn,
        new QuietHours((Boolean) r[2], hhmm(r[3]), hhmm(r[4])),
        (String) r[5]);
  }

  private static String hhmm(Object time) {
    LocalTime t = time instanceof LocalTime lt ? lt : LocalTime.parse(time.toString());
    return String.format("%02d:%02d", t.getHour(), t.getMinute());
  }
}
