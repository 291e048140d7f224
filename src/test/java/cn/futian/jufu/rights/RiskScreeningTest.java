package cn.futian.jufu.rights;

import static cn.futian.jufu.rights.RiskScreening.Answer.NO;
import static cn.futian.jufu.rights.RiskScreening.Answer.UNKNOWN;
import static cn.futian.jufu.rights.RiskScreening.Answer.YES;
import static org.assertj.core.api.Assertions.assertThat;

import cn.futian.jufu.rights.RiskScreening.Level;
import cn.futian.jufu.rights.RiskScreening.Question;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The risk screening's rules, question by question. */
class RiskScreeningTest {

  @Test
  void eachCriticalAnswerAloneMakesARequestHigh() {
    for (Question critical :
        new Question[] {
          Question.IMMEDIATE_DANGER, Question.STRANGULATION, Question.THREATS_TO_KILL
        }) {
      assertThat(RiskScreening.level(true, Map.of(critical, YES)))
          .as(critical.name())
          .isEqualTo(Level.HIGH);
      assertThat(RiskScreening.level(false, Map.of(critical, YES)))
          .as(critical.name())
          .isEqualTo(Level.HIGH);
    }
  }

  @Test
  void threeOtherYesAnswersMakeItHighTwoMakeItMedium() {
    Map<Question, RiskScreening.Answer> answers = new EnumMap<>(Question.class);
    answers.put(Question.WEAPON, YES);
    answers.put(Question.PREGNANT, YES);
    answers.put(Question.ESCALATION, NO);
    assertThat(RiskScreening.level(false, answers)).isEqualTo(Level.MEDIUM);
    answers.put(Question.SEPARATION, YES);
    assertThat(RiskScreening.level(false, answers)).isEqualTo(Level.HIGH);
  }

  @Test
  void domesticViolenceIsAtLeastMediumAndUnknownCountsAsNo() {
    assertThat(RiskScreening.level(true, null)).isEqualTo(Level.MEDIUM);
    assertThat(RiskScreening.level(true, Map.of(Question.WEAPON, UNKNOWN))).isEqualTo(Level.MEDIUM);
    assertThat(RiskScreening.level(false, Map.of(Question.WEAPON, UNKNOWN)))
        .isEqualTo(Level.STANDARD);
    assertThat(RiskScreening.level(false, Map.of())).isEqualTo(Level.STANDARD);
  }

  @Test
  void theTimeToRespondFollowsTheLevel() {
    assertThat(RiskScreening.respondWithin(Level.HIGH)).isEqualTo(Duration.ofHours(1));
    assertThat(RiskScreening.respondWithin(Level.MEDIUM)).isEqualTo(Duration.ofHours(24));
    assertThat(RiskScreening.respondWithin(Level.STANDARD)).isEqualTo(Duration.ofDays(3));
  }
}
