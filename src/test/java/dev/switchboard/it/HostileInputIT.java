package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.McpHttp;
import dev.switchboard.support.NodePeer;
import dev.switchboard.support.TestHub;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What one hostile user can send, against a stdio backend written with the official TypeScript SDK that
 * offers resource templates with several expressions, as documentation and source hosts do.
 */
@Timeout(120)
class HostileInputIT {
  private static TestHub hub;

  @BeforeAll
  static void start() throws Exception {
    String server = NodePeer.nodeDir().resolve("sdk-stdio-server.mjs").toAbsolutePath().toString();
    hub = TestHub.start("""
        listen: {host: 127.0.0.1, port: 0}
        identity: {mode: serve-headers, trustedProxies: [127.0.0.1]}
        policy: {rules: [{users: [alice@example.com], allow: {tools: ["*"], resources: ["*"]}}]}
        limits: {enabled: false}
        backends:
          - {name: docs, type: stdio, command: "%s", args: ["%s"]}
        """.formatted(NodePeer.node(), server));
  }

  @AfterAll
  static void stop() throws Exception {
    hub.close();
  }

  private static Map<String, String> as(String user, Map<String, String> headers) {
    Map<String, String> all = new HashMap<>(headers);
    all.put("Tailscale-User-Login", user);
    return all;
  }

  private static McpHttp.Reply pingBack(String user) throws Exception {
    return new McpHttp(hub.url()).post(McpHttp.modernRequest("tools/call", new JsonObject().put("name", "ping_back"))
        .encode(), as(user, McpHttp.modernHeaders("tools/call", "ping_back")));
  }

  /** A legacy session, whose requests carry the URI only in the body (a header could not hold it). */
  private static McpHttp.Reply read(String user, String sid, String uri) throws Exception {
    return new McpHttp(hub.url()).post(McpHttp.request("resources/read", new JsonObject().put("uri", uri)).encode(),
        as(user, Map.of("Mcp-Session-Id", sid, "MCP-Protocol-Version", "2025-11-25")));
  }

  private static String session(String user) throws Exception {
    McpHttp http = new McpHttp(hub.url());
    McpHttp.Reply init = http.post(McpHttp.request("initialize", new JsonObject().put("protocolVersion", "2025-11-25")
        .put("capabilities", new JsonObject()).put("clientInfo", new JsonObject().put("name", "raw").put("version", "1")))
        .encode(), as(user, Map.of()));
    String sid = init.header("Mcp-Session-Id");
    assertThat(sid).as(init.body()).isNotNull();
    return sid;
  }

  /**
   * GIVEN templates with several expressions, WHEN a user without any grant reads URIs crafted to make a
   * backtracking matcher try every way of splitting them, THEN each is answered at once as unknown, and
   * another user's calls go on meanwhile. Before, an 8 KB URI held the event loop for hours.
   */
  @Test
  void aCraftedResourceUriIsAnsweredAtOnceWhileAnotherUsersCallsFlow() throws Exception {
    assertThat(pingBack("alice@example.com").body()).contains("pong"); // the backend's process is up
    String sid = session("mallory@example.com");
    CompletableFuture<Void> alice = CompletableFuture.runAsync(() -> {
      for (int i = 0; i < 5; i++) {
        try {
          assertThat(pingBack("alice@example.com").body()).contains("pong");
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    });
    for (String uri : new String[] {"docs://" + "/".repeat(8000), "repo://" + "/".repeat(8100)}) {
      long started = System.nanoTime();
      McpHttp.Reply r = read("mallory@example.com", sid, uri);
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      assertThat(r.json().getJsonObject("error").getInteger("code")).as(r.body()).isEqualTo(-32602);
      assertThat(r.json().getJsonObject("error").getString("message")).contains("Unknown resource");
      assertThat(millis).as("answered in %d ms", millis).isLessThan(1000);
    }
    alice.get(30, TimeUnit.SECONDS);
  }

  @Test
  void aUriBeyondTheRoutedLengthIsRefusedSayingSo() throws Exception {
    String sid = session("alice@example.com");
    McpHttp.Reply r = read("alice@example.com", sid, "repo://" + "/".repeat(200_000));
    JsonObject error = r.json().getJsonObject("error");
    assertThat(error.getInteger("code")).as(r.body()).isEqualTo(-32602);
    assertThat(error.getString("message")).contains("'uri' is 200007 characters long").contains("8192");
  }
}
