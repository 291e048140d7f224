package cn.futian.jufu.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class FieldCipherTest {

  static final String OLD = "old:" + Base64.getEncoder().encodeToString(new byte[32]);
  static final String NEW = "new:" + Base64.getEncoder().encodeToString(filled((byte) 7));

  static byte[] filled(byte b) {
    byte[] k = new byte[32];
    java.util.Arrays.fill(k, b);
    return k;
  }

  @Test
  void roundTripsWithAFreshNonceEachTime() {
    FieldCipher c = FieldCipher.parse(OLD + "," + NEW, null);
    assertThat(c.activeKeyId()).isEqualTo("new");
    String a = c.encrypt("13800138000", "member.phone");
    String b = c.encrypt("13800138000", "member.phone");
    assertThat(a).startsWith("enc1:new:").doesNotContain("13800138000").isNotEqualTo(b);
    assertThat(c.decrypt(a, "member.phone")).isEqualTo("13800138000");
    assertThat(c.encrypt(null, "member.phone")).isNull();
  }

  @Test
  void aValueMovedToAnotherColumnOrTamperedWithDoesNotDecrypt() {
    FieldCipher c = FieldCipher.parse(NEW, null);
    String a = c.encrypt("SINGLE", "member.marital_status");
    assertThatThrownBy(() -> c.decrypt(a, "member.phone"))
        .isInstanceOf(IllegalStateException.class);
    int i = a.length() - 10;
    String tampered = a.substring(0, i) + (a.charAt(i) == 'A' ? 'B' : 'A') + a.substring(i + 1);
    assertThatThrownBy(() -> c.decrypt(tampered, "member.marital_status"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void rotationReadsOldValuesAndTellsWhatToReencrypt() {
    FieldCipher before = FieldCipher.parse(OLD, null);
    String stored = before.encrypt("小明", "dependant.name");
    FieldCipher after = FieldCipher.parse(OLD + "," + NEW, "new");
    assertThat(after.decrypt(stored, "dependant.name")).isEqualTo("小明");
    assertThat(after.needsReencryption(stored)).isTrue();
    assertThat(after.needsReencryption("plain legacy")).isTrue();
    assertThat(after.needsReencryption(after.encrypt("x", "dependant.name"))).isFalse();
    // The old key gone from the ring: its values cannot be read, loudly.
    FieldCipher onlyNew = FieldCipher.parse(NEW, null);
    assertThatThrownBy(() -> onlyNew.decrypt(stored, "dependant.name"))
        .hasMessageContaining("not in the ring");
  }

  @Test
  void badKeysAreRefusedAtStart() {
    assertThatThrownBy(
            () -> FieldCipher.parse("k:" + Base64.getEncoder().encodeToString(new byte[16]), null))
        .hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> FieldCipher.parse(NEW, "missing")).hasMessageContaining("not in ring");
    assertThatThrownBy(() -> FieldCipher.parse(":abc", null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
