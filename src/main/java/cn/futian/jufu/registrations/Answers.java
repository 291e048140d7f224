package cn.futian.jufu.registrations;

import cn.futian.jufu.common.error.DomainException;
import cn.futian.jufu.common.error.Problem;
import cn.futian.jufu.common.error.ProblemCode;
import cn.futian.jufu.events.EventQuestion;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks answers to an event's custom questions and returns them cleaned, keyed by id. */
final class Answers {

  private Answers() {}

  static Map<String, Object> validate(List<EventQuestion> questions, Map<String, Object> given) {
    Map<String, Object> answers = given == null ? Map.of() : given;
    List<Problem.FieldError> errors = new ArrayList<>();
    Map<String, Object> clean = new LinkedHashMap<>();
    java.util.Set<String> known = new HashSet<>();
    for (EventQuestion q : questions) {
      String key = String.valueOf(q.id);
      known.add(key);
      Object value = answers.get(key);
      String field = "answers." + key;
      if (value == null || (value instanceof String s && s.isBlank())) {
        if (q.required) {
          errors.add(new Problem.FieldError(field, "notBlank", null));
        }
        continue;
      }
      switch (q.type) {
        case TEXT -> {
          if (!(value instanceof String s)) {
            errors.add(new Problem.FieldError(field, "type", null));
          } else if (s.length() > (q.maxLength != null ? q.maxLength : 500)) {
            errors.add(new Problem.FieldError(field, "too-long", null));
          } else {
            clean.put(key, s.strip());
          }
        }
        case SINGLE -> {
          if (!(value instanceof String s) || !q.optionList().contains(s)) {
            errors.add(new Problem.FieldError(field, "option", null));
          } else {
            clean.put(key, s);
          }
        }
        case MULTIPLE -> {
          if (!(value instanceof List<?> list)
              || list.isEmpty()
              || !list.stream().allMatch(v -> v instanceof String && q.optionList().contains(v))
              || new HashSet<>(list).size() != list.size()) {
            errors.add(new Problem.FieldError(field, "option", null));
          } else {
            clean.put(key, List.copyOf(list));
          }
        }
        case NUMBER -> {
          if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            errors.add(new Problem.FieldError(field, "type", null));
          } else if ((q.minValue != null && n.doubleValue() < q.minValue)
              || (q.maxValue != null && n.doubleValue() > q.maxValue)) {
            errors.add(new Problem.FieldError(field, "range", null));
          } else {
            clean.put(key, n);
          }
        }
        default -> throw new IllegalStateException(q.type.name());
      }
    }
    for (String key : answers.keySet()) {
      if (!known.contains(key)) {
        errors.add(new Problem.FieldError("answers." + key, "unknown-field", null));
      }
    }
    if (!errors.isEmpty()) {
      throw new DomainException(ProblemCode.VALIDATION_FAILED, "validation-failed", errors);
    }
    return clean;
  }
}
