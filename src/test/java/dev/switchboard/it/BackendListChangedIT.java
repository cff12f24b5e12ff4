package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.McpHttp;
import dev.switchboard.support.NodePeer;
import dev.switchboard.support.TestHub;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A backend announces a new tool: the hub re-reads its lists and tells exactly the clients who may see it. */
@Timeout(300) // a hang fails the test instead of the whole build
class BackendListChangedIT {
  @TempDir
  Path tmp;

  private static Map<String, String> headers(String method, String name, String user) {
    Map<String, String> h = new HashMap<>(McpHttp.modernHeaders(method, name));
    h.put("Tailscale-User-Login", user);
    return h;
  }

  private static CompletableFuture<JsonObject> nextEvent(McpHttp http, String user, List<HttpResponse<InputStream>> open)
      throws Exception {
    HttpRequest.Builder b = http.request().POST(HttpRequest.BodyPublishers.ofString(McpHttp.modernRequest(
        "subscriptions/listen", new JsonObject().put("notifications", new JsonObject().put("toolsListChanged", true)))
        .encode())).header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream");
    headers("subscriptions/listen", null, user).forEach(b::header);
    HttpResponse<InputStream> resp = http.stream(b.build());
    open.add(resp);
    McpHttp.SseReader reader = new McpHttp.SseReader(resp.body());
    assertThat(reader.next().getString("method")).isEqualTo("notifications/subscriptions/acknowledged");
    return CompletableFuture.supplyAsync(() -> {
      try {
        return reader.next();
      } catch (Exception e) {
        return null;
      }
    });
  }

  @Test
  void aBackendsListChangedReachesOnlyTheClientsWhoMaySeeTheChange() throws Exception {
    String fixture = NodePeer.nodeDir().resolve("stdio-fixture.mjs").toAbsolutePath().toString();
    List<HttpResponse<InputStream>> open = new java.util.ArrayList<>();
    try (TestHub hub = TestHub.start("""
        listen: {host: 127.0.0.1, port: 0}
        identity: {mode: serve-headers, trustedProxies: [127.0.0.1]}
        policy:
          rules:
            - {users: [alice@example.com], allow: {tools: ["*"]}}
            - {users: [bob@example.com], allow: {tools: ["demo__*"]}}
        backends:
          - {name: demo, type: builtin}
          - {name: fx, type: stdio, command: "%s", args: ["%s", "ok"], sharing: shared, stateDir: "%s"}
        """.formatted(NodePeer.node(), fixture, tmp.resolve("state")))) {
      McpHttp http = new McpHttp(hub.url());
      CompletableFuture<JsonObject> alice = nextEvent(http, "alice@example.com", open);
      CompletableFuture<JsonObject> bob = nextEvent(http, "bob@example.com", open);

      assertThat(http.post(McpHttp.modernRequest("tools/call", new JsonObject().put("name", "fx__grow")).encode(),
          headers("tools/call", "fx__grow", "alice@example.com")).status()).isEqualTo(200);

      assertThat(alice.get(10, TimeUnit.SECONDS).getString("method")).isEqualTo("notifications/tools/list_changed");
      JsonObject list = http.post(McpHttp.modernRequest("tools/list", new JsonObject()).encode(),
          headers("tools/list", null, "alice@example.com")).json();
      assertThat(list.encode()).contains("fx__extra");
      // bob may not see fx's tools: nothing changed for him, so he hears nothing.
      try {
        JsonObject heard = bob.get(1500, TimeUnit.MILLISECONDS);
        assertThat(heard).as("bob heard of a change he cannot see").isNull();
      } catch (TimeoutException expected) {
        // silence is right
      }
    } finally {
      for (HttpResponse<InputStream> r : open) {
        r.body().close();
      }
    }
  }
}
