package cn.futian.jufu.news;

import static org.assertj.core.api.Assertions.assertThat;

import cn.futian.jufu.news.NewsStatus.Action;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every action from every status: two moves are allowed, everything else is refused. */
class NewsStatusTest {

  @ParameterizedTest(name = "{0} from {1} → {2}")
  @CsvSource({
    "PUBLISH, DRAFT, PUBLISHED",
    "PUBLISH, PUBLISHED, ",
    "PUBLISH, WITHDRAWN, ",
    "WITHDRAW, DRAFT, ",
    "WITHDRAW, PUBLISHED, WITHDRAWN",
    "WITHDRAW, WITHDRAWN, ",
  })
  void moves(Action action, NewsStatus from, NewsStatus target) {
    assertThat(from.after(action)).isEqualTo(target);
  }

  @ParameterizedTest
  @CsvSource({"DRAFT, true", "PUBLISHED, true", "WITHDRAWN, false"})
  void editable(NewsStatus status, boolean editable) {
    assertThat(status.editable()).isEqualTo(editable);
  }
}
