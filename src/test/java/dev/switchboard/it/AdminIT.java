package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.McpHttp;
import dev.switchboard.support.NodePeer;
import dev.switchboard.support.TestHub;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The operators' listener: Prometheus metrics that follow the calls, health and readiness. */
@Timeout(300) // a hang fails the test instead of the whole build
class AdminIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HttpResponse<String> admin(TestHub hub, String path, String accept) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.hub().adminPort() + path))
        .timeout(java.time.Duration.ofSeconds(10));
    if (accept != null) {
      b.header("Accept", accept);
    }
    return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static McpHttp.Reply call(McpHttp http, String tool) throws Exception {
    return http.modern("tools/call", tool, new JsonObject().put("name", tool)
        .put("arguments", new JsonObject().put("message", "m")));
  }

  @Test
  void metricsFollowTheCallsWithBoundedLabels() throws Exception {
    try (TestHub hub = TestHub.start("""
        listen: {host: 127.0.0.1, port: 0}
        admin: {port: 0}
        policy: {rules: [{users: [dev@localhost], allow: {tools: [echo, add]}}]}
        limits: {tools: [{tool: add, perMinute: 60, burst: 1}]}
        backends:
          - {name: demo, type: builtin}
        """)) {
      McpHttp http = new McpHttp(hub.url());
      assertThat(call(http, "echo").status()).isEqualTo(200);
      call(http, "whoami");                 // denied: looks unknown to the client, counted as a denial
      call(http, "no-such-tool");           // unknown: never becomes a label
      call(http, "add");
      assertThat(call(http, "add").status()).isEqualTo(429);
      http.modern("tools/list", null, new JsonObject());

      HttpResponse<String> metrics = admin(hub, "/metrics", null);
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
      String text = metrics.body();
      assertThat(text).contains(
          "switchboard_requests_total{backend=\"demo\",era=\"modern\",method=\"tools/call\",outcome=\"ok\"} 1.0",
          // add without numbers: a JSON-RPC success whose result says isError
          "switchboard_requests_total{backend=\"demo\",era=\"modern\",method=\"tools/call\",outcome=\"tool_error\"} 1.0",
          "switchboard_tool_calls_total{backend=\"demo\",outcome=\"ok\",tool=\"echo\"} 1.0",
          "switchboard_authorization_denials_total{kind=\"tool\"} 1.0",
          "switchboard_rate_limited_total{backend=\"demo\",limit_kind=\"user-tool\"} 1.0",
          "switchboard_request_duration_seconds_bucket{",
          "switchboard_sessions_active ",
          "switchboard_backends_up 1.0",
          "jvm_memory_used_bytes");
      assertThat(text).doesNotContain("no-such-tool").doesNotContain("whoami");

      HttpResponse<String> open = admin(hub, "/metrics", "application/openmetrics-text; version=1.0.0");
      assertThat(open.headers().firstValue("Content-Type").orElse("")).startsWith("application/openmetrics-text");
      assertThat(open.body().strip()).endsWith("# EOF");
    }
  }

  @Test
  void healthAndReadinessReflectTheBackends() throws Exception {
    int nothingThere = NodePeer.freePort();
    try (TestHub up = TestHub.start("listen: {host: 127.0.0.1, port: 0}\nadmin: {port: 0}\nbackends: [{name: demo, type: builtin}]\n");
         TestHub down = TestHub.start("""
             listen: {host: 127.0.0.1, port: 0}
             admin: {port: 0}
             backends:
               - {name: gone, type: http, url: "http://127.0.0.1:%d/mcp", connectTimeout: 500ms, timeout: 1s}
             """.formatted(nothingThere))) {
      assertThat(admin(up, "/healthz", null).statusCode()).isEqualTo(200);
      assertThat(admin(up, "/readyz", null).statusCode()).isEqualTo(200);
      assertThat(admin(down, "/healthz", null).statusCode()).isEqualTo(200);
      HttpResponse<String> notReady = admin(down, "/readyz", null);
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(new JsonObject(notReady.body()).getJsonArray("backendsDown").getList()).containsExactly("gone");
      assertThat(admin(down, "/metrics", null).body()).contains("switchboard_backends_up 0.0");
      HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + up.hub().adminPort() + "/metrics")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(posted.statusCode()).isEqualTo(405);
      assertThat(posted.headers().firstValue("Allow")).contains("GET, HEAD");
    }
  }
}
