package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.support.McpHttp;
import dev.switchboard.support.TestHub;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Per-user caps on what a user may hold open at once: legacy sessions, and streams (GET and listen). */
@Timeout(300) // a hang fails the test instead of the whole build
class UserQuotasIT {
  private static final String CONFIG = """
      listen: {host: 127.0.0.1, port: 0}
      limits: {maxSessionsPerUser: 2, maxStreamsPerUser: 1}
      backends:
        - {name: demo, type: builtin}
      """;

  @Test
  void aUserMayHoldOnlySoManySessions() throws Exception {
    try (TestHub hub = TestHub.start(CONFIG)) {
      McpHttp http = new McpHttp(hub.url());
      String first = http.initialize("2025-11-25");
      http.initialize("2025-11-25");
      McpHttp.Reply third = http.post(McpHttp.request("initialize", new JsonObject().put("protocolVersion", "2025-11-25")
          .put("capabilities", new JsonObject()).put("clientInfo", new JsonObject().put("name", "x").put("version", "1")))
          .encode(), Map.of());
      assertThat(third.status()).isEqualTo(429);
      JsonObject error = third.json().getJsonObject("error");
      assertThat(error.getString("message")).isEqualTo(
          "Rate limit exceeded (sessions: at most 2 sessions per user); close one first");
      assertThat(error.getJsonObject("data").getString("limit")).isEqualTo("sessions");
      assertThat(third.header("Retry-After")).isEqualTo("1");

      http.send("DELETE", Map.of("Mcp-Session-Id", first, "MCP-Protocol-Version", "2025-11-25"));
      assertThat(http.initialize("2025-11-25")).isNotNull();
    }
  }

  @Test
  void aUserMayHoldOnlySoManyOpenStreamsOfEitherKind() throws Exception {
    try (TestHub hub = TestHub.start(CONFIG)) {
      McpHttp http = new McpHttp(hub.url());
      String a = http.initialize("2025-11-25");
      String b = http.initialize("2025-11-25");
      HttpResponse<InputStream> stream = getStream(http, a);
      assertThat(stream.statusCode()).isEqualTo(200);

      HttpResponse<InputStream> second = getStream(http, b);
      assertThat(second.statusCode()).isEqualTo(429);
      assertThat(new String(second.body().readAllBytes())).contains("at most 1 open streams per user");
      McpHttp.Reply listen = http.modern("subscriptions/listen", null,
          new JsonObject().put("notifications", new JsonObject().put("toolsListChanged", true)));
      assertThat(listen.status()).isEqualTo(429);

      stream.body().close(); // the client goes away: its slot is free again
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        HttpResponse<InputStream> again = getStream(http, b);
        again.body().close();
        return again.statusCode() == 200;
      });
    }
  }

  @Test
  void aBackendTakesOnlySoManyConcurrentCallsAndRefusesTheRestAtOnce() throws Exception {
    try (TestHub hub = demoTakingAtOnce(1)) {
      McpHttp http = new McpHttp(hub.url());
      var slow = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try {
          return http.modern("tools/call", "wait", new JsonObject().put("name", "wait")
              .put("arguments", new JsonObject().put("ms", 1500))).status();
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      await().atMost(Duration.ofSeconds(10)).until(() -> hub.hub().pipeline().inFlight() == 1);
      McpHttp.Reply refused = http.modern("tools/call", "echo", new JsonObject().put("name", "echo")
          .put("arguments", new JsonObject().put("message", "m")));
      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.json().getJsonObject("error").getString("message"))
          .isEqualTo("Backend 'demo' is at its limit of 1 concurrent calls; retry shortly");
      assertThat(slow.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
      assertThat(http.modern("tools/call", "echo", new JsonObject().put("name", "echo")
          .put("arguments", new JsonObject().put("message", "m"))).status()).isEqualTo(200);
    }
  }

  @Test
  void aCallRefusedOnItsWayToTheBackendGivesItsPlaceBack() throws Exception {
    // Each forged requestState once kept a place among the backend's concurrent calls for good: after
    // maxConcurrent of them the backend refused everyone, until a restart.
    try (TestHub hub = demoTakingAtOnce(2)) {
      McpHttp http = new McpHttp(hub.url());
      JsonObject forged = new JsonObject().put("name", "echo").put("arguments", new JsonObject().put("message", "m"))
          .put("requestState", "forged.token");
      for (int i = 0; i < 5; i++) {
        assertThat(http.modern("tools/call", "echo", forged).json().getJsonObject("error").getInteger("code"))
            .isEqualTo(-32602);
      }
      assertThat(http.modern("tools/call", "echo", new JsonObject().put("name", "echo")
          .put("arguments", new JsonObject().put("message", "m"))).status()).isEqualTo(200);
    }
  }

  /** A hub whose one backend, the demo, takes at most {@code max} calls at once. */
  private static TestHub demoTakingAtOnce(int max) throws Exception {
    return TestHub.start("""
        listen: {host: 127.0.0.1, port: 0}
        backends:
          - {name: demo, type: builtin, maxConcurrent: %d}
        """.formatted(max));
  }

  private static HttpResponse<InputStream> getStream(McpHttp http, String sid) throws Exception {
    return http.stream(http.request().GET().header("Accept", "text/event-stream").header("Mcp-Session-Id", sid)
        .header("MCP-Protocol-Version", "2025-11-25").build());
  }
}
