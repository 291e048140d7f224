package cn.futian.jufu.notifications;

import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.members.ConsentListener;
import cn.futian.jufu.members.ConsentPurpose;
import cn.futian.jufu.members.MemberService;
import cn.futian.jufu.notifications.PreferenceDtos.PreferencesUpdate;
import cn.futian.jufu.notifications.PreferenceDtos.PreferencesView;
import cn.futian.jufu.notifications.PreferenceDtos.QuietHours;
import cn.futian.jufu.notifications.PreferenceRepository.Preference;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalTime;

/** A member's notification preferences; members who never chose get the defaults. */
@ApplicationScoped
public class PreferenceService implements ConsentListener {

  static final PreferencesView DEFAULTS =
      new PreferencesView(true, true, false, null, new QuietHours(true, "22:00", "08:00"), "zh-CN");

  private final MemberService members;
  private final PreferenceRepository preferences;

  PreferenceService(MemberService members, PreferenceRepository preferences) {
    this.members = members;
    this.preferences = preferences;
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
                preferences.save(
                    memberId,
                    cmd.reminders(),
                    cmd.campaigns(),
                    cmd.quietHours().enabled(),
                    LocalTime.parse(cmd.quietHours().start()),
                    LocalTime.parse(cmd.quietHours().end()),
                    cmd.language()))
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
    return preferences.optIn(memberId).replaceWithVoid();
  }

  /** Withdrawing the campaigns consent stops campaigns at once (the audience query reads this). */
  @Override
  public Uni<Void> withdrawn(long memberId, ConsentPurpose purpose) {
    if (purpose != ConsentPurpose.CAMPAIGNS) {
      return Uni.createFrom().voidItem();
    }
    return preferences.optOut(memberId).replaceWithVoid();
  }

  private Uni<PreferencesView> of(long memberId) {
    return preferences.find(memberId).map(PreferenceService::view);
  }

  private static PreferencesView view(Preference p) {
    if (p == null) {
      return DEFAULTS;
    }
    return new PreferencesView(
        true,
        p.reminders(),
        p.campaignsOptedInAt() != null,
        p.campaignsOptedInAt(),
        new QuietHours(p.quietEnabled(), hhmm(p.quietStart()), hhmm(p.quietEnd())),
        p.language());
  }

  private static String hhmm(LocalTime t) {
    return String.format("%02d:%02d", t.getHour(), t.getMinute());
  }
}
