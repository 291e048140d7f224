package cn.futian.jufu.common.error;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a request whose declared body is larger than {@code fulian.http.max-body-bytes} with a
 * 413 problem document: before any of it is read when it declares its length, as soon as it passes
 * the limit when it is sent without one (chunked).
 */
@Singleton
public class BodyLimitFilter {

  private final long maxBytes;
  private final long maxBatchBytes;
  private final ObjectMapper json;
  private final BodyHandler bodies;
  private final BodyHandler batchBodies;

  private static final Set<HttpMethod> WRITES =
      Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

  BodyLimitFilter(
      @ConfigProperty(name = "fulian.http.max-body-bytes") long maxBytes,
      @ConfigProperty(name = "fulian.http.max-batch-body-bytes") long maxBatchBytes,
      ObjectMapper json) {
    this.maxBytes = maxBytes;
    this.maxBatchBytes = maxBatchBytes;
    this.json = json;
    this.bodies = BodyHandler.create(false).setBodyLimit(maxBytes);
    this.batchBodies = BodyHandler.create(false).setBodyLimit(maxBatchBytes);
  }

  /**
   * Batch uploads (offline check-ins: up to 500 signed codes) and the console scanner's camera
   * frames get the larger limit.
   */
  private long limitFor(String path) {
    return isBatch(path) ? maxBatchBytes : maxBytes;
  }

  private static boolean isBatch(String path) {
    return path != null && (path.endsWith("/batch") || path.endsWith("/checkin/frame"));
  }

  void install(@Observes StartupEvent start, Router router) {
    router
        .route()
        .order(Integer.MIN_VALUE + 10)
        .handler(this::check)
        .failureHandler(this::failedWhileReading);
  }

  void check(RoutingContext ctx) {
    String declared = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    long length;
    try {
      length = declared == null ? -1 : Long.parseLong(declared.trim());
    } catch (NumberFormatException malformed) {
      length = Long.MAX_VALUE;
    }
    long limit = limitFor(ctx.request().path());
    if (length > limit) {
      refuse(ctx, limit);
    } else if (declared == null
        && WRITES.contains(ctx.request().method())
        && ctx.request().version() != HttpVersion.HTTP_2) {
      // A body without a length (chunked): read it here, counting, so that one over the limit
      // gets the same 413 problem (BodyHandler fails the route with 413 as soon as it passes).
      // Not for HTTP/2 (h2c): there a request read to its end here cannot be paused again by
      // RESTEasy (a 500), and HTTP/2 frames its bodies itself; Vert.x's limit holds there.
      (isBatch(ctx.request().path()) ? batchBodies : bodies).handle(ctx);
    } else {
      ctx.next();
    }
  }

  private void failedWhileReading(RoutingContext ctx) {
    if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
      refuse(ctx, limitFor(ctx.request().path()));
    } else {
      ctx.next();
    }
  }

  private void refuse(RoutingContext ctx, long limit) {
    RouteProblems.send(
        ctx, json, ProblemCode.BODY_TOO_LARGE, null, true, "body-too-large.limit", limit);
  }
}
