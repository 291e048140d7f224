package cn.futian.jufu.follows;

import cn.futian.jufu.common.db.Sql;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The tables {@code member_follow} (units a member follows) and {@code member_interest} (kinds of
 * event she cares about). Runs in the caller's session.
 */
@ApplicationScoped
class FollowRepository {

  /** Follows the unit unless the member already follows {@code max} units (one statement). */
  Uni<Integer> follow(long memberId, long orgUnitId, int max) {
    return Sql.update(
        "insert into member_follow (member_id, org_unit_id) select :m, :u"
            + " where (select count(*) from member_follow where member_id = :m) < :max"
            + " on conflict do nothing",
        "m",
        memberId,
        "u",
        orgUnitId,
        "max",
        (long) max);
  }

  Uni<Integer> unfollow(long memberId, long orgUnitId) {
    return Sql.update(
        "delete from member_follow where member_id = :m and org_unit_id = :u",
        "m",
        memberId,
        "u",
        orgUnitId);
  }

  /** The units the member follows, in the order she followed them. */
  Uni<List<Long>> followedUnitIds(long memberId) {
    return Sql.list(
        "select org_unit_id from member_follow where member_id = :m"
            + " order by followed_at, org_unit_id",
        Long.class,
        "m",
        memberId);
  }

  /** Makes the member's interests exactly {@code kinds}. */
  Uni<Void> replaceInterests(long memberId, String[] kinds) {
    return Sql.update(
            "delete from member_interest where member_id = :m"
                + " and kind <> all(cast(:k as varchar[]))",
            "m",
            memberId,
            "k",
            kinds)
        .chain(
            () ->
                Sql.update(
                    "insert into member_interest (member_id, kind)"
                        + " select :m, unnest(cast(:k as varchar[])) on conflict do nothing",
                    "m",
                    memberId,
                    "k",
                    kinds))
        .replaceWithVoid();
  }

  Uni<List<String>> interests(long memberId) {
    return Sql.list(
        "select kind from member_interest where member_id = :m", String.class, "m", memberId);
  }
}
