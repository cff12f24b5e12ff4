package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.McpHttp;
import dev.switchboard.support.NodePeer;
import dev.switchboard.support.TestHub;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Calls end when the client says so, and a backend that goes away fails its calls at once. */
@Timeout(300) // a hang fails the test instead of the whole build
class CancellationIT {
  private static final String CONFIG = """
      listen: {host: 127.0.0.1, port: 0}
      sessions: {idleTimeout: 1m}
      backends:
        - {name: demo, type: builtin}
      """;

  private static void awaitNoneInFlight(TestHub hub, long withinMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + withinMillis;
    while (hub.hub().pipeline().inFlight() > 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertThat(hub.hub().pipeline().inFlight()).isZero();
  }

  @Test
  void closingAModernResponseStreamCancelsTheCall() throws Exception {
    try (TestHub hub = TestHub.start(CONFIG)) {
      McpHttp http = new McpHttp(hub.url());
      JsonObject call = McpHttp.modernRequest("tools/call", new JsonObject().put("name", "wait")
          .put("arguments", new JsonObject().put("ms", 20_000)).put("_meta", new JsonObject().put("progressToken", 1)));
      HttpRequest.Builder b = http.request().POST(HttpRequest.BodyPublishers.ofString(call.encode()))
          .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream");
      McpHttp.modernHeaders("tools/call", "wait").forEach(b::header);
      HttpResponse<InputStream> stream = http.stream(b.build());
      new McpHttp.SseReader(stream.body()).next(); // the call is running and streaming progress
      assertThat(hub.hub().pipeline().inFlight()).isEqualTo(1);
      stream.body().close();
      awaitNoneInFlight(hub, 5_000); // far sooner than the 20 s the call would have taken
    }
  }

  @Test
  void aLegacyCancelledNotificationCancelsTheCall() throws Exception {
    try (TestHub hub = TestHub.start(CONFIG)) {
      McpHttp http = new McpHttp(hub.url());
      String sid = http.initialize("2025-11-25");
      JsonObject call = McpHttp.request("tools/call", new JsonObject().put("name", "wait")
          .put("arguments", new JsonObject().put("ms", 20_000)));
      HttpRequest post = http.request().POST(HttpRequest.BodyPublishers.ofString(call.encode()))
          .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
          .header("Mcp-Session-Id", sid).build();
      var pending = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try {
          return http.stream(post);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      long deadline = System.currentTimeMillis() + 5_000;
      while (hub.hub().pipeline().inFlight() == 0 && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      McpHttp.Reply none = http.post(new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/cancelled")
          .put("params", new JsonObject().put("reason", "no id")).encode(), Map.of("Mcp-Session-Id", sid));
      assertThat(none.status()).as("names no request: cancels nothing (was a NullPointerException, 500)").isEqualTo(202);
      assertThat(hub.hub().pipeline().inFlight()).isEqualTo(1);
      McpHttp.Reply r = http.post(new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/cancelled")
          .put("params", new JsonObject().put("requestId", call.getValue("id"))).encode(), Map.of("Mcp-Session-Id", sid));
      assertThat(r.status()).isEqualTo(202);
      awaitNoneInFlight(hub, 5_000);
      pending.get();
    }
  }

  @Test
  void aBackendThatGoesAwayFailsItsCallsAtOnceAndTheOthersKeepServing() throws Exception {
    int port = NodePeer.freePort();
    NodePeer fixture = NodePeer.fixture(port);
    try (TestHub hub = TestHub.start("""
        listen: {host: 127.0.0.1, port: 0}
        backends:
          - {name: demo, type: builtin}
          - {name: fixture, type: http, url: "http://127.0.0.1:%d/mcp", timeout: 10s}
        """.formatted(port))) {
      McpHttp http = new McpHttp(hub.url());
      assertThat(http.modern("tools/call", "fixture__test_simple_text", new JsonObject().put("name",
          "fixture__test_simple_text")).json().getJsonObject("result")).isNotNull();
      fixture.close();
      long t0 = System.nanoTime();
      McpHttp.Reply gone = http.modern("tools/call", "fixture__test_simple_text", new JsonObject().put("name",
          "fixture__test_simple_text"));
      assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5_000);
      assertThat(gone.json().getJsonObject("error").getString("message")).contains("fixture").contains("unavailable");
      assertThat(http.modern("tools/call", "demo__echo", new JsonObject().put("name", "demo__echo")
          .put("arguments", new JsonObject().put("message", "still here"))).json().getJsonObject("result")).isNotNull();
    } finally {
      fixture.close();
    }
  }
}
