package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.NodePeer;
import dev.switchboard.support.TestHub;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The official TypeScript SDK v2 client ({@code @modelcontextprotocol/client} 2.4.0) in each of its modes
 * against the hub, which fronts the demo backend, the dual-era fixture and server-everything (legacy only).
 */
@Timeout(300) // a hang fails the test instead of the whole build
class TypeScriptClientIT {
  private static NodePeer fixture;
  private static NodePeer everything;
  private static TestHub hub;

  @BeforeAll
  static void start() throws Exception {
    int fixturePort = NodePeer.freePort();
    int everythingPort = NodePeer.freePort();
    fixture = NodePeer.fixture(fixturePort);
    everything = NodePeer.everything(everythingPort);
    hub = TestHub.start("""
        listen: {host: 127.0.0.1, port: 0}
        backends:
          - {name: demo, type: builtin}
          - {name: fixture, type: http, url: "http://127.0.0.1:%d/mcp"}
          - {name: everything, type: http, url: "http://127.0.0.1:%d/mcp", prefix: ev}
        """.formatted(fixturePort, everythingPort));
  }

  @AfterAll
  static void stop() throws Exception {
    hub.close();
    fixture.close();
    everything.close();
  }

  private static JsonObject run(String mode, String tool, String args) throws Exception {
    NodePeer run = NodePeer.run(List.of("ts-client.mjs", hub.url(), mode, tool, args), Map.of(), 60_000);
    String last = run.output().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse("{}");
    JsonObject out = new JsonObject(last);
    assertThat(out.getString("error")).as(run.output()).isNull();
    assertThat(run.exitCode()).isZero();
    return out;
  }

  private static String text(JsonObject out) {
    return out.getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text");
  }

  @Test
  void aPinnedModernClientGetsTheModernEra() throws Exception {
    JsonObject out = run("modern", "demo__echo", "{\"message\":\"hi\"}");
    assertThat(out.getString("era")).isEqualTo("modern");
    assertThat(out.getString("protocolVersion")).isEqualTo("2026-07-28");
    assertThat(text(out)).isEqualTo("hi");
  }

  @Test
  void aLegacyClientGetsASession() throws Exception {
    JsonObject out = run("legacy", "demo__echo", "{\"message\":\"hi\"}");
    assertThat(out.getString("era")).isEqualTo("legacy");
    assertThat(text(out)).isEqualTo("hi");
  }

  @Test
  void anAutoClientProbesAndSettlesOnModern() throws Exception {
    assertThat(run("auto", "demo__whoami", "{}").getString("era")).isEqualTo("modern");
  }

  @Test
  void allBackendsAppearAsOneServer() throws Exception {
    List<Object> tools = run("modern", "demo__echo", "{\"message\":\"x\"}").getJsonArray("tools").getList();
    assertThat(tools).contains("demo__whoami", "fixture__test_simple_text", "ev__echo", "ev__get-sum");
  }

  @Test
  void aModernClientReachesALegacyOnlyBackend() throws Exception {
    JsonObject out = run("modern", "ev__get-sum", "{\"a\":2,\"b\":3}");
    assertThat(text(out)).isEqualTo("The sum of 2 and 3 is 5.");
  }

  @Test
  void progressFromALegacyBackendReachesAModernClient() throws Exception {
    JsonObject out = run("modern", "ev__trigger-long-running-operation", "{\"duration\":1,\"steps\":4}");
    assertThat(text(out)).contains("Long running operation completed");
    assertThat(out.getJsonArray("progress").getList()).containsExactly(1, 2, 3, 4);
  }

  @Test
  void elicitationWorksForBothEraClientsAgainstAModernBackend() throws Exception {
    for (String mode : List.of("modern", "legacy")) {
      JsonObject out = run(mode, "fixture__test_elicitation", "{\"message\":\"Proceed?\"}");
      assertThat(text(out)).contains("action=accept").contains("yes from ts (" + mode + ")");
      assertThat(out.getJsonArray("elicited").getList()).containsExactly("Proceed?");
      assertThat(out.getJsonObject("result").containsKey("_meta")).isFalse();
    }
  }
}
