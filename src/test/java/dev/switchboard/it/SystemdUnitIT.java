package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The systemd unit in {@code packaging/systemd}: it has the hardening an operator expects, systemd's own
 * checker finds nothing wrong with it, and its exposure score stays low. {@code scripts/test} installs
 * systemd-analyze; on a machine without it (and not in CI) the checker's part is skipped.
 */
@Timeout(120)
class SystemdUnitIT {
  private static final Path UNIT = Path.of("packaging/systemd/switchboard.service");

  @Test
  void theUnitRunsTheHubAsItsOwnUserWithTheUsualHardeningAndTimeToFinishCalls() throws IOException {
    List<String> lines = Files.readAllLines(UNIT);

    assertThat(lines).contains("User=switchboard", "NoNewPrivileges=yes", "ProtectSystem=strict",
        "StateDirectory=switchboard", "Restart=on-failure", "CapabilityBoundingSet=", "PrivateTmp=yes");
    assertThat(lines).anyMatch(l -> l.startsWith("ExecStart=/usr/bin/java ") && l.contains(" serve --config "));
    // In-flight calls get 5 s after SIGTERM, stdio servers 4 s more: the stop timeout must leave room for both.
    assertThat(lines).filteredOn(l -> l.startsWith("TimeoutStopSec=")).singleElement()
        .satisfies(l -> assertThat(Integer.parseInt(l.replaceAll("\\D", ""))).isGreaterThanOrEqualTo(15));
    assertThat(Files.readString(Path.of("packaging/systemd/switchboard.sysusers"))).contains("u switchboard ");
  }

  @Test
  void systemdFindsNothingWrongWithTheUnitAndRatesItsExposureLow(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    boolean present = new ProcessBuilder("sh", "-c", "command -v systemd-analyze").start().waitFor() == 0;
    Assumptions.assumeTrue(present || System.getenv("CI") != null, "systemd-analyze is not installed here");
    Path unit = Files.copy(UNIT, dir.resolve("switchboard.service"));

    Processes.Result verify = run("systemd-analyze", "verify", unit.toString());
    // The threshold is on systemd's scale of 0–100 (shown as 0.0–10.0): above 3.0 fails.
    Processes.Result security = run("systemd-analyze", "security", "--offline=yes", "--threshold=30", unit.toString());

    assertThat(verify.exit()).as(verify.output()).isZero();
    assertThat(verify.output()).as("warnings are mistakes too").isBlank();
    assertThat(security.exit()).as(security.output()).isZero();
    assertThat(security.output()).containsPattern("Overall exposure level for switchboard.service: [0-2]\\.\\d");
  }

  private static Processes.Result run(String... command) {
    return Processes.run(null, command);
  }
}
