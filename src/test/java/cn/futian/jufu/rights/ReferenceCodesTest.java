package cn.futian.jufu.rights;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reference codes of help requests: readable, typed back in any form, looked up by hash. */
class ReferenceCodesTest {

  @Test
  void referenceCodesAreReadAsPeopleTypeThem() {
    String code = ReferenceCodes.next();
    assertThat(code).matches("[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}");
    assertThat(ReferenceCodes.normalise(code.toLowerCase().replace("-", " "))).isEqualTo(code);
    assertThat(ReferenceCodes.normalise("OOOO-1111-IIII")).as("look-alikes are no code").isNull();
    assertThat(ReferenceCodes.normalise("2222-2222")).isNull();
    assertThat(ReferenceCodes.hash(code)).hasSize(64).isEqualTo(ReferenceCodes.hash(code));
  }
}
