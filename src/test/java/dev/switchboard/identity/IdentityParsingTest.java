package dev.switchboard.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.FakeTailscaled;
import org.junit.jupiter.api.Test;

class IdentityParsingTest {
  @Test
  void aPersonsWhoIsBecomesACaller() {
    Caller c = WhoIs.toCaller(FakeTailscaled.example("whois-user", null), "100.101.102.103:5555");
    assertThat(c.login()).isEqualTo("alice@example.com");
    assertThat(c.displayName()).isEqualTo("Alice Example");
    assertThat(c.tags()).isEmpty();
    assertThat(c.principal()).isEqualTo("alice@example.com");
    assertThat(c.source()).isEqualTo("whois");
  }

  @Test
  void aTaggedNodeIsIdentifiedByItsTags() {
    Caller c = WhoIs.toCaller(FakeTailscaled.example("whois-tagged", null), "100.88.12.7:1");
    assertThat(c.login()).isEqualTo("tagged-devices");
    assertThat(c.tags()).containsExactly("tag:ci");
    assertThat(c.principal()).isEqualTo("tags:tag:ci");
    assertThat(c.node()).isEqualTo("ci-runner-7.tail1234.ts.net");
  }

  @Test
  void aPersonWithoutGrantsHasNoCapabilities() {
    assertThat(WhoIs.toCaller(FakeTailscaled.example("whois-nogrant", null), "x").capabilities()).isEmpty();
  }

  @Test
  void rfc2047WordsAreDecoded() {
    assertThat(Rfc2047.decode("=?utf-8?q?J=C3=BCrgen_M=C3=BCller?=")).isEqualTo("Jürgen Müller");
    assertThat(Rfc2047.decode("=?utf-8?b?SsO8cmdlbg==?=")).isEqualTo("Jürgen");
    assertThat(Rfc2047.decode("plain@example.com")).isEqualTo("plain@example.com");
    assertThat(Rfc2047.decode(null)).isNull();
  }
}
