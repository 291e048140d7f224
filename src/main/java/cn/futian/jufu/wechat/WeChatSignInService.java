package cn.futian.jufu.wechat;

import cn.futian.jufu.cadres.UserDirectory;
import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.error.ProblemCode;
import cn.futian.jufu.common.ratelimit.RateLimiter;
import cn.futian.jufu.common.security.CurrentUser;
import cn.futian.jufu.common.security.Roles;
import cn.futian.jufu.members.MemberService;
import cn.futian.jufu.wechat.KeycloakTokenEndpoint.TokenAnswer;
import cn.futian.jufu.wechat.WeChatDtos.SignedIn;
import cn.futian.jufu.wechat.WeChatLogin.WeChatIdentity;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;

/**
 * Signing in from the WeChat mini-program (ADR 0014): the backend asks WeChat who is behind the
 * {@code wx.login} code, finds the member bound to that WeChat user (or creates the Keycloak
 * account, the member and the binding on the first sign-in), and has Keycloak issue that account's
 * tokens through the {@code fulian-wechat-broker} client. Keycloak stays the only issuer of the
 * tokens the API accepts; WeChat's {@code session_key} never leaves {@link WeChatClient}.
 */
@ApplicationScoped
class WeChatSignInService {

  private static final Logger LOG = Logger.getLogger(WeChatSignInService.class);

  /** Sign-in calls per client address: they cost a call to WeChat or Keycloak. */
  static final String LIMIT = "wechat-sign-in-ip";

  /** Sign-ins per WeChat user (openid): the account-level limit of a sign-in. */
  static final String USER_LIMIT = "wechat-sign-in-user";

  /** Who signed in: the member, the Keycloak account, and whether this sign-in created them. */
  record Account(long memberId, String subject, boolean created) {}

  /** Keycloak refused to sign the account in (disabled, or not marked for WeChat sign-in). */
  private static final class Refused extends RuntimeException {
    Refused() {
      super("Keycloak refused the WeChat sign-in", null, false, false);
    }
  }

  private final WeChatLogin login;
  private final WeChatBindingRepository bindings;
  private final WeChatBindingService bindingService;
  private final MemberService members;
  private final UserDirectory directory;
  private final KeycloakTokenEndpoint keycloak;
  private final RateLimiter limiter;
  private final WeChatConfig config;

  WeChatSignInService(
      WeChatLogin login,
      WeChatBindingRepository bindings,
      WeChatBindingService bindingService,
      MemberService members,
      UserDirectory directory,
      @RestClient KeycloakTokenEndpoint keycloak,
      RateLimiter limiter,
      WeChatConfig config) {
    this.login = login;
    this.bindings = bindings;
    this.bindingService = bindingService;
    this.members = members;
    this.directory = directory;
    this.keycloak = keycloak;
    this.limiter = limiter;
    this.config = config;
  }

  /** Signs in the member behind a {@code wx.login} code, creating the account on first use. */
  Uni<SignedIn> signIn(String code, String nickname, String clientIp) {
    return limiter
        .check(LIMIT, clientIp)
        .chain(() -> login.exchange(code))
        .call(identity -> limiter.check(USER_LIMIT, identity.openid()))
        .chain(identity -> account(identity, nickname))
        .chain(
            account ->
                tokensFor(account.subject())
                    .map(t -> signedIn(t, account.memberId(), account.created())));
  }

  /** New tokens for a refresh token of an earlier WeChat sign-in. */
  Uni<SignedIn> refresh(String refreshToken, String clientIp) {
    return limiter
        .check(LIMIT, clientIp)
        .chain(
            () ->
                keycloak.refresh(
                    "refresh_token",
                    config.signIn().clientId(),
                    config.signIn().clientSecret(),
                    refreshToken))
        .onFailure(e -> hasStatus(e, 400))
        .transform(e -> new DomainException(ProblemCode.UNAUTHENTICATED, "wechat.refresh-invalid"))
        .onFailure(e -> !(e instanceof DomainException))
        .transform(WeChatSignInService::outage)
        .map(t -> signedIn(t, null, false));
  }

  /** Ends the sign-in session of a refresh token; an unknown or ended one is fine. */
  Uni<Void> signOut(String refreshToken, String clientIp) {
    return limiter
        .check(LIMIT, clientIp)
        .chain(
            () ->
                keycloak.logout(
                    config.signIn().clientId(), config.signIn().clientSecret(), refreshToken))
        .onFailure(e -> hasStatus(e, 400))
        .recoverWithNull()
        .onFailure(e -> !(e instanceof DomainException))
        .transform(WeChatSignInService::outage)
        .replaceWithVoid();
  }

  // ------------------------------------------------------------------ the account

  private Uni<Account> account(WeChatIdentity identity, String nickname) {
    return Panache.withTransaction(() -> holder(identity))
        .chain(found -> found != null ? Uni.createFrom().item(found) : enrol(identity, nickname));
  }

  /** The member bound to this WeChat user, learning the unionid when WeChat gives it now. */
  private Uni<Account> holder(WeChatIdentity identity) {
    return bindings
        .findHolder(identity.openid(), identity.unionid())
        .chain(
            binding -> {
              if (binding == null) {
                return Uni.createFrom().nullItem();
              }
              if (binding.unionid == null && identity.unionid() != null) {
                binding.unionid = identity.unionid();
              }
              return members
                  .subjectOf(binding.memberId)
                  .map(subject -> new Account(binding.memberId, subject, false));
            });
  }

  /**
   * The first sign-in of a WeChat user: a Keycloak account named after the WeChat user (so two
   * first sign-ins at once meet at one account), the member and the binding. If another request
   * bound the WeChat user meanwhile, its member is the answer.
   */
  private Uni<Account> enrol(WeChatIdentity identity, String nickname) {
    String name =
        nickname == null || nickname.isBlank() ? config.signIn().defaultName() : nickname.strip();
    return directory
        .createWeChatAccount(username(identity), name)
        .chain(
            subject ->
                Panache.withTransaction(
                    () ->
                        bindingService
                            .store(new CurrentUser(subject, name, Set.of(Roles.RESIDENT)), identity)
                            .chain(() -> members.idOf(subject))
                            .map(memberId -> new Account(memberId, subject, true))))
        .onFailure(WeChatSignInService::lostRace)
        .recoverWithUni(
            () ->
                Panache.withTransaction(() -> holder(identity))
                    .onItem()
                    .ifNull()
                    .failWith(() -> DomainException.conflict("wechat.bind-concurrent")));
  }

  private static boolean lostRace(Throwable e) {
    return e instanceof ConstraintViolationException
        || (e instanceof DomainException d && "wechat.openid-taken".equals(d.detailKey()));
  }

  /** {@code wx-} and 32 hex digits of SHA-256 over app id and openid: stable, not the openid. */
  private String username(WeChatIdentity identity) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  (config.appId().orElse("") + ":" + identity.openid())
                      .getBytes(StandardCharsets.UTF_8));
      return "wx-" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing", e);
    }
  }

  // ------------------------------------------------------------------ the tokens

  /**
   * Keycloak's tokens for the account. An account bound before WeChat sign-in existed may lack the
   * sign-in role: it gets it, once; a second refusal means the account is disabled.
   */
  private Uni<TokenAnswer> tokensFor(String subject) {
    return askKeycloak(subject)
        .onFailure(Refused.class)
        .recoverWithUni(
            () -> directory.allowWeChatSignIn(subject).chain(() -> askKeycloak(subject)))
        .onFailure(Refused.class)
        .transform(e -> DomainException.forbidden("wechat.account-disabled"));
  }

  private Uni<TokenAnswer> askKeycloak(String subject) {
    return keycloak
        .signIn("password", config.signIn().clientId(), config.signIn().clientSecret(), subject)
        .onFailure(e -> hasStatus(e, 400))
        .transform(e -> new Refused())
        .onFailure(e -> !(e instanceof Refused))
        .transform(WeChatSignInService::outage);
  }

  private static SignedIn signedIn(TokenAnswer t, Long memberId, boolean created) {
    return new SignedIn(
        t.accessToken(),
        t.tokenType(),
        t.expiresIn(),
        t.refreshToken(),
        t.refreshExpiresIn(),
        memberId,
        created);
  }

  private static boolean hasStatus(Throwable e, int status) {
    return e instanceof WebApplicationException web
        && web.getResponse() != null
        && web.getResponse().getStatus() == status;
  }

  /** Keycloak down, or this client's secret wrong (401): the caller can only try again later. */
  private static RuntimeException outage(Throwable e) {
    if (e instanceof DomainException d) {
      return d;
    }
    if (hasStatus(e, 401)) {
      LOG.error("Keycloak refused the WeChat sign-in client: check fulian.wechat.sign-in.*");
    } else {
      LOG.warnf("Keycloak token endpoint failed: %s", e.toString());
    }
    return new DomainException(ProblemCode.DEPENDENCY_UNAVAILABLE, "dependency-unavailable");
  }
}
