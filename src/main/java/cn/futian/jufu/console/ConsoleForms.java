package cn.futian.jufu.console;

import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.time.Times;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reading the console's forms: what a form sends becomes the API's command, checked by the same
 * constraints, so a bad form gets the API's messages (as a page).
 */
final class ConsoleForms {

  private ConsoleForms() {}

  /** The command when it satisfies its constraints; else the API's 400 naming every field. */
  static <T> T valid(Validator validator, T command) {
    var violations = validator.validate(command);
    if (!violations.isEmpty()) {
      throw new ConstraintViolationException(violations);
    }
    return command;
  }

  /** A {@code datetime-local} value read as Shanghai time; blank is none; else a 400 on field. */
  static OffsetDateTime shanghaiTime(String field, String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return LocalDateTime.parse(text.strip()).atZone(Times.ZONE).toOffsetDateTime();
    } catch (DateTimeParseException e) {
      throw DomainException.invalid(field, "datetime");
    }
  }
}
