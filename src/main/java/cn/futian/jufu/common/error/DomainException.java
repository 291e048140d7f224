package cn.futian.jufu.common.error;

import java.util.List;

/**
 * The one exception type that services throw for expected failures. The detail is a message key
 * with arguments, so the mapper can render it in the caller's language.
 */
public class DomainException extends RuntimeException {

  private final ProblemCode code;
  private final String detailKey;
  private final transient Object[] args;
  private final List<Problem.FieldError> errors;

  public DomainException(ProblemCode code, String detailKey, Object... args) {
    this(code, detailKey, List.of(), args);
  }

  public DomainException(
      ProblemCode code, String detailKey, List<Problem.FieldError> errors, Object... args) {
    super(code + ": " + detailKey, null, false, false);
    this.code = code;
    this.detailKey = detailKey;
    this.args = args;
    this.errors = List.copyOf(errors);
  }

  public ProblemCode code() {
    return code;
  }

  public String detailKey() {
    return detailKey;
  }

  public Object[] args() {
    return args.clone();
  }

  public List<Problem.FieldError> errors() {
    return errors;
  }

  public static DomainException notFound(String what, Object id) {
    return new DomainException(ProblemCode.NOT_FOUND, "not-found." + what, id);
  }

  public static DomainException forbidden(String detailKey, Object... args) {
    return new DomainException(ProblemCode.FORBIDDEN, detailKey, args);
  }

  public static DomainException conflict(String detailKey, Object... args) {
    return new DomainException(ProblemCode.CONFLICT, detailKey, args);
  }

  public static DomainException rule(String detailKey, Object... args) {
    return new DomainException(ProblemCode.RULE_VIOLATION, detailKey, args);
  }

  public static DomainException invalid(String field, String detailKey, Object... args) {
    return new DomainException(
        ProblemCode.VALIDATION_FAILED,
        "validation-failed",
        List.of(new Problem.FieldError(field, detailKey, null)),
        args);
  }
}
