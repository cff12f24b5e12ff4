package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.backend.Backend;
import dev.switchboard.support.McpHttp;
import dev.switchboard.support.NodePeer;
import dev.switchboard.support.TestHub;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A 2025-era backend (a session server written with the TypeScript SDK) sends a request and a log message
 * on its session's standalone GET stream, as the SDK does when a tool does not name the request it serves.
 * The hub holds that stream for every backend session and routes what comes on it to the client of the
 * call in progress; before, such a call waited 30 s and timed out, in both eras.
 */
@Timeout(120)
class SessionStreamIT {
  private static NodePeer server;
  private static TestHub hub;

  @BeforeAll
  static void start() throws Exception {
    int port = NodePeer.freePort();
    server = NodePeer.sdkSession(port);
    hub = TestHub.start("""
        listen: {host: 127.0.0.1, port: 0}
        backends:
          - {name: sess, type: http, url: "http://127.0.0.1:%d/mcp", timeout: 20s}
        """.formatted(port));
  }

  @AfterAll
  static void stop() throws Exception {
    hub.close();
    server.close();
  }

  @Test
  void aSamplingRequestOnTheGetStreamReachesTheModernClientOfTheCall() throws Exception {
    NodePeer run = NodePeer.run(List.of("ts-client.mjs", hub.url(), "modern", "sample_unrelated", "{}", "modern-tag"),
        Map.of(), 60_000);
    String last = run.output().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse("{}");
    JsonObject out = new JsonObject(last);
    assertThat(out.getString("error")).as(run.output()).isNull();
    assertThat(out.getJsonArray("sampled").getList()).singleElement().asString().isEqualTo("say hello");
    assertThat(out.getJsonObject("result").encode()).contains("sampled: sampled by modern-tag");
  }

  @Test
  void aLegacyClientAnswersTheGetStreamsRequestAndHearsItsLogMessage() throws Exception {
    McpHttp http = new McpHttp(hub.url());
    McpHttp.Reply init = http.post(McpHttp.request("initialize", new JsonObject().put("protocolVersion", "2025-11-25")
        .put("capabilities", new JsonObject().put("sampling", new JsonObject()))
        .put("clientInfo", new JsonObject().put("name", "raw").put("version", "1"))).encode(), Map.of());
    Map<String, String> session = Map.of("Mcp-Session-Id", init.header("Mcp-Session-Id"),
        "MCP-Protocol-Version", "2025-11-25");
    http.post(new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/initialized").encode(), session);

    McpHttp.Reply logged = http.post(McpHttp.request("tools/call", new JsonObject().put("name", "log_unrelated"))
        .encode(), session);
    assertThat(logged.events()).as(logged.body()).extracting(m -> m.getString("method"))
        .contains("notifications/message");

    HttpRequest.Builder call = http.request().POST(HttpRequest.BodyPublishers.ofString(McpHttp.request("tools/call",
            new JsonObject().put("name", "sample_unrelated")).encode()))
        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream");
    session.forEach(call::header);
    McpHttp.SseReader stream = new McpHttp.SseReader(http.stream(call.build()).body());
    JsonObject asked = stream.next();
    assertThat(asked.getString("method")).isEqualTo("sampling/createMessage");
    http.post(new JsonObject().put("jsonrpc", "2.0").put("id", asked.getValue("id")).put("result", new JsonObject()
        .put("model", "m").put("role", "assistant").put("content", new JsonObject().put("type", "text")
            .put("text", "hi from legacy"))).encode(), session);
    assertThat(stream.next().getJsonObject("result").encode()).contains("sampled: hi from legacy");
    Backend backend = hub.hub().pool().get("sess").orElseThrow();
    assertThat(backend.droppedNotifications()).isZero();
  }
}
