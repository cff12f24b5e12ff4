package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.metrics.HubMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The build stamps its version and git commit; --version and switchboard_build_info show them. */
class HubIdentityTest {
  @Test
  void theVersionAndCommitAreStampedAtBuildTime() {
    assertThat(HubIdentity.VERSION).matches("\\d+\\.\\d+\\.\\d+.*");
    if (Files.isDirectory(Path.of(".git"))) { // a build from a git checkout, as CI's clone is
      assertThat(HubIdentity.COMMIT).matches("[0-9a-f]{7,40}(-dirty)?");
    }
  }

  @Test
  void versionPrintsBothAndTheBuildInfoGaugeCarriesThem() {
    var cli = dev.switchboard.support.AuditFixtures.run("--version");
    assertThat(cli.out().strip()).isEqualTo("switchboard " + HubIdentity.VERSION + " (commit " + HubIdentity.COMMIT + ")");
    HubMetrics metrics = new HubMetrics();
    metrics.buildInfo(HubIdentity.VERSION, HubIdentity.COMMIT);
    assertThat(metrics.scrape(null)).contains("switchboard_build_info{commit=\"" + HubIdentity.COMMIT + "\",version=\""
        + HubIdentity.VERSION + "\"} 1");
  }
}
