package cn.futian.jufu.rights;

import java.time.Duration;
import java.util.Map;

/**
 * The risk screening at intake (ADR 0020), version {@value #VERSION}: for domestic violence, the
 * questions that predict serious harm (threats to kill, a weapon, strangulation, violence getting
 * worse, pregnancy, children in danger, separation) and whether she is in danger right now. The
 * answers give a level and the time within which staff must respond. Pure rules, no I/O.
 */
public final class RiskScreening {

  /** The version of the questions; stored with the answers. */
  public static final int VERSION = 1;

  /** The questions of version 1. */
  public enum Question {
    IMMEDIATE_DANGER,
    THREATS_TO_KILL,
    WEAPON,
    STRANGULATION,
    ESCALATION,
    PREGNANT,
    CHILDREN_IN_DANGER,
    SEPARATION
  }

  public enum Answer {
    YES,
    NO,
    UNKNOWN
  }

  /** How urgent a request is. */
  public enum Level {
    STANDARD,
    MEDIUM,
    HIGH
  }

  private RiskScreening() {}

  /**
   * The level of a request. HIGH when she is in immediate danger, was strangled or threatened with
   * death, or when three or more answers are yes; MEDIUM with one or two yes, and for every report
   * of domestic violence; STANDARD otherwise. Unknown answers count as no: staff ask again.
   */
  public static Level level(boolean domesticViolence, Map<Question, Answer> answers) {
    Map<Question, Answer> given = answers == null ? Map.of() : answers;
    long yes = given.values().stream().filter(a -> a == Answer.YES).count();
    boolean critical =
        given.get(Question.IMMEDIATE_DANGER) == Answer.YES
            || given.get(Question.STRANGULATION) == Answer.YES
            || given.get(Question.THREATS_TO_KILL) == Answer.YES;
    if (critical || yes >= 3) {
      return Level.HIGH;
    }
    if (yes >= 1 || domesticViolence) {
      return Level.MEDIUM;
    }
    return Level.STANDARD;
  }

  /** Within how long staff must respond: 1 hour, 24 hours, 3 days. */
  public static Duration respondWithin(Level level) {
    return switch (level) {
      case HIGH -> Duration.ofHours(1);
      case MEDIUM -> Duration.ofHours(24);
      case STANDARD -> Duration.ofDays(3);
    };
  }
}
