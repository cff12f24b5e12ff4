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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A user whose backend hangs does not delay anyone else: while one user's calls sit in a server-everything
 * process (stdio, one per user) that takes 20 s to answer, another user's calls to the same backend are
 * answered at their own pace. The hub's event loop, its pools and its limits are shared; none of them
 * may let one user's waiting become everyone's.
 */
@Timeout(120)
class UserIsolationIT {
  private static McpHttp.Reply call(TestHub hub, String user, String tool, JsonObject args) throws Exception {
    Map<String, String> headers = new HashMap<>(McpHttp.modernHeaders("tools/call", tool));
    headers.put("Tailscale-User-Login", user);
    return new McpHttp(hub.url()).post(McpHttp.modernRequest("tools/call", new JsonObject().put("name", tool)
        .put("arguments", args)).encode(), headers);
  }

  @Test
  void oneUsersHangingCallsDoNotDelayAnotherUsersCalls() throws Exception {
    String everything = NodePeer.nodeDir().resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js")
        .toAbsolutePath().toString();
    try (TestHub hub = TestHub.start("""
        listen: {host: 127.0.0.1, port: 0}
        identity: {mode: serve-headers, trustedProxies: [127.0.0.1]}
        policy: {rules: [{users: ["*"], allow: {tools: ["*"]}}]}
        limits: {enabled: false}
        backends:
          - {name: ev, type: stdio, command: "%s", args: ["%s", "stdio"], timeout: 60s}
        """.formatted(NodePeer.node(), everything))) {
      // Both users' processes are up first, so only the calls themselves are measured.
      assertThat(call(hub, "alice@example.com", "get-sum", new JsonObject().put("a", 1).put("b", 1)).body()).contains("2");
      assertThat(call(hub, "bob@example.com", "get-sum", new JsonObject().put("a", 1).put("b", 1)).body()).contains("2");

      List<CompletableFuture<McpHttp.Reply>> waiting = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        waiting.add(CompletableFuture.supplyAsync(() -> {
          try {
            return call(hub, "alice@example.com", "trigger-long-running-operation",
                new JsonObject().put("duration", 20).put("steps", 2));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }));
      }
      Thread.sleep(500); // alice's calls are in her process now
      for (int i = 0; i < 10; i++) {
        long started = System.nanoTime();
        McpHttp.Reply bob = call(hub, "bob@example.com", "get-sum", new JsonObject().put("a", i).put("b", 1));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(bob.body()).contains(String.valueOf(i + 1));
        assertThat(millis).as("bob's call %d while alice waits", i).isLessThan(5_000);
      }
      assertThat(waiting).as("alice's calls are still running").noneMatch(CompletableFuture::isDone);
    }
  }
}
