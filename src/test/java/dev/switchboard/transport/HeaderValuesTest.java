package dev.switchboard.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeaderValuesTest {
  @Test
  void plainAsciiPassesThrough() {
    assertThat(HeaderValues.decode("get_weather")).isEqualTo("get_weather");
  }

  @Test
  void sentinelValuesAreBase64Decoded() {
    assertThat(HeaderValues.decode("=?base64?SGVsbG8sIOS4lueVjA==?=")).isEqualTo("Hello, 世界");
    assertThat(HeaderValues.decode("=?base64?IHBhZGRlZCA=?=")).isEqualTo(" padded ");
  }

  @Test
  void malformedValuesAreRejected() {
    assertThat(HeaderValues.decode("=?base64?%%%?=")).isNull();
    assertThat(HeaderValues.decode("=?base64?/w==?=")).isNull(); // 0xff is not UTF-8
    assertThat(HeaderValues.decode("bad\u0001value")).isNull();
  }
}
