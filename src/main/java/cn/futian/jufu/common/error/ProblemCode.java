package cn.futian.jufu.common.error;

/**
 * Every kind of problem the API reports, with its HTTP status. The machine-readable code goes into
 * the problem document as {@code code} and into its {@code type} URI; the human text comes from
 * {@code problems*.properties} under the key {@code <code>.title} / {@code <code>.detail}.
 */
public enum ProblemCode {
  VALIDATION_FAILED(400),
  MALFORMED_REQUEST(400),
  UNAUTHENTICATED(401),
  FORBIDDEN(403),
  NOT_FOUND(404),
  METHOD_NOT_ALLOWED(405),
  NOT_ACCEPTABLE(406),
  CONFLICT(409),
  STALE_UPDATE(409),
  BODY_TOO_LARGE(413),
  UNSUPPORTED_MEDIA_TYPE(415),
  RULE_VIOLATION(422),
  CONSENT_REQUIRED(422),
  NOT_ELIGIBLE(422),
  RATE_LIMITED(429),
  INTERNAL(500),
  DEPENDENCY_UNAVAILABLE(503);

  private final int status;

  ProblemCode(int status) {
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** The code as clients see it: {@code not-found}, {@code validation-failed}, ... */
  public String slug() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  public String typeUri() {
    return "urn:jufu:problem:" + slug();
  }
}
