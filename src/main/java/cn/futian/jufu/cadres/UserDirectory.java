package cn.futian.jufu.cadres;

import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.error.ProblemCode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/** Looks users up in Keycloak; a user that does not exist is a 404 problem, an outage a 503. */
@ApplicationScoped
public class UserDirectory {

  private static final Logger LOG = Logger.getLogger(UserDirectory.class);
  private final KeycloakUsers keycloak;

  UserDirectory(@RestClient KeycloakUsers keycloak) {
    this.keycloak = keycloak;
  }

  /**
   * Disables a Keycloak user and ends their sessions (account deletion). A user Keycloak no longer
   * knows is already gone; an outage is a 503 problem, so the caller erases nothing before this has
   * succeeded.
   */
  public Uni<Void> disable(String subject) {
    return keycloak
        .representation(subject)
        .chain(
            rep -> {
              java.util.Map<String, Object> changed = new java.util.HashMap<>(rep);
              changed.put("enabled", false);
              return keycloak.update(subject, changed);
            })
        .chain(() -> keycloak.logout(subject))
        .onFailure(UserDirectory::isNotFound)
        .recoverWithNull()
        .onFailure()
        .transform(
            e -> {
              LOG.warnf("Keycloak: disabling a user failed: %s", e.toString());
              return new DomainException(
                  ProblemCode.DEPENDENCY_UNAVAILABLE, "dependency-unavailable");
            });
  }

  /**
   * The realm role that lets an account sign in through the WeChat mini-program: Keycloak's
   * WeChat-broker authenticator issues tokens only for accounts that hold it (ADR 0014).
   */
  public static final String WECHAT_SIGN_IN_ROLE = "wechat-login";

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Creates the Keycloak account of someone who signs in with WeChat for the first time and lets it
   * sign in through WeChat; returns its id (the members' subject). Two first sign-ins at once for
   * the same WeChat user meet at the same {@code username}: the second finds the account the first
   * created. A disabled account of that name (its member deleted the account) is never reused: the
   * new account gets a random suffix.
   */
  public Uni<String> createWeChatAccount(String username, String displayName) {
    return createOrFind(username, displayName, true)
        .call(this::allowWeChatSignIn)
        .onFailure(e -> !(e instanceof DomainException))
        .transform(e -> outage("creating a WeChat account", e));
  }

  private Uni<String> createOrFind(String username, String displayName, boolean firstTry) {
    Map<String, Object> account =
        Map.of("username", username, "enabled", true, "firstName", displayName);
    return keycloak
        .create(account)
        .map(created -> idFromLocation(created.getHeaderString("Location")))
        .onFailure(e -> hasStatus(e, 409))
        .recoverWithUni(
            () ->
                keycloak
                    .byUsername(username, true)
                    .chain(
                        found -> {
                          KeycloakUsers.User user = found.isEmpty() ? null : found.get(0);
                          if (user != null && !Boolean.FALSE.equals(user.enabled())) {
                            return Uni.createFrom().item(user.id());
                          }
                          if (!firstTry) {
                            return Uni.createFrom()
                                .failure(new IllegalStateException("username taken: " + username));
                          }
                          byte[] suffix = new byte[4];
                          RANDOM.nextBytes(suffix);
                          return createOrFind(
                              username + "-" + HexFormat.of().formatHex(suffix),
                              displayName,
                              false);
                        }));
  }

  private static String idFromLocation(String location) {
    if (location == null || location.isBlank()) {
      throw new IllegalStateException("Keycloak created a user without a Location");
    }
    return location.substring(location.lastIndexOf('/') + 1);
  }

  /** Lets the account sign in through WeChat (it is bound to a WeChat user now). */
  public Uni<Void> allowWeChatSignIn(String subject) {
    return signInRole()
        .chain(role -> keycloak.grantRealmRoles(subject, List.of(role)))
        .onFailure(e -> !(e instanceof DomainException))
        .transform(e -> outage("allowing WeChat sign-in", e));
  }

  /**
   * The account can no longer sign in through WeChat; an account Keycloak no longer has is fine.
   */
  public Uni<Void> revokeWeChatSignIn(String subject) {
    return signInRole()
        .chain(role -> keycloak.revokeRealmRoles(subject, List.of(role)))
        .onFailure(UserDirectory::isNotFound)
        .recoverWithNull()
        .onFailure()
        .transform(e -> outage("revoking WeChat sign-in", e));
  }

  /** Whether the account has a password, i.e. can still sign in without WeChat. */
  public Uni<Boolean> hasPassword(String subject) {
    return keycloak
        .credentials(subject)
        .map(list -> list.stream().anyMatch(c -> "password".equals(c.type())))
        .onFailure()
        .transform(e -> outage("reading credentials", e));
  }

  private volatile Map<String, Object> signInRole;

  /** The sign-in role's id and name (role mappings need the id); read once. */
  private Uni<Map<String, Object>> signInRole() {
    Map<String, Object> known = signInRole;
    if (known != null) {
      return Uni.createFrom().item(known);
    }
    return keycloak
        .realmRole(WECHAT_SIGN_IN_ROLE)
        .map(role -> Map.of("id", role.get("id"), "name", role.get("name")))
        .invoke(role -> signInRole = role);
  }

  private static DomainException outage(String what, Throwable e) {
    LOG.warnf("Keycloak: %s failed: %s", what, e.toString());
    return new DomainException(ProblemCode.DEPENDENCY_UNAVAILABLE, "dependency-unavailable");
  }

  private static boolean isNotFound(Throwable e) {
    return hasStatus(e, 404);
  }

  private static boolean hasStatus(Throwable e, int status) {
    return e instanceof WebApplicationException web
        && web.getResponse() != null
        && web.getResponse().getStatus() == status;
  }

  /** Succeeds when the Keycloak user exists: 404 problem if not, 503 if Keycloak cannot say. */
  public Uni<Void> requireExists(String subject) {
    return require(subject).replaceWithVoid();
  }

  Uni<KeycloakUsers.User> require(String subject) {
    return keycloak
        .get(subject)
        .onFailure(
            e ->
                e instanceof WebApplicationException web
                    && web.getResponse() != null
                    && web.getResponse().getStatus() == 404)
        .transform(e -> DomainException.notFound("user", subject))
        .onFailure(e -> !(e instanceof DomainException))
        .transform(
            e -> {
              LOG.warnf("Keycloak user look-up failed: %s", e.toString());
              return new DomainException(
                  ProblemCode.DEPENDENCY_UNAVAILABLE, "dependency-unavailable");
            });
  }

  /**
   * The Keycloak id of the user with exactly this username (Keycloak's are lower case), or null.
   */
  public Uni<String> subjectOf(String username) {
    String wanted = username.strip().toLowerCase(java.util.Locale.ROOT);
    return keycloak
        .byUsername(wanted, true)
        .map(
            users ->
                users.stream()
                    .filter(u -> wanted.equals(u.username()))
                    .map(KeycloakUsers.User::id)
                    .findFirst()
                    .orElse(null))
        .onFailure(e -> !(e instanceof DomainException))
        .transform(
            e -> {
              LOG.warnf("Keycloak user search failed: %s", e.toString());
              return new DomainException(
                  ProblemCode.DEPENDENCY_UNAVAILABLE, "dependency-unavailable");
            });
  }

  /**
   * The usernames of these users, for pages that list them (a user Keycloak no longer knows, or an
   * answer that does not come, is left out: the page shows the id).
   */
  public Uni<Map<String, String>> usernames(java.util.Collection<String> subjects) {
    List<String> distinct = subjects.stream().distinct().toList();
    if (distinct.isEmpty()) {
      return Uni.createFrom().item(Map.of());
    }
    List<Uni<Map.Entry<String, String>>> lookups =
        distinct.stream()
            .map(
                s ->
                    keycloak
                        .get(s)
                        .map(u -> Map.entry(s, u.username()))
                        .onFailure()
                        .recoverWithItem(Map.entry(s, "")))
            .toList();
    return Uni.join()
        .all(lookups)
        .andFailFast()
        .map(
            entries -> {
              Map<String, String> names = new java.util.HashMap<>();
              entries.stream()
                  .filter(e -> !e.getValue().isEmpty())
                  .forEach(e -> names.put(e.getKey(), e.getValue()));
              return names;
            });
  }
}
