package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.Processes;
import dev.switchboard.support.TestHub;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge bundle for laptops without a JDK ({@code mvn -Pbridge-bundle package}, which {@code scripts/test}
 * runs): unpacked, its launcher answers a client's {@code initialize} through a hub with an empty environment —
 * no PATH, no JAVA_HOME, so no Java but its own.
 */
@Timeout(120)
class BridgeBundleIT {
  @TempDir
  Path tmp;

  @Test
  void theBundleBridgesAClientToTheHubWithNoJavaOfTheMachines() throws Exception {
    String version = System.getProperty("project.version", "0.1.0-SNAPSHOT");
    Path archive = Path.of("target/switchboard-bridge-" + version + "-linux-x64.tar.gz");
    Assumptions.assumeTrue(Files.exists(archive) || System.getenv("CI") != null,
        "no bundle: build it with mvn -Pbridge-bundle package (scripts/test does)");
    Processes.ok(tmp, "tar", "-xzf", archive.toAbsolutePath().toString());
    Path home = tmp.resolve("switchboard-bridge-" + version + "-linux-x64");
    assertThat(home.resolve("runtime/bin/javac")).doesNotExist(); // a runtime, not a JDK

    try (TestHub hub = TestHub.demo()) {
      ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/switchboard-connect").toString(), hub.url());
      pb.environment().clear();
      Process bridge = pb.start();
      try (OutputStream in = bridge.getOutputStream();
           BufferedReader out = new BufferedReader(new InputStreamReader(bridge.getInputStream(), StandardCharsets.UTF_8))) {
        in.write((new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", "initialize").put("params",
            new JsonObject().put("protocolVersion", "2025-11-25").put("capabilities", new JsonObject())
                .put("clientInfo", new JsonObject().put("name", "bundle-test").put("version", "1"))).encode() + "\n")
            .getBytes(StandardCharsets.UTF_8));
        in.flush();
        JsonObject answer = new JsonObject(out.readLine());
        assertThat(answer.getJsonObject("result").getString("protocolVersion")).isEqualTo("2025-11-25");
      }
      assertThat(bridge.waitFor(20, TimeUnit.SECONDS)).as("stdin closed: the bridge ends").isTrue();
      assertThat(bridge.exitValue()).isZero();
    }
  }
}
