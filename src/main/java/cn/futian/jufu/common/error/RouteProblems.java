package cn.futian.jufu.common.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;

/**
 * Problem documents written by Vert.x route handlers that answer before RESTEasy sees the request
 * (body limit, address limits): the same body, texts and headers as {@link ProblemMapper}.
 */
public final class RouteProblems {

  private RouteProblems() {}

  /**
   * Ends the request with the problem {@code code}, its detail text {@code detailKey} (with {@code
   * args}) in the caller's language, and {@code Retry-After} when {@code retryAfter} is set.
   */
  public static void send(
      RoutingContext ctx,
      ObjectMapper json,
      ProblemCode code,
      Integer retryAfter,
      boolean closeConnection,
      String detailKey,
      Object... args) {
    Locale locale = Messages.negotiate(ctx.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE));
    Problem problem =
        new Problem(
            code.typeUri(),
            Messages.text(locale, code.slug() + ".title"),
            code.status(),
            Messages.text(locale, detailKey, args),
            ctx.request().path(),
            code.slug(),
            retryAfter,
            List.of());
    String body;
    try {
      body = json.writeValueAsString(problem);
    } catch (JsonProcessingException impossible) {
      ctx.fail(impossible);
      return;
    }
    var response =
        ctx.response()
            .setStatusCode(code.status())
            .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
            .putHeader(HttpHeaders.CONTENT_LANGUAGE, locale.toLanguageTag());
    if (retryAfter != null) {
      response.putHeader("Retry-After", Integer.toString(retryAfter));
    }
    if (closeConnection) {
      response.putHeader(HttpHeaders.CONNECTION, "close");
    }
    response.end(body);
  }
}
