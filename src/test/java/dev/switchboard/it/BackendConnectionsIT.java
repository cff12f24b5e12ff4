package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.McpHttp;
import dev.switchboard.support.NodePeer;
import dev.switchboard.support.TestHub;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What holds a backend's connections, against server-everything over streamable HTTP, with many users (from
 * a trusted local {@code tailscale serve}'s headers). Users' long-lived streams and calls left waiting for a
 * client's input must not take the connections everyone's calls need: once they did, and every call to
 * the backend waited for its deadline.
 */
@Timeout(300) // a hang fails the test instead of the whole build
class BackendConnectionsIT {
  private static final String ELICIT = "trigger-elicitation-request";
  private static NodePeer everything;
  private static TestHub hub;

  @BeforeAll
  static void start() throws Exception {
    int port = NodePeer.freePort();
    everything = NodePeer.everything(port);
    hub = TestHub.start("""
        listen: {host: 127.0.0.1, port: 0, requestTimeout: 10s}
        identity: {mode: serve-headers, trustedProxies: [127.0.0.1]}
        policy:
          rules:
            - {users: ['*'], allow: {tools: ['*'], prompts: ['*'], resources: ['*']}}
        backends:
          - {name: small, type: http, url: "http://127.0.0.1:%1$d/mcp", maxConcurrent: 2, maxStreams: 21}
          - {name: big, type: http, url: "http://127.0.0.1:%1$d/mcp"}
        """.formatted(port));
  }

  @AfterAll
  static void stop() throws Exception {
    hub.close();
    everything.close();
  }

  @Test
  void usersStreamsLeaveTheConnectionsCallsNeedAndBeyondTheirLimitAreRefusedAtOnce() throws Exception {
    McpHttp http = new McpHttp(hub.url());
    String uri = http.post(McpHttp.modernRequest("resources/list", new JsonObject()).encode(),
            as("alice", McpHttp.modernHeaders("resources/list", null))).json().getJsonObject("result")
        .getJsonArray("resources").getJsonObject(0).getString("uri");
    // 20 users follow a resource: each has a backend session of their own, and its GET stream, open (the
    // hub's own session holds the 21st) — more streams than the call pool (maxConcurrent 2 + the hub's own
    // requests) has connections.
    for (int i = 0; i < 20; i++) {
      JsonObject answer = subscribe(http, "user" + i, uri);
      assertThat(answer.getJsonObject("result")).as(answer.encode()).isNotNull();
    }
    long t0 = System.nanoTime();
    JsonObject echoed = http.post(McpHttp.modernRequest("tools/call", new JsonObject().put("name", "small__echo")
        .put("arguments", new JsonObject().put("message", "still here"))).encode(),
        as("late", McpHttp.modernHeaders("tools/call", "small__echo"))).json();
    assertThat(echoed.encode()).contains("Echo: still here");
    JsonObject refused = subscribe(http, "one-too-many", uri);
    assertThat(refused.getJsonObject("error").getString("message"))
        .contains("21 streams open, its limit (backends[].maxStreams)");
    assertThat((System.nanoTime() - t0) / 1_000_000).as("neither waits for the 10 s deadline").isLessThan(5_000);
  }

  @Test
  void aUsersCallsLeftWaitingForInputEndOldestFirstBeyondEight() throws Exception {
    McpHttp http = new McpHttp(hub.url());
    List<JsonObject> paused = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      paused.add(elicit(http, "bob", "big__" + ELICIT, null, null));
      assertThat(paused.get(i)).as("call " + i).isNotNull();
      assertThat(paused.get(i).getString("resultType")).as(paused.get(i).encode()).isEqualTo("input_required");
    }
    for (int i = 0; i < 2; i++) {
      JsonObject gone = answer(http, "bob", "big__" + ELICIT, paused.get(i));
      assertThat(gone.encode()).as("the oldest two were ended").contains("is gone");
    }
    JsonObject resumed = answer(http, "bob", "big__" + ELICIT, paused.get(9));
    assertThat(resumed.getJsonObject("result").getString("resultType")).as(resumed.encode()).isEqualTo("complete");
  }

  @Test
  void callsWaitingForInputCountAgainstTheBackendsConcurrencyLimit() throws Exception {
    McpHttp http = new McpHttp(hub.url());
    JsonObject first = elicit(http, "carol", "small__" + ELICIT, null, null);
    JsonObject second = elicit(http, "carol", "small__" + ELICIT, null, null);
    assertThat(second.getString("resultType")).isEqualTo("input_required");
    McpHttp.Reply limited = http.post(McpHttp.modernRequest("tools/call", new JsonObject().put("name", "small__echo")
        .put("arguments", new JsonObject().put("message", "x"))).encode(), as("dave", McpHttp.modernHeaders("tools/call", "small__echo")));
    assertThat(limited.status()).as(limited.body()).isEqualTo(429);
    assertThat(limited.json().getJsonObject("error").getJsonObject("data").getString("limit"))
        .isEqualTo("backend-concurrency:small");
    for (JsonObject waiting : List.of(first, second)) { // a retry takes its waiting call's place: not refused
      JsonObject done = answer(http, "carol", "small__" + ELICIT, waiting);
      assertThat(done.getJsonObject("result").getString("resultType")).as(done.encode()).isEqualTo("complete");
    }
    McpHttp.Reply after = http.post(McpHttp.modernRequest("tools/call", new JsonObject().put("name", "small__echo")
        .put("arguments", new JsonObject().put("message", "x"))).encode(), as("dave", McpHttp.modernHeaders("tools/call", "small__echo")));
    assertThat(after.status()).as(after.body()).isEqualTo(200);
  }

  @Test
  void anSseBackendServesAsManyUsersAsItsStreamLimitAllows() throws Exception {
    int port = NodePeer.freePort();
    try (NodePeer sse = NodePeer.everythingSse(port); TestHub sseHub = TestHub.start("""
        listen: {host: 127.0.0.1, port: 0}
        identity: {mode: serve-headers, trustedProxies: [127.0.0.1]}
        policy:
          rules:
            - {users: ['*'], allow: {tools: ['*'], prompts: ['*'], resources: ['*']}}
        backends:
          - {name: wide, type: sse, url: "http://127.0.0.1:%1$d/sse"}
          - {name: narrow, type: sse, url: "http://127.0.0.1:%1$d/sse", maxStreams: 3}
        """.formatted(port))) {
      McpHttp http = new McpHttp(sseHub.url());
      // An event stream per user: once refused past 50 users as "50 processes" (stdio's limit)
      for (int i = 0; i < 55; i++) {
        assertThat(echo(http, "user" + i, "wide__echo").encode()).as("user " + i).contains("Echo: hi");
      }
      // The catalog's own stream and two users' fill 'narrow'
      assertThat(echo(http, "user0", "narrow__echo").encode()).contains("Echo: hi");
      assertThat(echo(http, "user1", "narrow__echo").encode()).contains("Echo: hi");
      assertThat(echo(http, "user2", "narrow__echo").getJsonObject("error").getString("message"))
          .contains("limit of 3 event streams (backends[].maxStreams)");
    }
  }

  private static JsonObject echo(McpHttp http, String user, String tool) throws Exception {
    return http.post(McpHttp.modernRequest("tools/call", new JsonObject().put("name", tool)
        .put("arguments", new JsonObject().put("message", "hi"))).encode(),
        as(user, McpHttp.modernHeaders("tools/call", tool))).json();
  }

  private static Map<String, String> as(String user, Map<String, String> headers) {
    Map<String, String> h = new HashMap<>(headers);
    h.put("Tailscale-User-Login", user + "@example.com");
    return h;
  }

  /** A legacy session of {@code user}'s own that subscribes to {@code uri}; the subscribe's answer. */
  private static JsonObject subscribe(McpHttp http, String user, String uri) throws Exception {
    McpHttp.Reply init = http.post(McpHttp.request("initialize", new JsonObject().put("protocolVersion", "2025-11-25")
        .put("capabilities", new JsonObject())).encode(), as(user, Map.of()));
    Map<String, String> session = as(user, Map.of("Mcp-Session-Id", init.header("Mcp-Session-Id"),
        "MCP-Protocol-Version", "2025-11-25"));
    http.post(new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/initialized").encode(), session);
    return http.post(McpHttp.request("resources/subscribe", new JsonObject().put("uri", uri)).encode(), session).json();
  }

  /** A 2026-07-28 call of an eliciting tool, or its retry with {@code state} and {@code responses}. */
  private static JsonObject elicit(McpHttp http, String user, String tool, String state, JsonObject responses)
      throws Exception {
    JsonObject params = new JsonObject().put("name", tool).put("arguments", new JsonObject());
    if (state != null) {
      params.put("requestState", state).put("inputResponses", responses);
    }
    JsonObject request = McpHttp.modernRequest("tools/call", params);
    request.getJsonObject("params").getJsonObject("_meta").put("io.modelcontextprotocol/clientCapabilities",
        new JsonObject().put("elicitation", new JsonObject()));
    JsonObject reply = http.post(request.encode(), as(user, McpHttp.modernHeaders("tools/call", tool))).json();
    if (state == null && reply.getJsonObject("result") == null) {
      throw new AssertionError("no result: " + reply.encode());
    }
    return state == null ? reply.getJsonObject("result") : reply;
  }

  /** Answers a paused call's elicitation by declining it; the retry's whole reply. */
  private static JsonObject answer(McpHttp http, String user, String tool, JsonObject inputRequired) throws Exception {
    String key = inputRequired.getJsonObject("inputRequests").fieldNames().iterator().next();
    return elicit(http, user, tool, inputRequired.getString("requestState"),
        new JsonObject().put(key, new JsonObject().put("action", "decline")));
  }
}
