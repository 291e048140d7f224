package cn.futian.jufu.events;

import cn.futian.jufu.cadres.AccessPolicy;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.orgunits.OrgUnitService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Who may do what with an event: its owning unit's cadres manage it, the cadres of the unit above
 * approve it (admins for the district's own events). In the caller's session.
 */
@ApplicationScoped
public class EventAccess {

  private final AccessPolicy policy;
  private final OrgUnitService orgUnits;

  EventAccess(AccessPolicy policy, OrgUnitService orgUnits) {
    this.policy = policy;
    this.orgUnits = orgUnits;
  }

  /** True when she manages the event's owning unit. */
  Uni<Boolean> canManage(CurrentUser user, Event e) {
    return policy.canManage(user, e.ownerUnitId);
  }

  /** The units she manages, or null when she manages all (district staff). */
  Uni<java.util.List<Long>> managedUnitIds(CurrentUser user) {
    return policy.managedUnitIds(user);
  }

  /** 403 unless she manages the unit. */
  Uni<Void> requireManage(CurrentUser user, long unitId) {
    return policy.requireManage(user, unitId);
  }

  /** The approver of an event manages the parent of its owning unit (admins for the district). */
  Uni<Boolean> canApprove(CurrentUser user, Event e) {
    return orgUnits
        .get(e.ownerUnitId)
        .chain(
            owner ->
                owner.parentId() == null
                    ? Uni.createFrom().item(user.isAdmin())
                    : policy.canManage(user, owner.parentId()));
  }

  /** 403 unless she is the one a lifecycle move needs: the owner's cadre, or the approver. */
  Uni<Void> requireActor(CurrentUser user, Event e, EventLifecycle.Actor actor) {
    if (actor == EventLifecycle.Actor.OWNER) {
      return requireManage(user, e.ownerUnitId);
    }
    return canApprove(user, e)
        .invoke(
            ok -> {
              if (!ok) {
                throw DomainException.forbidden("event.approver-only");
              }
            })
        .replaceWithVoid();
  }
}
