package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MediaTypesTest {
  @Test
  void parametersCaseAndSurroundingSpaceDoNotMatter() {
    assertThat(MediaTypes.is("application/json", MediaTypes.JSON)).isTrue();
    assertThat(MediaTypes.is("Application/JSON", MediaTypes.JSON)).isTrue();
    assertThat(MediaTypes.is("application/json; charset=utf-8", MediaTypes.JSON)).isTrue();
    assertThat(MediaTypes.is("  application/json ;charset=UTF-8", MediaTypes.JSON)).isTrue();
    assertThat(MediaTypes.is("application/json ", MediaTypes.JSON)).isTrue();
    assertThat(MediaTypes.is("text/event-stream;charset=utf-8", MediaTypes.SSE)).isTrue();
  }

  @Test
  void anotherTypeWithTheSamePrefixIsNotIt() {
    assertThat(MediaTypes.is("application/jsonl", MediaTypes.JSON)).isFalse();
    assertThat(MediaTypes.is("application/json-patch+json", MediaTypes.JSON)).isFalse();
    assertThat(MediaTypes.is("application/json x", MediaTypes.JSON)).isFalse();
    assertThat(MediaTypes.is("application/jso", MediaTypes.JSON)).isFalse();
    assertThat(MediaTypes.is("text/plain", MediaTypes.JSON)).isFalse();
    assertThat(MediaTypes.is("", MediaTypes.JSON)).isFalse();
    assertThat(MediaTypes.is(null, MediaTypes.JSON)).isFalse();
  }
}
