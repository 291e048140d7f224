package cn.futian.jufu.common.ratelimit;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every write (POST, PUT, PATCH, DELETE) by a signed-in caller counts against {@code write-member}
 * (60 a minute by default, {@code fulian.rate-limits.limits.write-member.*}): a script or a stuck
 * app cannot flood the service with writes under one account (OWASP API4/API6). Sign-ups have their
 * own, tighter limits on top. Over the limit: 429 with Retry-After, nothing written.
 */
public class WriteRateLimit {

  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

  private final RateLimiter limiter;
  private final CurrentIdentityAssociation identities;

  WriteRateLimit(RateLimiter limiter, CurrentIdentityAssociation identities) {
    this.limiter = limiter;
    this.identities = identities;
  }

  /**
   * Every write from one address, signed in or not, counts against {@code write-ip} (600 a minute
   * by default: many residents share one carrier-grade NAT address), before the request is even
   * matched or authenticated, so that bots without an account are held too. The address is the
   * peer's, or the one in X-Forwarded-For / Forwarded only when {@code
   * quarkus.http.proxy.proxy-address-forwarding} is on (behind the operator's own proxy).
   */
  @ServerRequestFilter(preMatching = true)
  public Uni<Void> limitWritesByAddress(ContainerRequestContext request, HttpServerRequest http) {
    if (!WRITES.contains(request.getMethod())) {
      return Uni.createFrom().voidItem();
    }
    SocketAddress peer = http.remoteAddress();
    return limiter.check("write-ip", peer == null ? "unknown" : peer.hostAddress());
  }

  @ServerRequestFilter
  public Uni<Void> limitWrites(ContainerRequestContext request) {
    if (!WRITES.contains(request.getMethod())) {
      return Uni.createFrom().voidItem();
    }
    return identities
        .getDeferredIdentity()
        .chain(
            identity ->
                identity.isAnonymous()
                    ? Uni.createFrom().voidItem()
                    : limiter.check("write-member", identity.getPrincipal().getName()));
  }
}
