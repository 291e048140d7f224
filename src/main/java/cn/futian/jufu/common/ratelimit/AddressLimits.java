package cn.futian.jufu.common.ratelimit;

import cn.futian.jufu.common.error.ProblemCode;
import cn.futian.jufu.common.error.RouteProblems;
import cn.futian.jufu.common.error.TooManyRequests;
import cn.futian.jufu.common.http.ClientAddress;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The per-address flood guard, before anything else runs (RELIABILITY.md, "Rate limits"): every
 * request of the API's port, {@code /q/openapi} and Swagger UI included, counts against one budget
 * of its client address (ADR 0015: the address behind a trusted proxy; an IPv6 address by its /64).
 * Health and metrics are on the management port, which no resident reaches.
 *
 * <ul>
 *   <li>{@code anonymous-ip}: requests without a bearer token (WeChat sign-in, calendar feeds,
 *       public keys, the API document, refused calls): the main guard of what needs no account.
 *   <li>{@code signed-in-ip}: requests with a bearer token, or with the console's session cookie
 *       ({@code q_session…}, docs/adr/0028). Only a coarse guard, sized for a carrier-grade NAT
 *       address or a community centre's Wi-Fi shared by many residents: fairness between residents
 *       is per account ({@code write-member}, {@code signup-member}).
 * </ul>
 *
 * A token or cookie is only looked at, not verified, here: a forged one buys the larger budget,
 * then 401 (or the sign-in page). Over the limit: 429 problem with Retry-After, nothing read or
 * written.
 */
@Singleton
public class AddressLimits {

  static final String ANONYMOUS = "anonymous-ip";
  static final String SIGNED_IN = "signed-in-ip";

  private final RateLimiter limiter;
  private final ClientAddress addresses;
  private final ObjectMapper json;

  AddressLimits(RateLimiter limiter, ClientAddress addresses, ObjectMapper json) {
    this.limiter = limiter;
    this.addresses = addresses;
    this.json = json;
  }

  void install(@Observes StartupEvent start, Router router) {
    router.route().order(Integer.MIN_VALUE + 5).handler(this::guard);
  }

  void guard(RoutingContext ctx) {
    String limit = hasBearer(ctx) || hasConsoleSession(ctx) ? SIGNED_IN : ANONYMOUS;
    String key = addresses.limitKey(ctx.request());
    boolean paused = !ctx.request().isEnded();
    if (paused) {
      ctx.request().pause();
    }
    limiter
        .check(limit, key)
        .subscribe()
        .with(
            allowed -> {
              if (paused) {
                ctx.request().resume();
              }
              ctx.next();
            },
            refused -> {
              if (paused) {
                ctx.request().resume();
              }
              if (refused instanceof TooManyRequests tooMany) {
                RouteProblems.send(
                    ctx,
                    json,
                    ProblemCode.RATE_LIMITED,
                    tooMany.retryAfterSeconds(),
                    false,
                    "rate-limited",
                    tooMany.retryAfterSeconds());
              } else {
                ctx.fail(refused);
              }
            });
  }

  /** The console's OIDC session cookies are named {@code q_session} plus the tenant and part. */
  private static boolean hasConsoleSession(RoutingContext ctx) {
    String cookies = ctx.request().getHeader(HttpHeaders.COOKIE);
    return cookies != null && cookies.contains("q_session");
  }

  private static boolean hasBearer(RoutingContext ctx) {
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    return authorization != null
        && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        && authorization.length() > 7;
  }
}
