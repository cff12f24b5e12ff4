package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.McpHttp;
import dev.switchboard.support.NodePeer;
import dev.switchboard.support.TestHub;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A backend's error keeps the HTTP status its era gives it: the TypeScript SDK's 2026-07-28 handler answers
 * a call that needs a client capability the request did not declare with 400 / -32021, and a 2026-07-28
 * client of the hub hears the same; a legacy client hears it the legacy way, as a JSON-RPC error.
 */
@Timeout(120)
class ErrorStatusIT {
  private static NodePeer fixture;
  private static TestHub hub;

  @BeforeAll
  static void start() throws Exception {
    int port = NodePeer.freePort();
    fixture = NodePeer.fixture(port);
    hub = TestHub.start("""
        listen: {host: 127.0.0.1, port: 0}
        backends:
          - {name: fx, type: http, url: "http://127.0.0.1:%d/mcp"}
        """.formatted(port));
  }

  @AfterAll
  static void stop() throws Exception {
    hub.close();
    fixture.close();
  }

  private static final JsonObject ELICIT = new JsonObject().put("name", "test_elicitation")
      .put("arguments", new JsonObject().put("message", "ok?"));

  @Test
  void aModernBackendsMissingCapabilityErrorIs400ForAModernClient() throws Exception {
    McpHttp.Reply r = new McpHttp(hub.url()).modern("tools/call", "test_elicitation", ELICIT);
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    JsonObject error = r.json().getJsonObject("error");
    assertThat(error.getInteger("code")).isEqualTo(-32021);
    assertThat(error.getJsonObject("data").encode()).contains("requiredCapabilities");
  }

  @Test
  void aLegacyClientHearsTheSameErrorTheLegacyWay() throws Exception {
    McpHttp http = new McpHttp(hub.url());
    McpHttp.Reply r = http.legacy(http.initialize("2025-11-25"), "tools/call", ELICIT);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("-32021");
  }
}
