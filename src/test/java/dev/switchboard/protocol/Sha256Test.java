package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Sha256Test {
  @Test
  void matchesTheStandardTestVectors() {
    // FIPS 180-2, appendix B.1, and the hash of nothing
    assertThat(Sha256.hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(Sha256.hex("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void hashesOnlyTheGivenSliceAndIsReusableOnOneThread() {
    byte[] bytes = "xxabcyy".getBytes(StandardCharsets.UTF_8);
    assertThat(Sha256.hex(bytes, 2, 3)).isEqualTo(Sha256.hex("abc"));
    assertThat(Sha256.hex(bytes)).isEqualTo(Sha256.hex("xxabcyy")).isNotEqualTo(Sha256.hex("abc"));
  }

  @Test
  void hashesTextAsUtf8() {
    assertThat(Sha256.hex("é")).isEqualTo(Sha256.hex(new byte[] {(byte) 0xc3, (byte) 0xa9}));
  }
}
