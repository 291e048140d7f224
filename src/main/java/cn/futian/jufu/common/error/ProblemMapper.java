package cn.futian.jufu.common.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one error path: every exception that leaves a resource becomes an RFC 9457 problem document
 * in the caller's language. No stack traces or class names reach clients.
 */
public class ProblemMapper {

  private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
  static final int RETRY_AFTER_SECONDS_WHEN_UNAVAILABLE = 5;

  @ServerExceptionMapper
  public Response domain(DomainException e, HttpHeaders headers, UriInfo uri) {
    Locale locale = locale(headers);
    List<Problem.FieldError> errors =
        e.errors().stream()
            .map(
                fe ->
                    new Problem.FieldError(
                        fe.field(),
                        fe.code(),
                        fe.message() != null
                            ? fe.message()
                            : Messages.text(locale, "field." + fe.code(), e.args())))
            .toList();
    return respond(
        e.code(),
        Messages.text(locale, e.detailKey(), e.args()),
        errors,
        null,
        locale,
        uri,
        retryAfter(e));
  }

  /** 429 says when (its limit knows); 503 from a service (a dependency down) the usual wait. */
  private static Integer retryAfter(DomainException e) {
    if (e instanceof TooManyRequests tooMany) {
      return tooMany.retryAfterSeconds();
    }
    return e.code() == ProblemCode.DEPENDENCY_UNAVAILABLE
        ? RETRY_AFTER_SECONDS_WHEN_UNAVAILABLE
        : null;
  }

  @ServerExceptionMapper
  public Response beanValidation(ConstraintViolationException e, HttpHeaders headers, UriInfo uri) {
    Locale locale = locale(headers);
    List<Problem.FieldError> errors =
        e.getConstraintViolations().stream()
            .map(v -> fieldError(v, locale))
            .sorted(Comparator.comparing(Problem.FieldError::field))
            .toList();
    return problem(ProblemCode.VALIDATION_FAILED, "validation-failed", errors, locale, uri);
  }

  @ServerExceptionMapper
  public Response json(JsonProcessingException e, HttpHeaders headers, UriInfo uri) {
    Locale locale = locale(headers);
    if (e instanceof UnrecognizedPropertyException unknown) {
      String field = jsonPath(unknown);
      return problem(
          ProblemCode.VALIDATION_FAILED,
          "validation-failed",
          List.of(
              new Problem.FieldError(
                  field, "unknown-field", Messages.text(locale, "field.unknown-field"))),
          locale,
          uri);
    }
    if (e instanceof InvalidFormatException || e instanceof MismatchedInputException) {
      JsonMappingException mapping = (JsonMappingException) e;
      String field = jsonPath(mapping);
      if (!field.isEmpty()) {
        String code =
            mapping instanceof InvalidFormatException invalid
                    && invalid.getTargetType() != null
                    && invalid.getTargetType().isEnum()
                ? "enum"
                : "type";
        Object[] args =
            "enum".equals(code)
                ? new Object[] {enumValues(((InvalidFormatException) mapping).getTargetType())}
                : new Object[0];
        return problem(
            ProblemCode.VALIDATION_FAILED,
            "validation-failed",
            List.of(
                new Problem.FieldError(field, code, Messages.text(locale, "field." + code, args))),
            locale,
            uri);
      }
    }
    return problem(ProblemCode.MALFORMED_REQUEST, "malformed-request.json", List.of(), locale, uri);
  }

  /** Quarkus has a built-in mapper for this subtype; this one is more specific than it. */
  @ServerExceptionMapper
  public Response jsonMismatch(MismatchedInputException e, HttpHeaders headers, UriInfo uri) {
    return json(e, headers, uri);
  }

  @ServerExceptionMapper
  public Response unauthenticated(UnauthorizedException e, HttpHeaders headers, UriInfo uri) {
    return withChallenge(
        problem(ProblemCode.UNAUTHENTICATED, "unauthenticated", List.of(), locale(headers), uri),
        "Bearer realm=\"fulian\"");
  }

  @ServerExceptionMapper
  public Response badCredentials(
      AuthenticationFailedException e, HttpHeaders headers, UriInfo uri) {
    return withChallenge(
        problem(
            ProblemCode.UNAUTHENTICATED,
            "unauthenticated.invalid-token",
            List.of(),
            locale(headers),
            uri),
        "Bearer realm=\"fulian\", error=\"invalid_token\"");
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e, HttpHeaders headers, UriInfo uri) {
    return problem(ProblemCode.FORBIDDEN, "forbidden", List.of(), locale(headers), uri);
  }

  @ServerExceptionMapper
  public Response staleUpdate(StaleStateException e, HttpHeaders headers, UriInfo uri) {
    return problem(ProblemCode.STALE_UPDATE, "stale-update", List.of(), locale(headers), uri);
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e, HttpHeaders headers, UriInfo uri) {
    Locale locale = locale(headers);
    if (e.getCause() instanceof JsonProcessingException json) {
      return json(json, headers, uri);
    }
    if (e instanceof NotFoundException) {
      // JAX-RS reports a path or query parameter that does not convert (an id "abc", a size
      // "ten") as "not found"; it carries the conversion failure as its cause.
      return e.getCause() != null
          ? problem(
              ProblemCode.MALFORMED_REQUEST, "malformed-request.parameter", List.of(), locale, uri)
          : problem(ProblemCode.NOT_FOUND, "not-found", List.of(), locale, uri);
    }
    if (e instanceof NotAllowedException) {
      return problem(ProblemCode.METHOD_NOT_ALLOWED, "method-not-allowed", List.of(), locale, uri);
    }
    if (e instanceof NotSupportedException) {
      return problem(
          ProblemCode.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", List.of(), locale, uri);
    }
    if (e instanceof NotAcceptableException) {
      return problem(ProblemCode.NOT_ACCEPTABLE, "not-acceptable", List.of(), locale, uri);
    }
    int status = e.getResponse() != null ? e.getResponse().getStatus() : 500;
    if (status == 413) {
      return problem(ProblemCode.BODY_TOO_LARGE, "body-too-large", List.of(), locale, uri);
    }
    if (status >= 400 && status < 500) {
      return problem(ProblemCode.MALFORMED_REQUEST, "malformed-request", List.of(), locale, uri);
    }
    return unexpected(e, headers, uri);
  }

  @ServerExceptionMapper
  public Response unexpected(Throwable e, HttpHeaders headers, UriInfo uri) {
    Locale locale = locale(headers);
    if (dependencyUnavailable(e)) {
      LOG.warnf("A dependency is unavailable: %s", e.toString());
      return respond(
          ProblemCode.DEPENDENCY_UNAVAILABLE,
          Messages.text(locale, "dependency-unavailable"),
          List.of(),
          null,
          locale,
          uri,
          RETRY_AFTER_SECONDS_WHEN_UNAVAILABLE);
    }
    if (refusedAsData(e)) {
      LOG.warnf("The database refused the request's data on %s: %s", path(uri), e.toString());
      return problem(ProblemCode.MALFORMED_REQUEST, "malformed-request", List.of(), locale, uri);
    }
    String errorId = UUID.randomUUID().toString();
    LOG.errorf(e, "Unexpected error %s on %s", errorId, path(uri));
    return respond(
        ProblemCode.INTERNAL,
        Messages.text(locale, "internal", errorId),
        List.of(),
        null,
        locale,
        uri,
        null);
  }

  private static Response problem(
      ProblemCode code, String key, List<Problem.FieldError> errors, Locale locale, UriInfo uri) {
    return respond(code, Messages.text(locale, key), errors, null, locale, uri, null);
  }

  static Response respond(
      ProblemCode code,
      String detail,
      List<Problem.FieldError> errors,
      String title,
      Locale locale,
      UriInfo uri,
      Integer retryAfter) {
    String resolvedTitle = title != null ? title : Messages.text(locale, code.slug() + ".title");
    if (uri != null && HtmlProblem.isPage(uri.getPath())) {
      return HtmlProblem.respond(code.status(), resolvedTitle, detail, errors, locale);
    }
    Problem body =
        new Problem(
            code.typeUri(),
            resolvedTitle,
            code.status(),
            detail,
            uri == null ? null : uri.getPath(),
            code.slug(),
            retryAfter,
            errors);
    Response.ResponseBuilder builder =
        Response.status(code.status())
            .type(Problem.MEDIA_TYPE)
            .header(HttpHeaders.CONTENT_LANGUAGE, locale.toLanguageTag())
            .entity(body);
    if (retryAfter != null) {
      builder.header("Retry-After", retryAfter);
    }
    return builder.build();
  }

  private static Response withChallenge(Response response, String challenge) {
    return Response.fromResponse(response).header(HttpHeaders.WWW_AUTHENTICATE, challenge).build();
  }

  private static Locale locale(HttpHeaders headers) {
    return Messages.negotiate(headers == null ? null : headers.getHeaderString("Accept-Language"));
  }

  private static Problem.FieldError fieldError(ConstraintViolation<?> v, Locale locale) {
    String annotation =
        v.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
    String code = annotation.substring(0, 1).toLowerCase(Locale.ROOT) + annotation.substring(1);
    String key = "field." + code;
    var attributes = v.getConstraintDescriptor().getAttributes();
    String message =
        Messages.hasText(key)
            ? Messages.text(
                locale,
                key,
                attributes.getOrDefault("min", attributes.getOrDefault("value", "")),
                attributes.getOrDefault("max", ""))
            : Messages.text(locale, "field.invalid");
    return new Problem.FieldError(fieldName(v.getPropertyPath()), code, message);
  }

  /** "update.body.displayName" → "displayName"; "list.size" → "size". */
  static String fieldName(Path path) {
    List<String> parts = new ArrayList<>();
    List<Path.Node> nodes = new ArrayList<>();
    path.forEach(nodes::add);
    for (int i = 0; i < nodes.size(); i++) {
      Path.Node node = nodes.get(i);
      if (node.getKind() == ElementKind.METHOD) {
        continue;
      }
      if (node.getKind() == ElementKind.PARAMETER && i < nodes.size() - 1) {
        continue;
      }
      String name = node.getName();
      if (node.getIndex() != null && !parts.isEmpty()) {
        int last = parts.size() - 1;
        parts.set(last, parts.get(last) + "[" + node.getIndex() + "]");
      }
      if (name != null && !name.startsWith("<")) {
        parts.add(name);
      }
    }
    return String.join(".", parts);
  }

  private static String jsonPath(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static String enumValues(Class<?> type) {
    Object[] constants = type.getEnumConstants();
    List<String> names = new ArrayList<>();
    for (Object c : constants) {
      names.add(((Enum<?>) c).name());
    }
    return String.join(", ", names);
  }

  /**
   * A database or Redis that cannot be reached, or that dropped the connection mid-request (a
   * restart, a failover; a reset socket, also when Mutiny reports it with the failed rollback in a
   * CompositeException): the request did not happen as far as the client can tell, so a 503 with
   * Retry-After, never a 500. SQLSTATE class 08 is a connection exception, 57P01–57P03 an
   * administrator shutdown, a crash shutdown, or a server that cannot accept connections yet.
   */
  /** The reactive SQL client reports a connection closed under a transaction only by its text. */
  private static boolean isClosedConnectionMessage(Throwable t) {
    String m = t.getMessage();
    return t instanceof io.vertx.core.impl.NoStackTraceThrowable
        && m != null
        && (m.startsWith("Connection is not active now") || m.startsWith("Connection was closed"));
  }

  private static String path(UriInfo uri) {
    return uri == null ? "?" : uri.getPath();
  }

  /**
   * Data that PostgreSQL refuses although validation let it through: SQLSTATE class 22 (a NUL
   * character in text, a number or date out of its range) or a check constraint (23514). The client
   * sent something unusable, so a 400 rather than a 500; the statement failed, so its transaction
   * rolled back and nothing was written.
   */
  static boolean refusedAsData(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof io.smallrye.mutiny.CompositeException composite
          && composite.getCauses().stream().anyMatch(ProblemMapper::refusedAsData)) {
        return true;
      }
      String state = null;
      if (t instanceof io.vertx.pgclient.PgException pg) {
        state = pg.getSqlState();
      } else if (t instanceof java.sql.SQLException sql) {
        state = sql.getSQLState();
      } else if (t instanceof org.hibernate.JDBCException jdbc) {
        state = jdbc.getSQLState();
      }
      if (state != null && (state.startsWith("22") || "23514".equals(state))) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  static boolean dependencyUnavailable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.SocketException
          || t instanceof io.vertx.sqlclient.ClosedConnectionException
          || isClosedConnectionMessage(t)) {
        return true;
      }
      if (t instanceof io.smallrye.mutiny.CompositeException composite
          && composite.getCauses().stream().anyMatch(ProblemMapper::dependencyUnavailable)) {
        return true;
      }
      String state = null;
      if (t instanceof io.vertx.pgclient.PgException pg) {
        state = pg.getSqlState();
      } else if (t instanceof java.sql.SQLException sql) {
        state = sql.getSQLState();
      }
      if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
