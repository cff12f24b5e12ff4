package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.support.McpHttp;
import dev.switchboard.support.NodePeer;
import dev.switchboard.support.TestHub;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A backend that dies after start-up: health probes open its circuit, its tools leave the lists (with
 * list_changed), calls to them fail at once with a clear error, the others keep serving, and it all comes
 * back when the backend does. The backend is the real TypeScript SDK fixture, killed and restarted.
 */
@Timeout(300) // a hang fails the test instead of the whole build
class BackendHealthIT {
  private static List<String> tools(McpHttp http) throws Exception {
    return http.modern("tools/list", null, new JsonObject()).json().getJsonObject("result").getJsonArray("tools")
        .stream().map(t -> ((JsonObject) t).getString("name")).toList();
  }

  /**
   * A compliant 2026-07-28 server (the TypeScript SDK's handler) answers {@code ping}, a removed method, with
   * 404 / -32601. Probed with it, the backend's circuit opened and its tools vanished a quarter of the time.
   * Fifty probes here (five minutes at the default interval): the tools never leave the list.
   */
  @Test
  void aCompliantModernBackendStaysListedThroughItsHealthProbes() throws Exception {
    int port = NodePeer.freePort();
    try (NodePeer fixture = NodePeer.fixture(port); TestHub hub = TestHub.start("""
        listen: {host: 127.0.0.1, port: 0}
        routing: {healthInterval: 100ms, unhealthyAfter: 2}
        backends:
          - {name: demo, type: builtin}
          - {name: fixture, type: http, url: "http://127.0.0.1:%d/mcp", timeout: 2s}
        """.formatted(port))) {
      McpHttp http = new McpHttp(hub.url());
      long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      int lists = 0;
      while (System.nanoTime() < until) {
        assertThat(tools(http)).as("list %d", lists++).contains("fixture__test_simple_text");
        Thread.sleep(50);
      }
      assertThat(hub.hub().catalogs().healthFailures("fixture")).isZero();
    }
  }

  @Test
  void aDeadBackendIsHiddenAndRefusedAtOnceUntilItComesBack() throws Exception {
    int port = NodePeer.freePort();
    NodePeer fixture = NodePeer.fixture(port);
    try (TestHub hub = TestHub.start("""
        listen: {host: 127.0.0.1, port: 0}
        admin: {port: 0}
        routing: {healthInterval: 300ms, unhealthyAfter: 2}
        backends:
          - {name: demo, type: builtin}
          - {name: fixture, type: http, url: "http://127.0.0.1:%d/mcp", connectTimeout: 200ms, timeout: 2s}
        """.formatted(port))) {
      McpHttp http = new McpHttp(hub.url());
      assertThat(tools(http)).contains("fixture__test_simple_text", "demo__echo");

      HttpResponse<InputStream> stream = http.stream(http.request().POST(HttpRequest.BodyPublishers.ofString(
              McpHttp.modernRequest("subscriptions/listen", new JsonObject().put("notifications",
                  new JsonObject().put("toolsListChanged", true))).encode()))
          .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
          .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "subscriptions/listen").build());
      McpHttp.SseReader listen = new McpHttp.SseReader(stream.body());
      assertThat(listen.next().getString("method")).isEqualTo("notifications/subscriptions/acknowledged");
      CompletableFuture<JsonObject> changed = CompletableFuture.supplyAsync(() -> {
        try {
          return listen.next();
        } catch (Exception e) {
          return null;
        }
      });

      fixture.close(); // the backend dies after start-up
      assertThat(changed.get(15, TimeUnit.SECONDS).getString("method")).isEqualTo("notifications/tools/list_changed");
      assertThat(tools(http)).contains("demo__echo").noneMatch(t -> t.startsWith("fixture__"));
      long start = System.nanoTime();
      McpHttp.Reply refused = http.modern("tools/call", "fixture__test_simple_text",
          new JsonObject().put("name", "fixture__test_simple_text").put("arguments", new JsonObject()));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
      assertThat(refused.json().getJsonObject("error").getString("message"))
          .isEqualTo("Backend 'fixture' is down; its tool 'fixture__test_simple_text' is back when the backend answers again");
      assertThat(http.modern("tools/call", "demo__echo", new JsonObject().put("name", "demo__echo")
          .put("arguments", new JsonObject().put("message", "still here"))).status()).isEqualTo(200);
      HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
          "http://127.0.0.1:" + hub.hub().adminPort() + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(new JsonObject(ready.body()).getJsonArray("backendsDown").getList()).containsExactly("fixture");
      // The refusal is counted for the backend it concerns, and the failure gauge keeps counting while it is down
      String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
          "http://127.0.0.1:" + hub.hub().adminPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
      assertThat(metrics.lines().filter(l -> l.startsWith("switchboard_requests_total{") && l.contains("backend=\"fixture\"")
          && l.contains("outcome=\"backend_error\"")).toList()).as(metrics).isNotEmpty();
      assertThat(hub.hub().catalogs().healthFailures("fixture")).isPositive();

      fixture = NodePeer.fixture(port); // and comes back
      await().atMost(Duration.ofSeconds(15)).until(() -> tools(http).contains("fixture__test_simple_text"));
      stream.body().close();
    } finally {
      fixture.close();
    }
  }
}
