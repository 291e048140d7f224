package cn.futian.jufu.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BlindIndexTest {

  private static byte[] key(int fill) {
    byte[] k = new byte[32];
    Arrays.fill(k, (byte) fill);
    return k;
  }

  @Test
  void aMobileNumberIsFoundHoweverItIsWritten() {
    assertThat(BlindIndex.mobileIn("晚上打 138-1234-5678 找我")).isEqualTo("13812345678");
    assertThat(BlindIndex.mobileIn("+86 138 1234 5678")).isEqualTo("13812345678");
    assertThat(BlindIndex.mobileIn("8613812345678")).isEqualTo("13812345678");
    assertThat(BlindIndex.mobileIn("0755-83512345")).isNull();
    assertThat(BlindIndex.mobileIn("12812345678")).isNull();
    assertThat(BlindIndex.mobileIn("138123456789")).isNull();
    assertThat(BlindIndex.mobileIn(null)).isNull();
  }

  @Test
  void anIdNumberIsEighteenCharactersWithAnUpperCaseX() {
    assertThat(BlindIndex.idNumber("44030419900101123x")).isEqualTo("44030419900101123X");
    assertThat(BlindIndex.idNumber(" 440304 19900101 1234 ")).isEqualTo("440304199001011234");
    assertThat(BlindIndex.idNumber("4403041990010112")).isNull();
    assertThat(BlindIndex.idNumber("44030419900101123Y")).isNull();
  }

  @Test
  void equalInputsMatchUnderOneKeyOnlyAndKindsDoNotMix() {
    BlindIndex a = new BlindIndex(key(1));
    BlindIndex b = new BlindIndex(key(2));
    assertThat(a.of("phone", "13812345678")).isEqualTo(a.of("phone", "13812345678")).hasSize(64);
    assertThat(a.of("phone", "13812345678")).isNotEqualTo(b.of("phone", "13812345678"));
    assertThat(a.of("phone", "13812345678")).isNotEqualTo(a.of("id-number", "13812345678"));
    assertThat(a.of("phone", null)).isNull();
    assertThatThrownBy(() -> new BlindIndex(new byte[16]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
