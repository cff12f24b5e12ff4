package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.NodePeer;
import dev.switchboard.support.TestHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The official MCP conformance suites, run three times in the same test: directly against our TypeScript
 * SDK fixture backend, then against the hub fronting it as an {@code http} backend, and against a hub
 * fronting the same server as a {@code stdio} backend (the SDK's stdio transport). Every scenario the
 * fixture passes directly must pass through the hub both ways. Summaries are kept in
 * {@code target/conformance-*.txt}.
 */
@Timeout(300) // a hang fails the test instead of the whole build
class ConformanceIT {
  private static final Pattern SUMMARY = Pattern.compile("^([✓✗]) ([a-z0-9-]+): (\\d+) passed, (\\d+) failed");
  private static NodePeer fixture;
  private static TestHub hub;
  private static TestHub stdioHub;
  private static String direct;

  @BeforeAll
  static void start() throws Exception {
    int port = NodePeer.freePort();
    fixture = NodePeer.fixture(port);
    direct = "http://127.0.0.1:" + port + "/mcp";
    hub = TestHub.start("""
        listen: {host: 127.0.0.1, port: 0}
        backends:
          - {name: fixture, type: http, url: "%s"}
        """.formatted(direct));
    stdioHub = TestHub.start("""
        listen: {host: 127.0.0.1, port: 0}
        backends:
          - {name: fixture, type: stdio, command: "%s", args: ["%s", "stdio"]}
        """.formatted(NodePeer.node(), NodePeer.nodeDir().resolve("fixture-server.mjs").toAbsolutePath()));
  }

  @AfterAll
  static void stop() throws Exception {
    hub.close();
    stdioHub.close();
    fixture.close();
  }

  @Test
  void everyLegacyScenarioTheFixturePassesAlsoPassesThroughTheHub() throws Exception {
    compare("conformance-legacy", List.of());
  }

  @Test
  void everyModernScenarioTheFixturePassesAlsoPassesThroughTheHub() throws Exception {
    compare("conformance-modern", List.of("--spec-version", "2026-07-28"));
  }

  private void compare(String suite, List<String> extra) throws Exception {
    Map<String, Boolean> baseline = run(suite, direct, extra, "direct");
    Map<String, Boolean> viaHub = run(suite, hub.url(), extra, "hub");
    Map<String, Boolean> viaStdio = run(suite, stdioHub.url(), extra, "hub-stdio");
    List<String> passedDirectly = baseline.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
    assertThat(passedDirectly).as("scenarios the fixture passes directly").hasSizeGreaterThanOrEqualTo(20);
    for (String scenario : passedDirectly) {
      assertThat(viaHub.get(scenario)).as(suite + " scenario " + scenario + " through the hub").isTrue();
      assertThat(viaStdio.get(scenario)).as(suite + " scenario " + scenario + " through the hub over stdio").isTrue();
    }
  }

  private static Map<String, Boolean> run(String suite, String url, List<String> extra, String label) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("node_modules/" + suite + "/dist/index.js", "server", "--url", url));
    args.addAll(extra);
    NodePeer run = NodePeer.run(args, Map.of(), 240_000);
    String out = run.output();
    Map<String, Boolean> results = new LinkedHashMap<>();
    StringBuilder summary = new StringBuilder();
    for (String line : out.split("\n")) {
      Matcher m = SUMMARY.matcher(line.trim());
      if (m.find()) {
        results.put(m.group(2), m.group(1).equals("✓") && m.group(4).equals("0"));
        summary.append(line.trim()).append('\n');
      } else if (line.startsWith("Total:")) {
        summary.append(line.trim()).append('\n');
      }
    }
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", suite + "-" + label + ".txt"), summary.toString());
    assertThat(results).as("summary of " + suite + " against " + label + ":\n" + out).isNotEmpty();
    return results;
  }
}
