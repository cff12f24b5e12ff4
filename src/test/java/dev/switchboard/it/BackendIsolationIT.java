package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.backend.HttpBackend;
import dev.switchboard.support.McpHttp;
import dev.switchboard.support.NodePeer;
import dev.switchboard.support.TestHub;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A real 2025-era HTTP backend with sessions (server-everything): one backend session per user, never shared. */
@Timeout(300) // a hang fails the test instead of the whole build
class BackendIsolationIT {
  private static NodePeer everything;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    port = NodePeer.freePort();
    everything = NodePeer.everything(port);
  }

  @AfterAll
  static void stop() {
    everything.close();
  }

  private static String config(String sharing) {
    return config(sharing, "1s");
  }

  private static String config(String sharing, String idleTimeout) {
    return """
        listen: {host: 127.0.0.1, port: 0}
        identity: {mode: serve-headers, trustedProxies: [127.0.0.1]}
        policy: {rules: [{users: ["*"], allow: {tools: ["*"]}}]}
        routing: {healthInterval: 1h}
        backends:
          - {name: ev, type: http, url: "http://127.0.0.1:%d/mcp", sharing: %s, idleTimeout: %s}
        """.formatted(port, sharing, idleTimeout);
  }

  private static int sum(TestHub hub, String user) throws Exception {
    return sumReply(hub, user).status();
  }

  private static McpHttp.Reply sumReply(TestHub hub, String user) throws Exception {
    Map<String, String> headers = new HashMap<>(McpHttp.modernHeaders("tools/call", "get-sum"));
    headers.put("Tailscale-User-Login", user);
    return new McpHttp(hub.url()).post(McpHttp.modernRequest("tools/call", new JsonObject().put("name", "get-sum")
        .put("arguments", new JsonObject().put("a", 1).put("b", 2))).encode(), headers);
  }

  /** The text of a successful get-sum call's result (fails on a JSON-RPC error). */
  private static String sumText(TestHub hub, String user) throws Exception {
    JsonObject reply = sumReply(hub, user).json();
    assertThat(reply.getJsonObject("error")).as("error in %s", reply).isNull();
    return reply.getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text");
  }

  private static HttpBackend ev(TestHub hub) {
    return (HttpBackend) hub.hub().pool().get("ev").orElseThrow();
  }

  @Test
  void eachUserGetsABackendSessionOfTheirOwnEndedWhenIdle() throws Exception {
    try (TestHub hub = TestHub.start(config("per-user"))) {
      assertThat(sum(hub, "alice@example.com")).isEqualTo(200);
      assertThat(sum(hub, "bob@example.com")).isEqualTo(200);
      HttpBackend ev = ev(hub);
      String alice = ev.sessionOf("alice@example.com");
      String bob = ev.sessionOf("bob@example.com");
      assertThat(alice).isNotBlank();
      assertThat(bob).isNotBlank().isNotEqualTo(alice).isNotEqualTo(ev.sessionOf(""));
      assertThat(sum(hub, "alice@example.com")).isEqualTo(200);
      assertThat(ev.sessionOf("alice@example.com")).isEqualTo(alice); // reused, not re-opened

      await().atMost(Duration.ofSeconds(10)).until(() -> ev.sessionOf("alice@example.com") == null);
      assertThat(sum(hub, "alice@example.com")).isEqualTo(200); // a fresh one on the next call
      assertThat(ev.sessionOf("alice@example.com")).isNotBlank().isNotEqualTo(alice);
    }
  }

  /**
   * A server restarted between two calls (faster than health checks notice) has forgotten the session the
   * hub still holds. server-everything, like much code built from the SDK's examples, then answers 400
   * "No valid session ID provided" rather than the 404 the spec asks for; either way the server ran nothing.
   */
  @Test
  void aServerRestartedBetweenTwoCallsGetsANewSessionAndTheCallGoesThrough() throws Exception {
    try (TestHub hub = TestHub.start(config("per-user", "1h"))) {
      assertThat(sumText(hub, "alice@example.com")).contains("3");
      String before = ev(hub).sessionOf("alice@example.com");
      assertThat(before).isNotBlank();

      everything.close();
      everything = NodePeer.everything(port);

      // Several calls at once, all sent with the lost session: each goes through on the one new session.
      List<CompletableFuture<String>> calls = IntStream.range(0, 6).mapToObj(n -> CompletableFuture.supplyAsync(() -> {
        try {
          return sumText(hub, "alice@example.com");
        } catch (Exception e) {
          throw new CompletionException(e);
        }
      })).toList();
      for (CompletableFuture<String> call : calls) {
        assertThat(call.get(30, TimeUnit.SECONDS)).contains("3");
      }
      String after = ev(hub).sessionOf("alice@example.com");
      assertThat(after).isNotBlank().isNotEqualTo(before);
      assertThat(sumText(hub, "alice@example.com")).contains("3");
      assertThat(ev(hub).sessionOf("alice@example.com")).isEqualTo(after);
    }
  }

  @Test
  void perClientSessionGivesEachOfAUsersClientSessionsItsOwnBackendSession() throws Exception {
    try (TestHub hub = TestHub.start(config("per-client-session"))) {
      McpHttp http = new McpHttp(hub.url());
      String first = legacySession(http, "alice@example.com");
      String second = legacySession(http, "alice@example.com");
      assertThat(legacySum(http, "alice@example.com", first)).isEqualTo(200);
      assertThat(legacySum(http, "alice@example.com", second)).isEqualTo(200);
      HttpBackend ev = ev(hub);
      assertThat(ev.sessionOf("alice@example.com#" + first)).isNotBlank()
          .isNotEqualTo(ev.sessionOf("alice@example.com#" + second));
      assertThat(sum(hub, "alice@example.com")).isEqualTo(200); // a 2026-07-28 client has no session: per user
      assertThat(ev.sessionOf("alice@example.com")).isNotBlank();
    }
  }

  private static String legacySession(McpHttp http, String user) throws Exception {
    McpHttp.Reply r = http.post(McpHttp.request("initialize", new JsonObject().put("protocolVersion", "2025-11-25")
        .put("capabilities", new JsonObject()).put("clientInfo", new JsonObject().put("name", "x").put("version", "1")))
        .encode(), Map.of("Tailscale-User-Login", user));
    return r.header("Mcp-Session-Id");
  }

  private static int legacySum(McpHttp http, String user, String sid) throws Exception {
    return http.post(McpHttp.request("tools/call", new JsonObject().put("name", "get-sum")
            .put("arguments", new JsonObject().put("a", 1).put("b", 2))).encode(),
        Map.of("Tailscale-User-Login", user, "Mcp-Session-Id", sid, "MCP-Protocol-Version", "2025-11-25")).status();
  }

  @Test
  void sharedBackendsUseTheHubsOneSession() throws Exception {
    try (TestHub hub = TestHub.start(config("shared"))) {
      assertThat(sum(hub, "alice@example.com")).isEqualTo(200);
      assertThat(sum(hub, "bob@example.com")).isEqualTo(200);
      assertThat(ev(hub).sessionOf("alice@example.com")).isNull();
      assertThat(ev(hub).sessionOf("")).isNotBlank();
    }
  }
}
