package cn.futian.jufu.follows;

import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.events.EventKind;
import cn.futian.jufu.members.MemberService;
import cn.futian.jufu.orgunits.OrgUnitService;
import cn.futian.jufu.orgunits.OrgUnitView;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Communities a member follows and the kinds of events they are interested in. Campaign audiences
 * use both; the online home's feed will too.
 */
@ApplicationScoped
public class FollowService {

  /** Enough for a member's own community, their children's school's, and a few more. */
  static final int MAX_FOLLOWS = 50;

  private final MemberService members;
  private final OrgUnitService units;
  private final FollowRepository follows;

  FollowService(MemberService members, OrgUnitService units, FollowRepository follows) {
    this.members = members;
    this.units = units;
    this.follows = follows;
  }

  @WithTransaction
  public Uni<List<OrgUnitView>> follows(CurrentUser user) {
    return members.ensureId(user).chain(this::followedUnits);
  }

  @WithTransaction
  public Uni<List<OrgUnitView>> follow(CurrentUser user, long orgUnitId) {
    return units
        .requireActive(orgUnitId)
        .chain(() -> members.ensureId(user))
        .call(memberId -> follows.follow(memberId, orgUnitId, MAX_FOLLOWS))
        .chain(this::followedUnits)
        .invoke(
            list -> {
              if (list.stream().noneMatch(u -> u.id() == orgUnitId)) {
                throw DomainException.rule("follows.too-many", MAX_FOLLOWS);
              }
            });
  }

  @WithTransaction
  public Uni<Void> unfollow(CurrentUser user, long orgUnitId) {
    return members
        .ensureId(user)
        .chain(memberId -> follows.unfollow(memberId, orgUnitId))
        .replaceWithVoid();
  }

  @WithTransaction
  public Uni<Set<EventKind>> interests(CurrentUser user) {
    return members.ensureId(user).chain(this::interestsOf);
  }

  /** Replaces the member's interests with the given set. */
  @WithTransaction
  public Uni<Set<EventKind>> setInterests(CurrentUser user, Set<EventKind> kinds) {
    String[] names = kinds.stream().map(Enum::name).sorted().toArray(String[]::new);
    return members
        .ensureId(user)
        .call(memberId -> follows.replaceInterests(memberId, names))
        .chain(this::interestsOf);
  }

  private Uni<List<OrgUnitView>> followedUnits(long memberId) {
    return follows
        .followedUnitIds(memberId)
        .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(List.of()) : units.byIds(ids));
  }

  private Uni<Set<EventKind>> interestsOf(long memberId) {
    return follows
        .interests(memberId)
        .map(
            list -> {
              Set<EventKind> out = EnumSet.noneOf(EventKind.class);
              for (String k : list) {
                out.add(EventKind.valueOf(k));
              }
              return out;
            });
  }
}
