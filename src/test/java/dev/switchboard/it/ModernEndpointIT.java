package dev.switchboard.it;

import static dev.switchboard.support.McpHttp.modernHeaders;
import static dev.switchboard.support.McpHttp.modernRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.McpHttp;
import dev.switchboard.support.TestHub;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The stateless 2026-07-28 revision on the wire. */
@Timeout(300) // a hang fails the test instead of the whole build
class ModernEndpointIT {
  private static TestHub hub;
  private static McpHttp http;

  @BeforeAll
  static void start() throws Exception {
    hub = TestHub.start("""
        listen: {host: 127.0.0.1, port: 0, requestTimeout: 1500ms}
        backends:
          - {name: demo, type: builtin}
        """);
    http = new McpHttp(hub.url());
  }

  @AfterAll
  static void stop() throws Exception {
    hub.close();
  }

  @Test
  void discoverNamesEveryVersionAndTheHub() throws Exception {
    McpHttp.Reply r = http.modern("server/discover", null, new JsonObject());
    JsonObject result = r.json().getJsonObject("result");
    assertThat(result.getJsonArray("supportedVersions").getList())
        .containsExactly("2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26");
    assertThat(result.getString("resultType")).isEqualTo("complete");
    assertThat(result.getJsonObject("_meta").getJsonObject("io.modelcontextprotocol/serverInfo").getString("name"))
        .isEqualTo("switchboard");
    assertThat(r.header("Mcp-Session-Id")).isNull();
  }

  @Test
  void listsArePrivatelyCacheable() throws Exception {
    JsonObject result = http.modern("tools/list", null, new JsonObject()).json().getJsonObject("result");
    assertThat(result.getString("cacheScope")).isEqualTo("private");
    assertThat(result.getLong("ttlMs")).isPositive();
    assertThat(result.getJsonArray("tools").size()).isEqualTo(5);
  }

  @Test
  void callsCarryResultType() throws Exception {
    McpHttp.Reply r = http.modern("tools/call", "echo", new JsonObject().put("name", "echo")
        .put("arguments", new JsonObject().put("message", "modern")));
    assertThat(r.json().getJsonObject("result").getString("resultType")).isEqualTo("complete");
  }

  @Test
  void argumentsThatAreNotAnObjectAreInvalidParams() throws Exception {
    for (Object arguments : List.of("a string", 7, new io.vertx.core.json.JsonArray().add(1))) {
      McpHttp.Reply r = http.modern("tools/call", "echo", new JsonObject().put("name", "echo")
          .put("arguments", arguments));
      assertThat(r.json().getJsonObject("error").getInteger("code")).as("%s", arguments).isEqualTo(-32602);
      assertThat(r.json().getJsonObject("error").getString("message")).contains("'arguments' must be an object");
    }
    McpHttp.Reply nulled = http.modern("tools/call", "echo", new JsonObject().put("name", "echo").putNull("arguments"));
    assertThat(nulled.json().getJsonObject("error").getInteger("code")).isEqualTo(-32602);
    McpHttp.Reply prompt = http.modern("prompts/get", "greeting", new JsonObject().put("name", "greeting")
        .put("arguments", "x"));
    assertThat(prompt.json().getJsonObject("error").getString("message")).contains("'arguments' must be an object");
    McpHttp.Reply none = http.modern("tools/call", "echo", new JsonObject().put("name", "echo"));
    assertThat(none.json().getJsonObject("result").getString("resultType")).isEqualTo("complete");
  }

  @Test
  void demoToolsAnswerArgumentsOfTheWrongTypeAsToolErrors() throws Exception {
    for (var call : List.of(Map.entry("wait", new JsonObject().put("ms", "soon")),
        Map.entry("add", new JsonObject().put("a", "one").put("b", 2)))) {
      JsonObject result = http.modern("tools/call", call.getKey(), new JsonObject().put("name", call.getKey())
          .put("arguments", call.getValue())).json().getJsonObject("result");
      assertThat(result.getBoolean("isError")).as(call.getKey()).isTrue();
      assertThat(result.getJsonArray("content").getJsonObject(0).getString("text")).contains("needs")
          .contains("number");
    }
  }

  @Test
  void unknownMethodsAre404WithMethodNotFound() throws Exception {
    McpHttp.Reply r = http.modern("no/such", null, new JsonObject());
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().getJsonObject("error").getInteger("code")).isEqualTo(-32601);
  }

  @Test
  void missingMetaIs400InvalidParams() throws Exception {
    McpHttp.Reply r = http.post(McpHttp.request("tools/list", new JsonObject()).encode(), modernHeaders("tools/list", null));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getJsonObject("error").getInteger("code")).isEqualTo(-32602);
  }

  @Test
  void anInvalidRequestWhoseIdCanBeReadIsAnsweredUnderThatId() throws Exception {
    McpHttp.Reply arrayParams = http.post("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\",\"params\":[]}",
        modernHeaders("ping", null));
    assertThat(arrayParams.status()).isEqualTo(400);
    assertThat(arrayParams.json().getValue("id")).isEqualTo(9);
    assertThat(arrayParams.json().getJsonObject("error").getInteger("code")).isEqualTo(-32600);
    McpHttp.Reply infinite = http.post("{\"jsonrpc\":\"2.0\",\"id\":1e400,\"method\":\"ping\",\"params\":{}}",
        modernHeaders("ping", null)); // once answered under the id "Infinity"
    assertThat(infinite.json().containsKey("id")).isFalse();
    assertThat(infinite.json().getJsonObject("error").getString("message")).contains("string or an integer");
    JsonObject numericVersion = modernRequest("ping", new JsonObject());
    numericVersion.getJsonObject("params").getJsonObject("_meta").put("io.modelcontextprotocol/protocolVersion", 20260728);
    assertThat(http.post(numericVersion.encode(), modernHeaders("ping", null)).json().getJsonObject("error")
        .getString("message")).contains("protocolVersion must be a string");
  }

  @Test
  void aRequestThatNamesNoVersionAtAllIs400MissingMeta() throws Exception {
    McpHttp.Reply r = http.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", Map.of());
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getJsonObject("error").getInteger("code")).isEqualTo(-32602);
    assertThat(http.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", Map.of()).status())
        .isEqualTo(202);
  }

  @Test
  void headerMismatchIs400Minus32020() throws Exception {
    McpHttp.Reply r = http.post(modernRequest("tools/call", new JsonObject().put("name", "echo")).encode(),
        modernHeaders("tools/call", "add"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getJsonObject("error").getInteger("code")).isEqualTo(-32020);
  }

  @Test
  void unsupportedVersionIs400Minus32022WithSupportedList() throws Exception {
    JsonObject req = modernRequest("ping", new JsonObject());
    req.getJsonObject("params").getJsonObject("_meta").put("io.modelcontextprotocol/protocolVersion", "2030-01-01");
    McpHttp.Reply r = http.post(req.encode(), Map.of("MCP-Protocol-Version", "2030-01-01", "Mcp-Method", "ping"));
    assertThat(r.status()).isEqualTo(400);
    JsonObject error = r.json().getJsonObject("error");
    assertThat(error.getInteger("code")).isEqualTo(-32022);
    assertThat(error.getJsonObject("data").getJsonArray("supported").getList()).contains("2026-07-28");
  }

  @Test
  void getAndDeleteWithoutASessionAre405() throws Exception {
    assertThat(http.send("GET", Map.of("Accept", "text/event-stream")).status()).isEqualTo(405);
    assertThat(http.send("DELETE", Map.of()).status()).isEqualTo(405);
  }

  @Test
  void postedResponsesAreRefusedAndNotificationsAccepted() throws Exception {
    assertThat(http.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}", Map.of("MCP-Protocol-Version", "2026-07-28"))
        .status()).isEqualTo(400);
    assertThat(http.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/x\"}", Map.of("MCP-Protocol-Version", "2026-07-28"))
        .status()).isEqualTo(202);
  }

  @Test
  void progressTurnsTheResponseIntoAStream() throws Exception {
    McpHttp.Reply r = http.modern("tools/call", "wait", new JsonObject().put("name", "wait")
        .put("arguments", new JsonObject().put("ms", 250)).put("_meta", new JsonObject().put("progressToken", 9)));
    assertThat(r.header("Content-Type")).startsWith("text/event-stream");
    assertThat(r.body()).doesNotContain("id: ");
    List<JsonObject> events = r.events();
    assertThat(events.get(0).getString("method")).isEqualTo("notifications/progress");
    assertThat(events.get(events.size() - 1).getJsonObject("result").getString("resultType")).isEqualTo("complete");
  }

  @Test
  void aSlowCallGetsATimeoutErrorWithinTheDeadline() throws Exception {
    long t0 = System.nanoTime();
    McpHttp.Reply r = http.modern("tools/call", "wait", new JsonObject().put("name", "wait")
        .put("arguments", new JsonObject().put("ms", 10_000)));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(r.json().getJsonObject("error").getString("message")).contains("timed out");
    assertThat(ms).isLessThan(8_000);
  }

  @Test
  void aListenFilterOfTheWrongTypeIsRefusedBeforeAnyStreamStarts() throws Exception {
    for (JsonObject notifications : List.of(new JsonObject().put("toolsListChanged", "yes"),
        new JsonObject().put("resourcesListChanged", 1))) {
      JsonObject listen = modernRequest("subscriptions/listen", new JsonObject().put("notifications", notifications));
      McpHttp.Reply r = http.post(listen.encode(), modernHeaders("subscriptions/listen", null));
      // was an empty event stream: the check came after the stream's head was sent, and its keep-alive timer leaked
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(r.json().getJsonObject("error").getInteger("code")).isEqualTo(-32602);
      assertThat(r.json().getJsonObject("error").getString("message")).contains("must be true or false");
    }
  }

  @Test
  void listenAcknowledgesAndStaysOpen() throws Exception {
    JsonObject listen = modernRequest("subscriptions/listen", new JsonObject()
        .put("notifications", new JsonObject().put("toolsListChanged", true)));
    HttpRequest req = http.request().POST(HttpRequest.BodyPublishers.ofString(listen.encode()))
        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
        .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "subscriptions/listen").build();
    HttpResponse<InputStream> resp = http.stream(req);
    McpHttp.SseReader reader = new McpHttp.SseReader(resp.body());
    JsonObject ack = reader.next();
    assertThat(ack.getString("method")).isEqualTo("notifications/subscriptions/acknowledged");
    assertThat(ack.getJsonObject("params").getJsonObject("notifications").getBoolean("toolsListChanged")).isTrue();
    CompletableFuture<JsonObject> more = CompletableFuture.supplyAsync(() -> {
      try {
        return reader.next();
      } catch (Exception e) {
        return null;
      }
    });
    Thread.sleep(300);
    assertThat(more).isNotDone(); // nothing changed: the stream just stays open
    resp.body().close();
    more.get(5, TimeUnit.SECONDS);
  }

  /** 2026-07-28 removed these: a request of that era for one of them is 404 / -32601, whatever else it says. */
  @Test
  void methodsRemovedIn20260728Are404MethodNotFound() throws Exception {
    for (String method : new String[] {"initialize", "ping", "logging/setLevel", "resources/subscribe",
        "resources/unsubscribe"}) {
      JsonObject params = new JsonObject().put("uri", "switchboard://demo/about").put("level", "info")
          .put("protocolVersion", "2026-07-28").put("capabilities", new JsonObject());
      McpHttp.Reply r = http.modern(method, null, params);
      assertThat(r.status()).as(method + ": " + r.body()).isEqualTo(404);
      assertThat(r.json().getJsonObject("error").getInteger("code")).as(method).isEqualTo(-32601);
      assertThat(r.json().getValue("id")).as(method).isNotNull();
    }
  }

  @Test
  void anUnknownResourceNamesItsUriInTheErrorsData() throws Exception {
    McpHttp.Reply r = http.modern("resources/read", "switchboard://demo/nothing-here",
        new JsonObject().put("uri", "switchboard://demo/nothing-here"));
    JsonObject error = r.json().getJsonObject("error");
    assertThat(error.getInteger("code")).as(r.body()).isEqualTo(-32602);
    assertThat(error.getJsonObject("data").getString("uri")).isEqualTo("switchboard://demo/nothing-here");
  }
}
