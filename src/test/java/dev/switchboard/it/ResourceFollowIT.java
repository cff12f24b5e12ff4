package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.McpHttp;
import dev.switchboard.support.NodePeer;
import dev.switchboard.support.TestHub;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A legacy client subscribes to a resource of a 2025-era backend (server-everything over stdio, HTTP+SSE
 * and streamable HTTP); the backend's updates reach the client's GET stream.
 */
@Timeout(300) // a hang fails the test instead of the whole build
class ResourceFollowIT {
  @TempDir
  Path tmp;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"stdio", "sse", "http"})
  void aSubscribedResourcesUpdatesReachTheClientsStream(String transport) throws Exception {
    int port = NodePeer.freePort();
    String everything = NodePeer.nodeDir().resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js")
        .toAbsolutePath().toString();
    NodePeer server = switch (transport) {
      case "sse" -> NodePeer.everythingSse(port);
      case "http" -> NodePeer.everything(port);
      default -> null;
    };
    String backend = switch (transport) {
      case "sse" -> "{name: ev, type: sse, url: \"http://127.0.0.1:%d/sse\"}".formatted(port);
      case "http" -> "{name: ev, type: http, url: \"http://127.0.0.1:%d/mcp\"}".formatted(port);
      default -> "{name: ev, type: stdio, command: \"%s\", args: [\"%s\", \"stdio\"], stateDir: \"%s\"}"
          .formatted(NodePeer.node(), everything, tmp.resolve("state"));
    };
    try (TestHub hub = TestHub.start("""
        listen: {host: 127.0.0.1, port: 0}
        backends:
          - %s
        """.formatted(backend))) {
      McpHttp http = new McpHttp(hub.url());
      String sid = http.initialize("2025-11-25");
      HttpResponse<InputStream> get = http.stream(http.request().GET().header("Accept", "text/event-stream")
          .header("Mcp-Session-Id", sid).header("MCP-Protocol-Version", "2025-11-25").build());
      McpHttp.SseReader stream = new McpHttp.SseReader(get.body());
      String uri = http.legacy(sid, "resources/list", new JsonObject()).json().getJsonObject("result")
          .getJsonArray("resources").getJsonObject(0).getString("uri");
      assertThat(http.legacy(sid, "resources/subscribe", new JsonObject().put("uri", uri)).json()
          .getJsonObject("result")).isNotNull();
      CompletableFuture<JsonObject> updated = CompletableFuture.supplyAsync(() -> {
        try {
          while (true) {
            JsonObject m = stream.next();
            if ("notifications/resources/updated".equals(m.getString("method"))) {
              return m;
            }
          }
        } catch (Exception e) {
          return null;
        }
      });
      // server-everything sends updates for subscribed resources every 5 s once this is switched on.
      assertThat(http.legacy(sid, "tools/call", new JsonObject().put("name", "toggle-subscriber-updates")
          .put("arguments", new JsonObject())).status()).isEqualTo(200);
      JsonObject note = updated.get(20, TimeUnit.SECONDS);
      assertThat(note).isNotNull();
      assertThat(note.getJsonObject("params").getString("uri")).isEqualTo(uri);
      get.body().close();
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  @Test
  void aModernClientFollowsAResourceThroughSubscriptionsListen() throws Exception {
    String everything = NodePeer.nodeDir().resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js")
        .toAbsolutePath().toString();
    try (TestHub hub = TestHub.start("""
        listen: {host: 127.0.0.1, port: 0}
        backends:
          - {name: ev, type: stdio, command: "%s", args: ["%s", "stdio"], stateDir: "%s"}
        """.formatted(NodePeer.node(), everything, tmp.resolve("state")))) {
      McpHttp http = new McpHttp(hub.url());
      String uri = http.modern("resources/list", null, new JsonObject()).json().getJsonObject("result")
          .getJsonArray("resources").getJsonObject(0).getString("uri");
      JsonObject listen = McpHttp.modernRequest("subscriptions/listen", new JsonObject().put("notifications",
          new JsonObject().put("resourceSubscriptions", new io.vertx.core.json.JsonArray().add(uri).add("nope://missing"))));
      HttpResponse<InputStream> resp = http.stream(http.request().POST(java.net.http.HttpRequest.BodyPublishers
              .ofString(listen.encode())).header("Content-Type", "application/json")
          .header("Accept", "application/json, text/event-stream").header("MCP-Protocol-Version", "2026-07-28")
          .header("Mcp-Method", "subscriptions/listen").build());
      McpHttp.SseReader stream = new McpHttp.SseReader(resp.body());
      JsonObject ack = stream.next();
      assertThat(ack.getString("method")).isEqualTo("notifications/subscriptions/acknowledged");
      assertThat(ack.getJsonObject("params").getJsonObject("notifications").getJsonArray("resourceSubscriptions")
          .getList()).containsExactly(uri); // the unknown one is left out
      CompletableFuture<JsonObject> updated = CompletableFuture.supplyAsync(() -> {
        try {
          return stream.next();
        } catch (Exception e) {
          return null;
        }
      });
      assertThat(http.modern("tools/call", "toggle-subscriber-updates", new JsonObject()
          .put("name", "toggle-subscriber-updates").put("arguments", new JsonObject())).status()).isEqualTo(200);
      JsonObject note = updated.get(20, TimeUnit.SECONDS);
      assertThat(note.getString("method")).isEqualTo("notifications/resources/updated");
      assertThat(note.getJsonObject("params").getString("uri")).isEqualTo(uri);
      assertThat(note.getJsonObject("params").getJsonObject("_meta").getValue("io.modelcontextprotocol/subscriptionId"))
          .isNotNull();
      resp.body().close();
    }
  }

  /**
   * On a 2026-07-28 backend each follow holds a stream of its own to the backend, out of its maxStreams for
   * everyone; one listen naming a template's URIs took them all.
   */
  @Test
  void aUserFollowsOnlySoManyResourcesSoNoOneTakesABackendsStreams() throws Exception {
    int port = NodePeer.freePort();
    try (NodePeer fixture = NodePeer.fixture(port); TestHub hub = TestHub.start("""
        listen: {host: 127.0.0.1, port: 0}
        limits: {maxFollowsPerUser: 3}
        backends:
          - {name: fx, type: http, url: "http://127.0.0.1:%d/mcp", maxStreams: 8}
        """.formatted(port))) {
      McpHttp http = new McpHttp(hub.url());
      io.vertx.core.json.JsonArray uris = new io.vertx.core.json.JsonArray().add("test://template/1/data");
      for (int i = 1; i <= 10; i++) {
        uris.add("test://template/" + i + "/data"); // the first twice: one follow per URI
      }
      JsonObject listen = McpHttp.modernRequest("subscriptions/listen", new JsonObject().put("notifications",
          new JsonObject().put("resourceSubscriptions", uris)));
      HttpResponse<InputStream> resp = http.stream(http.request().POST(java.net.http.HttpRequest.BodyPublishers
              .ofString(listen.encode())).header("Content-Type", "application/json")
          .header("Accept", "application/json, text/event-stream").header("MCP-Protocol-Version", "2026-07-28")
          .header("Mcp-Method", "subscriptions/listen").build());
      JsonObject ack = new McpHttp.SseReader(resp.body()).next();
      assertThat(ack.getJsonObject("params").getJsonObject("notifications").getJsonArray("resourceSubscriptions")
          .getList()).containsExactly("test://template/1/data", "test://template/2/data", "test://template/3/data");

      String sid = http.initialize("2025-11-25");
      JsonObject beyond = new JsonObject().put("uri", "test://template/99/data");
      JsonObject refused = http.legacy(sid, "resources/subscribe", beyond).json().getJsonObject("error");
      assertThat(refused.getJsonObject("data").getString("limit")).isEqualTo("follows");
      assertThat(refused.getString("message")).contains("at most 3 resources followed per user");

      resp.body().close(); // the stream's end ends its three follows
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
          .until(() -> http.legacy(sid, "resources/subscribe", beyond).json().containsKey("result"));
    }
  }
}
