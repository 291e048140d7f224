package cn.futian.jufu.follows;

import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.events.EventKind;
import cn.futian.jufu.members.MemberService;
import cn.futian.jufu.orgunits.OrgUnitService;
import cn.futian.jufu.orgunits.OrgUnitView;
import io.quarkus.hibernate.reactive.panache.Panache;
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

  FollowService(MemberService members, OrgUnitService units) {
    this.members = members;
    this.units = units;
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
        .chain(
            memberId ->
                Panache.getSession()
                    .chain(
                        s ->
                            s.createNativeQuery(
                                    "insert into member_follow (member_id, org_unit_id)"
                                        + " select :m, :u where (select count(*) from member_follow"
                                        + " where member_id = :m) < :max"
                                        + " on conflict do nothing")
                                .setParameter("m", memberId)
                                .setParameter("u", orgUnitId)
                                .setParameter("max", (long) MAX_FOLLOWS)
                                .executeUpdate())
                    .chain(() -> followedUnits(memberId)))
        .invoke(
            list -> {
              if (list.stream().noneMatch(u -> u.id() == orgUnitId)) {
                throw cn.futian.jufu.common.error.DomainException.rule(
                    "follows.too-many", MAX_FOLLOWS);
              }
            });
  }

  @WithTransaction
  public Uni<Void> unfollow(CurrentUser user, long orgUnitId) {
    return members
        .ensureId(user)
        .chain(
            memberId ->
                Panache.getSession()
                    .chain(
                        s ->
                            s.createNativeQuery(
                                    "delete from member_follow where member_id = :m"
                                        + " and org_unit_id = :u")
                                .setParameter("m", memberId)
                                .setParameter("u", orgUnitId)
                                .executeUpdate()))
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
        .call(
            memberId ->
                Panache.getSession()
                    .chain(
                        s ->
                            s.createNativeQuery(
                                    "delete from member_interest where member_id = :m"
                                        + " and kind <> all(cast(:k as varchar[]))")
                                .setParameter("m", memberId)
                                .setParameter("k", names)
                                .executeUpdate()
                                .chain(
                                    () ->
                                        s.createNativeQuery(
                                                "insert into member_interest (member_id, kind)"
                                                    + " select :m, unnest(cast(:k as varchar[]))"
                                                    + " on conflict do nothing")
                                            .setParameter("m", memberId)
                                            .setParameter("k", names)
                                            .executeUpdate())))
        .chain(this::interestsOf);
  }

  private Uni<List<OrgUnitView>> followedUnits(long memberId) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "select org_unit_id from member_follow where member_id = :m"
                            + " order by followed_at, org_unit_id",
                        Long.class)
                    .setParameter("m", memberId)
                    .getResultList())
        .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(List.of()) : units.byIds(ids));
  }

  private Uni<Set<EventKind>> interestsOf(long memberId) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery(
                        "select kind from member_interest where member_id = :m", String.class)
                    .setParameter("m", memberId)
                    .getResultList())
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
