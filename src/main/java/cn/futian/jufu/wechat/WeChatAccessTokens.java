package cn.futian.jufu.wechat;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The one holder of this instance's WeChat access token. It is fetched on first use from {@code
 * /cgi-bin/stable_token}, which does not invalidate the token other instances hold, so every
 * instance keeps its own. It is refreshed ahead of expiry ({@code
 * fulian.wechat.token-refresh-ahead} before), and once more when WeChat says a call's token is
 * invalid or expired ({@link #refreshAfterRejection}).
 *
 * <p>Single flight: while one refresh is under way, every caller that needs a token waits for that
 * refresh instead of starting its own.
 */
@ApplicationScoped
public class WeChatAccessTokens {

  private static final Logger LOG = Logger.getLogger(WeChatAccessTokens.class);

  /** Used when WeChat leaves out {@code expires_in} (it says 7200 s). */
  private static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(7200);

  private final WeChatClient client;
  private final Duration refreshAhead;
  private final Clock clock;

  private volatile Held current;
  private final AtomicReference<CompletableFuture<Held>> inFlight = new AtomicReference<>();

  @Inject
  WeChatAccessTokens(WeChatClient client, WeChatConfig config) {
    this(client, config.tokenRefreshAhead(), Clock.systemUTC());
  }

  WeChatAccessTokens(WeChatClient client, Duration refreshAhead, Clock clock) {
    this.client = client;
    this.refreshAhead = refreshAhead;
    this.clock = clock;
  }

  private record Held(String value, Instant expiresAt) {}

  /** A token with more than the refresh margin left, fetching one when needed. */
  public Uni<String> token() {
    return Uni.createFrom()
        .deferred(
            () -> {
              Held held = current;
              if (held != null && fresh(held)) {
                return Uni.createFrom().item(held.value());
              }
              return refresh(held, this::fresh, false).map(Held::value);
            });
  }

  /**
   * A call answered 40001/42001/40014 for {@code rejected}: drops it and gets another. When someone
   * else has replaced it meanwhile, that newer token is the answer; when WeChat hands back the
   * rejected token again, a forced refresh follows.
   */
  public Uni<String> refreshAfterRejection(String rejected) {
    return Uni.createFrom()
        .deferred(
            () -> {
              Held held = current;
              if (held != null && !held.value().equals(rejected) && fresh(held)) {
                return Uni.createFrom().item(held.value());
              }
              Predicate<Held> another = h -> fresh(h) && !h.value().equals(rejected);
              return refresh(null, another, false)
                  .chain(
                      fetched ->
                          fetched.value().equals(rejected)
                              ? refresh(null, another, true)
                              : Uni.createFrom().item(fetched))
                  .map(Held::value);
            });
  }

  /** Forgets the token (the next call fetches one). */
  void forget() {
    current = null;
  }

  private boolean fresh(Held held) {
    return clock.instant().plus(refreshAhead).isBefore(held.expiresAt());
  }

  /**
   * Joins the refresh under way or starts one; a token that another refresh has just brought and
   * that is {@code acceptable} is taken without a fetch. When the refresh fails while {@code stale}
   * is still valid (it was only due for an early refresh), callers get the stale token.
   */
  private Uni<Held> refresh(Held stale, Predicate<Held> acceptable, boolean force) {
    CompletableFuture<Held> mine = new CompletableFuture<>();
    CompletableFuture<Held> running = inFlight.compareAndExchange(null, mine);
    Uni<Held> result;
    Held meanwhile = current;
    if (running != null) {
      result = Uni.createFrom().completionStage(running);
    } else if (meanwhile != null && acceptable.test(meanwhile)) {
      inFlight.set(null);
      mine.complete(meanwhile);
      result = Uni.createFrom().item(meanwhile);
    } else {
      result = Uni.createFrom().completionStage(mine);
      client
          .stableToken(force)
          .subscribe()
          .with(
              answer -> {
                Duration life =
                    answer.expiresIn() == null || answer.expiresIn() <= 0
                        ? DEFAULT_LIFETIME
                        : Duration.ofSeconds(answer.expiresIn());
                Held fetched = new Held(answer.accessToken(), clock.instant().plus(life));
                current = fetched;
                inFlight.set(null);
                LOG.debugf("WeChat access token fetched, valid for %s", life);
                mine.complete(fetched);
              },
              failure -> {
                inFlight.set(null);
                LOG.warnf("WeChat access token not fetched: %s", WeChatClient.describe(failure));
                mine.completeExceptionally(failure);
              });
    }
    if (stale == null) {
      return result;
    }
    return result
        .onFailure(e -> clock.instant().isBefore(stale.expiresAt()))
        .recoverWithItem(stale);
  }
}
