package dev.switchboard.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EdgeChecksTest {
  @Test
  void hostOnlyStripsPortsAndKeepsIpv6Brackets() {
    assertThat(EdgeChecks.hostOnly("localhost:8080")).isEqualTo("localhost");
    assertThat(EdgeChecks.hostOnly("[::1]:8080")).isEqualTo("[::1]");
    assertThat(EdgeChecks.hostOnly("Hub.Tail1234.TS.net")).isEqualTo("hub.tail1234.ts.net");
  }
}
