package cn.futian.jufu.common.error;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a request whose declared body is larger than {@code fulian.http.max-body-bytes} with a
 * 413 problem document, before any of it is read. (Vert.x's own, larger limit stays as a backstop
 * for bodies sent without a length.)
 */
@Singleton
public class BodyLimitFilter {

  private final long maxBytes;
  private final long maxBatchBytes;
  private final ObjectMapper json;

  BodyLimitFilter(
      @ConfigProperty(name = "fulian.http.max-body-bytes") long maxBytes,
      @ConfigProperty(name = "fulian.http.max-batch-body-bytes") long maxBatchBytes,
      ObjectMapper json) {
    this.maxBytes = maxBytes;
    this.maxBatchBytes = maxBatchBytes;
    this.json = json;
  }

  /** Batch uploads (offline check-ins: up to 500 signed codes) get the larger limit. */
  private long limitFor(String path) {
    return path != null && path.endsWith("/batch") ? maxBatchBytes : maxBytes;
  }

  void install(@Observes StartupEvent start, Router router) {
    router.route().order(Integer.MIN_VALUE + 10).handler(this::check);
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
    if (length <= limit) {
      ctx.next();
      return;
    }
    Locale locale = Messages.negotiate(ctx.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE));
    ProblemCode code = ProblemCode.BODY_TOO_LARGE;
    Problem problem =
        new Problem(
            code.typeUri(),
            Messages.text(locale, code.slug() + ".title"),
            code.status(),
            Messages.text(locale, "body-too-large.limit", limit),
            ctx.request().path(),
            code.slug(),
            null,
            List.of());
    try {
      ctx.response()
          .setStatusCode(code.status())
          .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
          .putHeader(HttpHeaders.CONTENT_LANGUAGE, locale.toLanguageTag())
          .putHeader(HttpHeaders.CONNECTION, "close")
          .end(json.writeValueAsString(problem));
    } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
      ctx.fail(impossible);
    }
  }
}
