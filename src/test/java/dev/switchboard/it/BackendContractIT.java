package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.backend.ChannelBackend;
import dev.switchboard.support.McpHttp;
import dev.switchboard.support.NodePeer;
import dev.switchboard.support.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same behaviours against every backend transport, with the same real server behind each
 * (server-everything): streamable HTTP, the 2024-11-05 HTTP+SSE transport, and stdio.
 */
@Timeout(300) // a hang fails the test instead of the whole build
class BackendContractIT {
  @TempDir
  Path tmp;

  private String backend(String transport, int port) {
    String everything = NodePeer.nodeDir().resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js")
        .toAbsolutePath().toString();
    return switch (transport) {
      case "http" -> "{name: ev, type: http, url: \"http://127.0.0.1:%d/mcp\"}".formatted(port);
      case "sse" -> "{name: ev, type: sse, url: \"http://127.0.0.1:%d/sse\"}".formatted(port);
      default -> "{name: ev, type: stdio, command: \"%s\", args: [\"%s\", \"stdio\"], stateDir: \"%s\"}"
          .formatted(NodePeer.node(), everything, tmp.resolve("state"));
    };
  }

  private static McpHttp.Reply as(TestHub hub, String user, String method, String name, JsonObject params)
      throws Exception {
    Map<String, String> headers = new HashMap<>(McpHttp.modernHeaders(method, name));
    headers.put("Tailscale-User-Login", user);
    return new McpHttp(hub.url()).post(McpHttp.modernRequest(method, params).encode(), headers);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"http", "sse", "stdio"})
  void everyTransportServesToolsPromptsResourcesAndProgressPerUser(String transport) throws Exception {
    int port = NodePeer.freePort();
    NodePeer server = switch (transport) {
      case "http" -> NodePeer.everything(port);
      case "sse" -> NodePeer.everythingSse(port);
      default -> null;
    };
    try (TestHub hub = TestHub.start("""
        listen: {host: 127.0.0.1, port: 0}
        identity: {mode: serve-headers, trustedProxies: [127.0.0.1]}
        policy: {rules: [{users: ["*"], allow: {tools: ["*"], prompts: ["*"], resources: ["*"]}}]}
        limits: {enabled: false}
        backends:
          - %s
        """.formatted(backend(transport, port)))) {
      JsonObject tools = as(hub, "alice@example.com", "tools/list", null, new JsonObject()).json().getJsonObject("result");
      assertThat(tools.getJsonArray("tools").stream().map(t -> ((JsonObject) t).getString("name")).toList())
          .as(transport).contains("echo", "get-sum", "trigger-long-running-operation");

      JsonObject sum = as(hub, "alice@example.com", "tools/call", "get-sum", new JsonObject().put("name", "get-sum")
          .put("arguments", new JsonObject().put("a", 19).put("b", 23))).json();
      assertThat(sum.getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text")).contains("42");
      JsonObject echo = as(hub, "bob@example.com", "tools/call", "echo", new JsonObject().put("name", "echo")
          .put("arguments", new JsonObject().put("message", "via " + transport))).json();
      assertThat(echo.getJsonObject("result").encode()).contains("via " + transport);

      JsonArray prompts = as(hub, "alice@example.com", "prompts/list", null, new JsonObject()).json()
          .getJsonObject("result").getJsonArray("prompts");
      String prompt = prompts.getJsonObject(0).getString("name");
      JsonObject got = as(hub, "alice@example.com", "prompts/get", prompt, new JsonObject().put("name", prompt)
          .put("arguments", new JsonObject())).json();
      assertThat(got.getJsonObject("result")).as(got.encode()).isNotNull();

      JsonArray resources = as(hub, "alice@example.com", "resources/list", null, new JsonObject()).json()
          .getJsonObject("result").getJsonArray("resources");
      String uri = resources.getJsonObject(0).getString("uri");
      JsonObject read = as(hub, "alice@example.com", "resources/read", uri, new JsonObject().put("uri", uri)).json();
      assertThat(read.getJsonObject("result").getJsonArray("contents")).as(read.encode()).isNotEmpty();

      McpHttp.Reply progress = as(hub, "alice@example.com", "tools/call", "trigger-long-running-operation",
          new JsonObject().put("name", "trigger-long-running-operation")
              .put("arguments", new JsonObject().put("duration", 1).put("steps", 3))
              .put("_meta", new JsonObject().put("progressToken", "p-" + transport)));
      List<JsonObject> events = progress.events();
      assertThat(events.stream().filter(e -> "notifications/progress".equals(e.getString("method"))).count())
          .as(transport + ": " + progress.body()).isGreaterThanOrEqualTo(2);
      assertThat(events.get(events.size() - 1).getJsonObject("result")).isNotNull();

      if (!transport.equals("http")) {
        ChannelBackend ev = (ChannelBackend) hub.hub().pool().get("ev").orElseThrow();
        assertThat(ev.processes()).as("the hub's own, alice's and bob's").isEqualTo(3);
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }
}
