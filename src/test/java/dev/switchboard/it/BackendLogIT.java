package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.McpHttp;
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
 * Log messages a stdio server (written with the TypeScript SDK) sends while a call runs reach that call's
 * client: a legacy client hears what the server chose to send; a 2026-07-28 client only what its request
 * asked for ({@code io.modelcontextprotocol/logLevel}), as that revision requires.
 */
@Timeout(120)
class BackendLogIT {
  private static TestHub hub;

  @BeforeAll
  static void start() throws Exception {
    String server = NodePeer.nodeDir().resolve("sdk-stdio-server.mjs").toAbsolutePath().toString();
    hub = TestHub.start("""
        listen: {host: 127.0.0.1, port: 0}
        backends:
          - {name: sdk, type: stdio, command: "%s", args: ["%s"]}
        """.formatted(NodePeer.node(), server));
  }

  @AfterAll
  static void stop() throws Exception {
    hub.close();
  }

  private static List<String> logged(McpHttp.Reply r) {
    return r.events().stream().filter(m -> "notifications/message".equals(m.getString("method")))
        .map(m -> m.getJsonObject("params").getString("level")).toList();
  }

  private static McpHttp.Reply modernCall(String logLevel) throws Exception {
    JsonObject request = McpHttp.modernRequest("tools/call", new JsonObject().put("name", "log_three"));
    if (logLevel != null) {
      request.getJsonObject("params").getJsonObject("_meta").put("io.modelcontextprotocol/logLevel", logLevel);
    }
    return new McpHttp(hub.url()).post(request.encode(), McpHttp.modernHeaders("tools/call", "log_three"));
  }

  @Test
  void aLegacyClientHearsTheLogMessagesOfItsCall() throws Exception {
    McpHttp http = new McpHttp(hub.url());
    String sid = http.initialize("2025-11-25");
    McpHttp.Reply r = http.post(McpHttp.request("tools/call", new JsonObject().put("name", "log_three")).encode(),
        Map.of("Mcp-Session-Id", sid, "MCP-Protocol-Version", "2025-11-25"));
    assertThat(logged(r)).as(r.body()).contains("info", "error"); // debug too once a request asked for it
    assertThat(r.events().get(r.events().size() - 1).getJsonObject("result").encode()).contains("logged three");
  }

  @Test
  void aModernClientHearsOnlyWhatItsRequestAskedFor() throws Exception {
    McpHttp.Reply none = modernCall(null);
    assertThat(none.body()).contains("logged three").doesNotContain("notifications/message");
    McpHttp.Reply errors = modernCall("error");
    assertThat(logged(errors)).as(errors.body()).containsExactly("error");
    McpHttp.Reply all = modernCall("debug");
    assertThat(logged(all)).as(all.body()).contains("info", "error");
  }
}
