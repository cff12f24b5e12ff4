package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.Processes;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution archive {@code mvn package} writes: unpacked where an operator would unpack it, it holds
 * what the production guide names, and its launcher runs the jar beside it with no Maven and no sources.
 */
@Timeout(120)
class DistributionIT {
  @TempDir
  Path tmp;

  @Test
  void theArchiveRunsOnItsOwnWithItsConfigDashboardsRulesAndUnits() throws Exception {
    String version = System.getProperty("project.version", "0.1.0-SNAPSHOT");
    Path archive = Path.of("target/switchboard-" + version + ".tar.gz");
    assertThat(archive).as("mvn package builds it").exists();
    run(tmp, "tar", "-xzf", archive.toAbsolutePath().toString());
    Path home = tmp.resolve("switchboard-" + version);

    for (String file : new String[] {"switchboard.jar", "bin/switchboard", "conf/switchboard.yaml", "conf/alerts.yml",
        "conf/prometheus.yml", "grafana/dashboards/switchboard-overview.json", "packaging/systemd/switchboard.service",
        "packaging/systemd/switchboard.sysusers", "packaging/container/switchboard.yaml", "docs/operations.md",
        "README.md"}) {
      assertThat(home.resolve(file)).as(file).exists();
    }
    assertThat(home.resolve("bin/switchboard")).isExecutable();
    assertThat(home.resolve("pom.xml")).doesNotExist();

    assertThat(run(home, "bin/switchboard", "--version")).matches("switchboard " + version.replace(".", "\\.")
        + " \\(commit [0-9a-f]{7}(-dirty)?\\)\\s*");
    assertThat(run(home, "bin/switchboard", "config", "check", "conf/switchboard.yaml")).contains("OK");
  }

  private static String run(Path dir, String... command) {
    return Processes.ok(dir, command);
  }
}
