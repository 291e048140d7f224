package cn.futian.jufu.common.ratelimit;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every write (POST, PUT, PATCH, DELETE) by a signed-in caller counts against {@code write-member}
 * (60 a minute by default, {@code fulian.rate-limits.limits.write-member.*}): a script or a stuck
 * app cannot flood the service with writes under one account (OWASP API4/API6). Sign-ups have their
 * own, tighter limits on top. Over the limit: 429 with Retry-After, nothing written. The
 * per-address flood guard is {@link AddressLimits}.
 */
public class WriteRateLimit {

  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

  private final RateLimiter limiter;
  private final CurrentIdentityAssociation identities;

  WriteRateLimit(RateLimiter limiter, CurrentIdentityAssociation identities) {
    this.limiter = limiter;
    this.identities = identities;
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
