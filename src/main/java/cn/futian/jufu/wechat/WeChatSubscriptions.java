package cn.futian.jufu.wechat;

import cn.futian.jufu.common.db.Sql;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who can be reached on WeChat, and the one-time subscription consents they have left per template.
 * WeChat allows one subscription message per consent ({@code wx.requestSubscribeMessage}), so a
 * sender takes a consent before it sends and gives it back when the send did not use it.
 *
 * <p>For the notification dispatcher: each method joins the caller's session and transaction when
 * there is one (a service method with {@code @WithTransaction}), and opens its own otherwise. Each
 * change is one SQL statement, safe under concurrency.
 */
@ApplicationScoped
public class WeChatSubscriptions {

  /** No template keeps more consents than this; WeChat itself does not tell how many it holds. */
  public static final int MAX_REMAINING = 100;

  private final WeChatBindingRepository bindings;

  WeChatSubscriptions(WeChatBindingRepository bindings) {
    this.bindings = bindings;
  }

  /** The openid of each of these members that has bound WeChat (members without one are absent). */
  @WithSession
  public Uni<Map<Long, String>> openids(Collection<Long> memberIds) {
    if (memberIds.isEmpty()) {
      return Uni.createFrom().item(Map.of());
    }
    return bindings
        .ofMembers(memberIds)
        .map(
            list -> {
              Map<Long, String> out = new HashMap<>();
              list.forEach(b -> out.put(b.memberId, b.openid));
              return out;
            });
  }

  /**
   * Takes one consent for this template: true when the member had one left (now one fewer), false
   * when none was left. Atomic: concurrent takes never take more than there are.
   */
  @WithTransaction
  public Uni<Boolean> take(long memberId, String templateKey) {
    return Sql.rows(
            "update wechat_subscription set remaining = remaining - 1, updated_at = now()"
                + " where member_id = :m and template_key = :k and remaining > 0"
                + " returning remaining",
            "m",
            memberId,
            "k",
            templateKey)
        .map(rows -> !rows.isEmpty());
  }

  /**
   * WeChat says the member has no consent left for this template (43101): forget the ones counted
   * here, until the member consents again.
   */
  @WithTransaction
  public Uni<Void> exhaust(long memberId, String templateKey) {
    return update(
        "update wechat_subscription set remaining = 0, updated_at = now()"
            + " where member_id = :m and template_key = :k and remaining > 0",
        memberId,
        templateKey);
  }

  /**
   * Gives back a consent taken for a send that did not use it (a failure before WeChat took it).
   */
  @WithTransaction
  public Uni<Void> restore(long memberId, String templateKey) {
    return update(
        "update wechat_subscription set remaining = least(remaining + 1, "
            + MAX_REMAINING
            + "), updated_at = now() where member_id = :m and template_key = :k",
        memberId,
        templateKey);
  }

  /**
   * Takes one consent for this template from each of these members who has WeChat bound and a
   * consent left; returns member id → openid for those (the others are absent). One statement.
   */
  public Uni<Map<Long, String>> takeEach(Collection<Long> memberIds, String templateKey) {
    if (memberIds.isEmpty()) {
      return Uni.createFrom().item(Map.of());
    }
    return Sql.rows(
            "update wechat_subscription w set remaining = remaining - 1, updated_at = now()"
                + " from wechat_binding b where b.member_id = w.member_id"
                + " and w.template_key = :k and w.remaining > 0"
                + " and w.member_id = any(cast(:m as bigint[])) returning w.member_id, b.openid",
            "k",
            templateKey,
            "m",
            memberIds.toArray(new Long[0]))
        .map(
            rows -> {
              Map<Long, String> out = new HashMap<>();
              for (Object[] r : rows) {
                out.put(((Number) r[0]).longValue(), (String) r[1]);
              }
              return out;
            });
  }

  /** {@link #restore} for many members at once, in the caller's transaction. */
  public Uni<Void> restoreEach(Collection<Long> memberIds, String templateKey) {
    return updateEach(
        "update wechat_subscription set remaining = least(remaining + 1, "
            + MAX_REMAINING
            + "), updated_at = now() where template_key = :k"
            + " and member_id = any(cast(:m as bigint[]))",
        memberIds,
        templateKey);
  }

  /** {@link #exhaust} for many members at once, in the caller's transaction. */
  public Uni<Void> exhaustEach(Collection<Long> memberIds, String templateKey) {
    return updateEach(
        "update wechat_subscription set remaining = 0, updated_at = now() where template_key = :k"
            + " and remaining > 0 and member_id = any(cast(:m as bigint[]))",
        memberIds,
        templateKey);
  }

  private static Uni<Void> updateEach(String sql, Collection<Long> memberIds, String templateKey) {
    if (memberIds.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return Sql.update(sql, "k", templateKey, "m", memberIds.toArray(new Long[0])).replaceWithVoid();
  }

  /** Counts one more consent for each key, each capped; in the caller's transaction. */
  Uni<Void> add(long memberId, Collection<String> templateKeys) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (String key : templateKeys) {
      chain =
          chain.chain(
              () ->
                  update(
                      "insert into wechat_subscription (member_id, template_key, remaining)"
                          + " values (:m, :k, 1) on conflict (member_id, template_key) do update"
                          + " set remaining = least(wechat_subscription.remaining + 1, "
                          + MAX_REMAINING
                          + "), updated_at = now()",
                      memberId,
                      key));
    }
    return chain;
  }

  /** Consents left per template key (keys never consented to are absent); in a session. */
  Uni<Map<String, Integer>> remaining(long memberId) {
    return Sql.rows(
            "select template_key, remaining from wechat_subscription where member_id = :m",
            "m",
            memberId)
        .map(WeChatSubscriptions::toMap);
  }

  /** Forgets all of a member's consents (unbound, or bound to another WeChat user). */
  Uni<Void> clear(long memberId) {
    return Sql.update("delete from wechat_subscription where member_id = :m", "m", memberId)
        .replaceWithVoid();
  }

  private static Uni<Void> update(String sql, long memberId, String templateKey) {
    return Sql.update(sql, "m", memberId, "k", templateKey).replaceWithVoid();
  }

  private static Map<String, Integer> toMap(List<Object[]> rows) {
    Map<String, Integer> out = new HashMap<>();
    for (Object[] row : rows) {
      out.put((String) row[0], ((Number) row[1]).intValue());
    }
    return out;
  }
}
