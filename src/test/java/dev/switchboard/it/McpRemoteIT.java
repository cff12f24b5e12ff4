package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.BridgeProcess;
import dev.switchboard.support.McpHttp;
import dev.switchboard.support.NodePeer;
import dev.switchboard.support.TestHub;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mcp-remote}, the stdio proxy many desktop clients are configured with, as a stdio client of the
 * hub: it probes for OAuth (the hub asks for none), opens a 2025-era session over streamable HTTP, and
 * carries a client's initialize, list and call through.
 */
@Timeout(120)
class McpRemoteIT {
  @TempDir
  Path state;

  @Test
  void mcpRemoteCarriesAStdioClientsCallsToTheHub() throws Exception {
    try (TestHub hub = TestHub.demo()) {
      ProcessBuilder pb = new ProcessBuilder(NodePeer.node(),
          NodePeer.nodeDir().resolve("node_modules/mcp-remote/dist/proxy.js").toAbsolutePath().toString(),
          hub.url(), "--transport", "http-only");
      pb.environment().put("MCP_REMOTE_CONFIG_DIR", state.toString());
      try (BridgeProcess remote = BridgeProcess.start(pb)) {
        remote.send(McpHttp.request("initialize", new JsonObject().put("protocolVersion", "2025-11-25")
            .put("capabilities", new JsonObject()).put("clientInfo", new JsonObject().put("name", "stdio-client")
                .put("version", "1"))).put("id", 1));
        JsonObject init = remote.answerTo(1, 60_000);
        assertThat(init.getJsonObject("result").getString("protocolVersion")).as(init.encode()).isEqualTo("2025-11-25");
        remote.send(new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/initialized"));
        remote.send(McpHttp.request("tools/list", new JsonObject()).put("id", 2));
        assertThat(remote.answerTo(2, 30_000).getJsonObject("result").getJsonArray("tools").stream()
            .map(t -> ((JsonObject) t).getString("name")).toList()).contains("echo", "whoami");
        remote.send(McpHttp.request("tools/call", new JsonObject().put("name", "echo")
            .put("arguments", new JsonObject().put("message", "through mcp-remote"))).put("id", 3));
        assertThat(remote.answerTo(3, 30_000).encode()).contains("through mcp-remote");
      }
    }
  }
}
