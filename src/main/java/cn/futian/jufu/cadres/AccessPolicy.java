package cn.futian.jufu.cadres;

import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.orgunits.OrgUnitService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The one place that decides who may manage what in the tree. Every feature asks it before a
 * cadre's action on a unit's data (events, sign-ups, news, ...).
 *
 * <ul>
 *   <li>An admin manages every unit.
 *   <li>A cadre manages the units they are appointed to and everything below them: a street cadre
 *       manages its communities and their groups; a community cadre does not manage a neighbouring
 *       community, nor the street above. The appointment (in PostgreSQL) is the authority, not the
 *       {@code cadre} role in the token, which only tells apps to show the cadre tools.
 *   <li>Appointments to retired units confer nothing.
 *   <li>Residents manage nothing.
 * </ul>
 *
 * See docs/adr/0003-authorisation-follows-the-tree.md.
 */
@ApplicationScoped
public class AccessPolicy {

  private final CadreService cadres;
  private final OrgUnitService orgUnits;

  AccessPolicy(CadreService cadres, OrgUnitService orgUnits) {
    this.cadres = cadres;
    this.orgUnits = orgUnits;
  }

  public Uni<Boolean> canManage(CurrentUser user, long orgUnitId) {
    if (user.isAdmin()) {
      return orgUnits.get(orgUnitId).replaceWith(true);
    }
    return cadres
        .activeUnitIds(user.subject())
        .chain(roots -> orgUnits.isWithinAny(orgUnitId, roots));
  }

  /**
   * Whether the user counts as a cadre for events only cadres may join: an admin (district staff),
   * or a holder of an active appointment to a unit that is not retired. The appointment decides,
   * not the {@code cadre} role in the token.
   */
  public Uni<Boolean> isCadre(CurrentUser user) {
    if (user.isAdmin()) {
      return Uni.createFrom().item(true);
    }
    return cadres
        .activeUnitIds(user.subject())
        .chain(ids -> orgUnits.byIds(ids))
        .map(units -> units.stream().anyMatch(u -> u.retiredAt() == null));
  }

  /**
   * Every unit the user manages (the subtrees of her active appointments), or null for district
   * staff, who manage all of them.
   */
  public Uni<List<Long>> managedUnitIds(CurrentUser user) {
    if (user.isAdmin()) {
      return Uni.createFrom().nullItem();
    }
    return cadres
        .activeUnitIds(user.subject())
        .chain(
            roots ->
                roots.isEmpty()
                    ? Uni.createFrom().item(List.<Long>of())
                    : orgUnits.subtreeIds(roots));
  }

  /** Fails with a 403 problem unless the user manages the unit (404 if there is no such unit). */
  public Uni<Void> requireManage(CurrentUser user, long orgUnitId) {
    return canManage(user, orgUnitId)
        .invoke(
            allowed -> {
              if (!allowed) {
                throw DomainException.forbidden("forbidden");
              }
            })
        .replaceWithVoid();
  }
}
