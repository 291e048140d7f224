package cn.futian.jufu.wechat;

import cn.futian.jufu.cadres.UserDirectory;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.members.MemberService;
import cn.futian.jufu.wechat.WeChatDtos.SubscriptionView;
import cn.futian.jufu.wechat.WeChatDtos.WeChatBindingView;
import cn.futian.jufu.wechat.WeChatLogin.WeChatIdentity;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.hibernate.exception.ConstraintViolationException;

/**
 * A member's WeChat binding and the subscription consents counted for it. Binding asks WeChat who
 * is behind a {@code wx.login} code first, outside the transaction, and then stores the answer.
 */
@ApplicationScoped
public class WeChatBindingService {

  private final WeChatLogin login;
  private final WeChatBindingRepository bindings;
  private final WeChatSubscriptions subscriptions;
  private final MemberService members;
  private final WeChatConfig config;
  private final UserDirectory directory;

  WeChatBindingService(
      WeChatLogin login,
      WeChatBindingRepository bindings,
      WeChatSubscriptions subscriptions,
      MemberService members,
      WeChatConfig config,
      UserDirectory directory) {
    this.login = login;
    this.bindings = bindings;
    this.subscriptions = subscriptions;
    this.members = members;
    this.config = config;
    this.directory = directory;
  }

  /**
   * Binds the caller to the WeChat user behind the code. The same WeChat user again changes
   * nothing; another WeChat user replaces the old one (and the consents counted for it); a WeChat
   * user bound to another member is a conflict. Once bound, the account can sign in through the
   * mini-program too ({@code POST /auth/wechat/login}).
   */
  Uni<WeChatBindingView> bind(CurrentUser user, String code) {
    return login
        .exchange(code)
        .chain(identity -> Panache.withTransaction(() -> store(user, identity)))
        .onFailure(ConstraintViolationException.class)
        .transform(WeChatBindingService::conflict)
        .call(() -> directory.allowWeChatSignIn(user.subject()));
  }

  /**
   * Stores the binding of the caller (the member is created on first use) to the WeChat user,
   * inside the caller's transaction; a WeChat user bound to another member is a conflict.
   */
  Uni<WeChatBindingView> store(CurrentUser user, WeChatIdentity identity) {
    return members
        .ensureId(user)
        .call(
            memberId ->
                bindings
                    .findOtherHolder(memberId, identity.openid(), identity.unionid())
                    .invoke(
                        other -> {
                          if (other != null) {
                            throw DomainException.conflict("wechat.openid-taken");
                          }
                        }))
        .chain(
            memberId -> bindings.findById(memberId).chain(mine -> upsert(memberId, mine, identity)))
        .call(bindings::flush)
        .map(WeChatBindingView::of);
  }

  private Uni<WeChatBinding> upsert(long memberId, WeChatBinding mine, WeChatIdentity identity) {
    OffsetDateTime now = OffsetDateTime.now().truncatedTo(ChronoUnit.MICROS);
    if (mine == null) {
      WeChatBinding b = new WeChatBinding();
      b.memberId = memberId;
      b.openid = identity.openid();
      b.unionid = identity.unionid();
      b.boundAt = now;
      return bindings.persist(b);
    }
    if (mine.openid.equals(identity.openid())) {
      // The same WeChat user: nothing changes, except that WeChat may now give a unionid.
      if (identity.unionid() != null) {
        mine.unionid = identity.unionid();
      }
      return Uni.createFrom().item(mine);
    }
    // Another WeChat user: the consents counted were the old user's.
    mine.openid = identity.openid();
    mine.unionid = identity.unionid();
    mine.boundAt = now;
    return subscriptions.clear(memberId).replaceWith(mine);
  }

  /**
   * The WeChat identity a member has bound (her unionid where WeChat gives one, else her openid),
   * or null: what makes one person one voter across the accounts she binds in turn.
   */
  @WithSession
  public Uni<String> identityOf(long memberId) {
    return bindings
        .findById(memberId)
        .map(b -> b == null ? null : b.unionid != null ? "u:" + b.unionid : "o:" + b.openid);
  }

  @WithSession
  Uni<WeChatBindingView> binding(CurrentUser user) {
    return members
        .idOf(user.subject())
        .chain(id -> id == null ? Uni.createFrom().nullItem() : bindings.findById(id))
        .map(WeChatBindingView::of);
  }

  /**
   * Removes the binding and the consents counted; nothing to remove is fine too. An account that
   * has no password signs in only through WeChat: unbinding would lock it out, so it is refused
   * (409). The sign-in role goes first, so a Keycloak outage changes nothing (503).
   */
  Uni<Void> unbind(CurrentUser user) {
    return Panache.withSession(() -> binding(user))
        .chain(
            view -> {
              if (!view.bound()) {
                return Uni.createFrom().voidItem();
              }
              return directory
                  .hasPassword(user.subject())
                  .chain(
                      hasPassword -> {
                        if (!hasPassword) {
                          throw DomainException.conflict("wechat.last-sign-in");
                        }
                        return directory.revokeWeChatSignIn(user.subject());
                      })
                  .chain(() -> Panache.withTransaction(() -> removeBinding(user)));
            });
  }

  private Uni<Void> removeBinding(CurrentUser user) {
    return members
        .idOf(user.subject())
        .chain(
            id ->
                id == null
                    ? Uni.createFrom().voidItem()
                    : subscriptions.clear(id).chain(() -> bindings.deleteById(id)))
        .replaceWithVoid();
  }

  /** Counts one more consent for each template the member accepted in the mini-program. */
  @WithTransaction
  Uni<List<SubscriptionView>> accept(CurrentUser user, List<WeChatTemplateKey> accepted) {
    for (int i = 0; i < accepted.size(); i++) {
      WeChatTemplateKey key = accepted.get(i);
      if (!config.configuredTemplates().containsKey(key.name())) {
        return Uni.createFrom()
            .failure(DomainException.invalid("accepted[" + i + "]", "wechat-template", key));
      }
    }
    List<String> keys = accepted.stream().distinct().map(Enum::name).toList();
    return boundMemberId(user)
        .call(memberId -> subscriptions.add(memberId, keys))
        .chain(this::views);
  }

  @WithSession
  Uni<List<SubscriptionView>> subscriptions(CurrentUser user) {
    return members
        .idOf(user.subject())
        .chain(id -> id == null ? Uni.createFrom().item(views(Map.of())) : views(id));
  }

  private Uni<Long> boundMemberId(CurrentUser user) {
    return members
        .idOf(user.subject())
        .chain(id -> id == null ? Uni.createFrom().nullItem() : bindings.findById(id))
        .onItem()
        .ifNull()
        .failWith(() -> DomainException.rule("wechat.not-bound"))
        .map(b -> b.memberId);
  }

  private Uni<List<SubscriptionView>> views(long memberId) {
    return subscriptions.remaining(memberId).map(WeChatBindingService::views);
  }

  /** Every template key, with 0 for those never consented to. */
  private static List<SubscriptionView> views(Map<String, Integer> remaining) {
    return Arrays.stream(WeChatTemplateKey.values())
        .map(k -> new SubscriptionView(k, remaining.getOrDefault(k.name(), 0)))
        .toList();
  }

  /** Two requests raced (unique openid, unionid or member): the openid is someone else's. */
  private static DomainException conflict(Throwable e) {
    String constraint = ((ConstraintViolationException) e).getConstraintName();
    return constraint != null && constraint.contains("pkey")
        ? DomainException.conflict("wechat.bind-concurrent")
        : DomainException.conflict("wechat.openid-taken");
  }
}
