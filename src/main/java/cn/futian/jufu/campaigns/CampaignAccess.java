package cn.futian.jufu.campaigns;

import cn.futian.jufu.cadres.AccessPolicy;
import cn.futian.jufu.cadres.CadreService;
import cn.futian.jufu.campaigns.CampaignDtos.Audience;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.events.EventQueries;
import cn.futian.jufu.orgunits.OrgUnitKind;
import cn.futian.jufu.orgunits.OrgUnitService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Who may do what with campaigns, on top of {@link AccessPolicy} (ADR 0003): a campaign belongs to
 * its owner unit, and everything its audience names must lie in that unit's subtree, so a community
 * cadre cannot message the next community, nor a street the whole district. Runs in the caller's
 * session.
 */
@ApplicationScoped
class CampaignAccess {

  private final AccessPolicy policy;
  private final OrgUnitService units;
  private final CadreService cadres;
  private final EventQueries events;

  CampaignAccess(
      AccessPolicy policy, OrgUnitService units, CadreService cadres, EventQueries events) {
    this.policy = policy;
    this.units = units;
    this.cadres = cadres;
    this.events = events;
  }

  /**
   * May the caller send this audience as the owner unit: she manages the owner unit (active); every
   * unit and event the audience names lies in the owner's subtree; a district-wide audience (a
   * district unit named, or the district's default scope) needs an admin.
   */
  Uni<Void> requireCompose(CurrentUser user, long ownerUnitId, Audience audience) {
    boolean defaultScope =
        audience.unitId() == null && audience.followersOf() == null && audience.eventId() == null;
    Uni<Void> chain =
        units
            .requireActive(ownerUnitId)
            .call(() -> policy.requireManage(user, ownerUnitId))
            .invoke(
                owner -> {
                  if (defaultScope && owner.kind() == OrgUnitKind.DISTRICT && !user.isAdmin()) {
                    throw DomainException.forbidden("campaign.district-admin-only");
                  }
                })
            .replaceWithVoid();
    for (Long unit : namedUnits(audience)) {
      chain =
          chain
              .chain(() -> units.get(unit))
              .invoke(
                  u -> {
                    if (u.kind() == OrgUnitKind.DISTRICT && !user.isAdmin()) {
                      throw DomainException.forbidden("campaign.district-admin-only");
                    }
                  })
              .chain(() -> requireInside(unit, ownerUnitId));
    }
    if (audience.eventId() != null) {
      chain =
          chain
              .chain(() -> events.ownerUnitOf(audience.eventId()))
              .chain(eventOwner -> requireInside(eventOwner, ownerUnitId));
    }
    return chain;
  }

  /** Fails with 403 unless the caller manages the campaign's owner unit. */
  Uni<Void> requireManage(CurrentUser user, long ownerUnitId) {
    return policy.requireManage(user, ownerUnitId);
  }

  /**
   * The units whose subtrees hold the campaigns the caller may list: the one asked for (if she
   * manages it), every unit for an admin (an empty list), else her appointments (empty: none).
   */
  Uni<List<Long>> listRoots(CurrentUser user, Long ownerUnitId) {
    if (ownerUnitId != null) {
      return policy.requireManage(user, ownerUnitId).replaceWith(List.of(ownerUnitId));
    }
    return user.isAdmin() ? Uni.createFrom().item(List.of()) : cadres.activeUnitIds(user.subject());
  }

  private Uni<Void> requireInside(long unit, long ownerUnitId) {
    return units
        .isWithinAny(unit, List.of(ownerUnitId))
        .invoke(
            inside -> {
              if (!inside) {
                throw DomainException.forbidden("campaign.audience-outside");
              }
            })
        .replaceWithVoid();
  }

  private static List<Long> namedUnits(Audience audience) {
    List<Long> named = new ArrayList<>();
    if (audience.unitId() != null) {
      named.add(audience.unitId());
    }
    if (audience.followersOf() != null) {
      named.add(audience.followersOf());
    }
    return named;
  }
}
