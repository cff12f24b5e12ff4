package dev.switchboard.it;

import static dev.switchboard.support.McpHttp.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.McpHttp;
import dev.switchboard.support.TestHub;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The session-based revisions on the wire: sessions, streams, resumption, and what bad input gets. */
@Timeout(300) // a hang fails the test instead of the whole build
class LegacyEndpointIT {
  private static TestHub hub;
  private static McpHttp http;

  @BeforeAll
  static void start() throws Exception {
    hub = TestHub.demo();
    http = new McpHttp(hub.url());
  }

  @AfterAll
  static void stop() throws Exception {
    hub.close();
  }

  @Test
  void initializeNegotiatesTheClientsVersionOrOffersTheNewest() throws Exception {
    for (String v : List.of("2025-11-25", "2025-06-18", "2025-03-26")) {
      McpHttp.Reply r = http.post(request("initialize", new JsonObject().put("protocolVersion", v)
          .put("capabilities", new JsonObject())).encode(), Map.of());
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().getJsonObject("result").getString("protocolVersion")).isEqualTo(v);
      assertThat(r.header("Mcp-Session-Id")).matches("[\\x21-\\x7e]{32,}");
    }
    McpHttp.Reply old = http.post(request("initialize", new JsonObject().put("protocolVersion", "2024-01-01")
        .put("capabilities", new JsonObject())).encode(), Map.of());
    assertThat(old.json().getJsonObject("result").getString("protocolVersion")).isEqualTo("2025-11-25");
  }

  @Test
  void requestsWithoutASessionAre400AndUnknownSessionsAre404() throws Exception {
    McpHttp.Reply none = http.post(request("tools/list", new JsonObject()).encode(),
        Map.of("MCP-Protocol-Version", "2025-11-25"));
    assertThat(none.status()).isEqualTo(400);
    assertThat(none.json().getJsonObject("error").getString("message")).contains("Mcp-Session-Id");
    McpHttp.Reply unknown = http.legacy("no-such-session", "tools/list", new JsonObject());
    assertThat(unknown.status()).isEqualTo(404);
  }

  @Test
  void deleteEndsTheSession() throws Exception {
    String sid = http.initialize("2025-11-25");
    assertThat(http.legacy(sid, "ping", new JsonObject()).status()).isEqualTo(200);
    assertThat(http.send("DELETE", Map.of("Mcp-Session-Id", sid)).status()).isEqualTo(204);
    assertThat(http.legacy(sid, "ping", new JsonObject()).status()).isEqualTo(404);
  }

  @Test
  void idleSessionsAreReaped() throws Exception {
    String sid = http.initialize("2025-11-25"); // the test hub reaps after 2 s idle, checking every 0.5 s
    Thread.sleep(4_000); // behaviour, not timing: any request in between would keep the session alive
    assertThat(http.legacy(sid, "ping", new JsonObject()).status()).isEqualTo(404);
  }

  @Test
  void notificationsAndResponsesGet202() throws Exception {
    String sid = http.initialize("2025-06-18");
    McpHttp.Reply n = http.post(new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/roots/list_changed")
        .encode(), Map.of("Mcp-Session-Id", sid));
    assertThat(n.status()).isEqualTo(202);
    McpHttp.Reply r = http.post(new JsonObject().put("jsonrpc", "2.0").put("id", "x").put("result", new JsonObject())
        .encode(), Map.of("Mcp-Session-Id", sid));
    assertThat(r.status()).isEqualTo(202);
  }

  @Test
  void aCallWithProgressIsStreamedAsSseWithEventIds() throws Exception {
    String sid = http.initialize("2025-11-25");
    McpHttp.Reply r = http.legacy(sid, "tools/call", new JsonObject().put("name", "wait")
        .put("arguments", new JsonObject().put("ms", 350)).put("_meta", new JsonObject().put("progressToken", "p1")));
    assertThat(r.header("Content-Type")).startsWith("text/event-stream");
    assertThat(r.body()).contains("id: ");
    List<JsonObject> events = r.events();
    assertThat(events.get(0).getString("method")).isEqualTo("notifications/progress");
    assertThat(events.get(events.size() - 1).getJsonObject("result").toString()).contains("waited 350 ms");
  }

  @Test
  void aCallWithoutAnythingToStreamIsPlainJson() throws Exception {
    String sid = http.initialize("2025-11-25");
    McpHttp.Reply r = http.legacy(sid, "tools/call", new JsonObject().put("name", "echo")
        .put("arguments", new JsonObject().put("message", "hi")));
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    assertThat(r.json().getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text")).isEqualTo("hi");
    assertThat(r.json().getJsonObject("result").containsKey("resultType")).isFalse();
  }

  @Test
  void aBrokenResponseStreamIsResumedWithLastEventIdWithoutLoss() throws Exception {
    String sid = http.initialize("2025-11-25");
    JsonObject call = request("tools/call", new JsonObject().put("name", "wait")
        .put("arguments", new JsonObject().put("ms", 1200)).put("_meta", new JsonObject().put("progressToken", "r1")));
    HttpRequest post = http.request().POST(HttpRequest.BodyPublishers.ofString(call.encode()))
        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
        .header("Mcp-Session-Id", sid).build();
    HttpResponse<InputStream> first = http.stream(post);
    McpHttp.SseReader firstReader = new McpHttp.SseReader(first.body());
    List<JsonObject> before = firstReader.next(2);
    first.body().close(); // the connection breaks mid-call
    HttpRequest resume = http.request().GET().header("Accept", "text/event-stream")
        .header("Mcp-Session-Id", sid).header("Last-Event-ID", firstReader.lastId()).build();
    McpHttp.SseReader secondReader = new McpHttp.SseReader(http.stream(resume).body());
    List<JsonObject> after = new ArrayList<>();
    JsonObject next;
    while ((next = secondReader.next()) != null) {
      after.add(next);
      if (next.containsKey("result")) {
        break;
      }
    }
    assertThat(before).allMatch(m -> "notifications/progress".equals(m.getString("method")));
    assertThat(after.get(after.size() - 1).getLong("id")).isEqualTo(call.getLong("id"));
    List<Long> progress = new ArrayList<>();
    before.forEach(m -> progress.add(m.getJsonObject("params").getLong("progress")));
    after.stream().filter(m -> m.containsKey("method")).forEach(m -> progress.add(m.getJsonObject("params").getLong("progress")));
    assertThat(progress).isSorted().doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(8);
  }

  @Test
  void anUnknownLastEventIdIsRefusedClearly() throws Exception {
    String sid = http.initialize("2025-11-25");
    McpHttp.Reply r = http.send("GET", Map.of("Accept", "text/event-stream", "Mcp-Session-Id", sid, "Last-Event-ID", "999999"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("Last-Event-ID");
  }

  @Test
  void theGetStreamCarriesNothingUntilAskedAndNeedsSse() throws Exception {
    String sid = http.initialize("2025-11-25");
    assertThat(http.send("GET", Map.of("Accept", "application/json", "Mcp-Session-Id", sid)).status()).isEqualTo(406);
    HttpResponse<InputStream> get = http.stream(http.request().GET().header("Accept", "text/event-stream")
        .header("Mcp-Session-Id", sid).build());
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.headers().firstValue("Content-Type")).hasValue("text/event-stream");
    assertThat(http.send("DELETE", Map.of("Mcp-Session-Id", sid)).status()).isEqualTo(204);
    assertThat(get.body().readAllBytes()).isEmpty(); // ending the session ends its stream
    get.body().close();
  }

  @Test
  void unknownMethodsAndToolsAreJsonRpcErrors() throws Exception {
    String sid = http.initialize("2025-11-25");
    McpHttp.Reply method = http.legacy(sid, "no/such/method", new JsonObject());
    assertThat(method.status()).isEqualTo(200);
    assertThat(method.json().getJsonObject("error").getInteger("code")).isEqualTo(-32601);
    McpHttp.Reply tool = http.legacy(sid, "tools/call", new JsonObject().put("name", "nope"));
    assertThat(tool.json().getJsonObject("error").getInteger("code")).isEqualTo(-32602);
    assertThat(tool.json().getJsonObject("error").getString("message")).isEqualTo("Unknown tool: nope");
    McpHttp.Reply badParams = http.legacy(sid, "tools/call", new JsonObject().put("name", 42));
    assertThat(badParams.json().getJsonObject("error").getString("message")).contains("'name'");
  }

  @Test
  void anotherCallerCannotUseTheSession() throws Exception {
    // The dev identity is one principal; the registry test covers foreign principals. Here: ended sessions.
    String sid = http.initialize("2025-11-25");
    hub.hub().sessions().end(hub.hub().sessions().lookup(sid, new dev.switchboard.identity.Caller("dev@localhost",
        "x", "n", List.of(), List.of(), Map.of(), "a", "dev")), "deleted");
    assertThat(http.legacy(sid, "ping", new JsonObject()).status()).isEqualTo(404);
  }
}
