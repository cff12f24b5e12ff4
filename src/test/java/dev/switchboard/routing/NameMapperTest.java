package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NameMapperTest {
  @Test
  void prefixesWithTheSeparator() {
    assertThat(new NameMapper(true, "__", 64).expose("github", "search")).isEqualTo("github__search");
    assertThat(new NameMapper(true, ".", 64).expose("gh", "search")).isEqualTo("gh.search");
    assertThat(new NameMapper(false, "__", 64).expose("github", "search")).isEqualTo("search");
  }

  @Test
  void longNamesAreShortenedDeterministicallyAndDistinctly() {
    NameMapper m = new NameMapper(true, "__", 64);
    String base = "x".repeat(80);
    String a = m.expose("backend", base + "a");
    String b = m.expose("backend", base + "b");
    assertThat(a).hasSize(64).isEqualTo(m.expose("backend", base + "a"));
    assertThat(b).hasSize(64).isNotEqualTo(a);
    assertThat(a).matches(".*_[0-9a-f]{8}");
  }
}
