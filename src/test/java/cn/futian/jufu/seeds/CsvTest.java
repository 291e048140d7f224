package cn.futian.jufu.seeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

  @Test
  void readsQuotedFieldsAndSkipsTheHeader() {
    String text = "a,b,c\r\n1,\"x, \"\"y\"\"\",3\n4,,\n";
    assertThat(Csv.read(text)).containsExactly(List.of("1", "x, \"y\"", "3"), List.of("4", "", ""));
  }

  @Test
  void lastLineWithoutNewline() {
    assertThat(Csv.read("h\nvalue")).containsExactly(List.of("value"));
  }
}
