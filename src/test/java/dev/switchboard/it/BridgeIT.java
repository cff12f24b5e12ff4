package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.support.BridgeProcess;
import dev.switchboard.support.McpHttp;
import dev.switchboard.support.NodePeer;
import dev.switchboard.support.TestHub;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code switchboard connect} launched as a real subprocess by real stdio MCP clients (the TypeScript SDK
 * v2's {@code StdioClientTransport} in both eras, the Java SDK's), and driven line by line for the
 * failure cases: a hub that is not there yet, a hub restarted under the bridge, stdin closed mid-call.
 */
@Timeout(300) // a hang fails the test instead of the whole build
class BridgeIT {
  private static TestHub hub;

  @BeforeAll
  static void startHub() throws Exception {
    hub = TestHub.demo();
  }

  @AfterAll
  static void stopHub() throws Exception {
    hub.close();
  }

  private static JsonObject tsClient(String mode, String tool, String args, String cancelAfterMs) throws Exception {
    List<String> argv = new java.util.ArrayList<>(List.of("ts-stdio-client.mjs",
        new JsonArray(BridgeProcess.command(hub.url())).encode(), mode, tool, args));
    if (cancelAfterMs != null) {
      argv.add(cancelAfterMs);
    }
    NodePeer run = NodePeer.run(argv, Map.of(), 90_000);
    String last = run.output().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse("{}");
    JsonObject out = new JsonObject(last);
    assertThat(out.getString("error")).as(run.output()).isNull();
    assertThat(run.exitCode()).as(run.output()).isZero();
    return out;
  }

  private static String text(JsonObject out) {
    return out.getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text");
  }

  @Test
  void theTypeScriptStdioClientCallsToolsThroughTheBridgeInBothEras() throws Exception {
    JsonObject modern = tsClient("modern", "echo", "{\"message\":\"hi over stdio\"}", null);
    assertThat(modern.getString("era")).isEqualTo("modern");
    assertThat(modern.getJsonArray("tools").getList()).contains("echo", "add", "whoami");
    assertThat(text(modern)).isEqualTo("hi over stdio");
    JsonObject legacy = tsClient("legacy", "add", "{\"a\":2,\"b\":40}", null);
    assertThat(legacy.getString("protocolVersion")).isEqualTo("2025-11-25");
    assertThat(text(legacy)).isEqualTo("42");
  }

  @Test
  void anElicitationRoundTripsThroughTheBridgeInBothEras() throws Exception {
    for (String mode : List.of("legacy", "modern")) {
      JsonObject out = tsClient(mode, "confirm", "{\"message\":\"Deploy now?\"}", null);
      assertThat(out.getJsonArray("elicited").getList()).as(mode).containsExactly("Deploy now?");
      assertThat(text(out)).as(mode).isEqualTo("confirmed");
    }
  }

  @Test
  void cancellationFromTheClientStopsTheCallInTheHubInBothEras() throws Exception {
    for (String mode : List.of("legacy", "modern")) {
      JsonObject out = tsClient(mode, "wait", "{\"ms\":20000}", "1500");
      assertThat(out.getBoolean("cancelled")).as(mode).isTrue();
      await().atMost(Duration.ofSeconds(5)).until(() -> hub.hub().pipeline().inFlight() == 0);
    }
  }

  @Test
  void theJavaSdkStdioClientWorksThroughTheBridge() {
    List<String> cmd = BridgeProcess.command(hub.url());
    ServerParameters params = ServerParameters.builder(cmd.get(0)).args(cmd.subList(1, cmd.size())).build();
    var transport = new StdioClientTransport(params, new JacksonMcpJsonMapper(new ObjectMapper()));
    try (McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30))
        .clientInfo(new McpSchema.Implementation("java-sdk-stdio-it", "1.0")).build()) {
      McpSchema.InitializeResult init = client.initialize();
      assertThat(init.serverInfo().name()).isEqualTo("switchboard");
      assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).contains("echo", "whoami");
      McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest("echo", Map.of("message", "from java")));
      assertThat(((McpSchema.TextContent) r.content().get(0)).text()).isEqualTo("from java");
    }
  }

  @Test
  void linesWrittenRightBehindInitializeGoIntoItsSession() throws Exception {
    // A script piping several lines (or a client that does not wait for the answer) once had them sent
    // without the session id: "Mcp-Session-Id header is required".
    try (BridgeProcess bridge = BridgeProcess.start(hub.url())) {
      String burst = String.join("\n",
          McpHttp.request("initialize", new JsonObject().put("protocolVersion", "2025-11-25")
              .put("capabilities", new JsonObject()).put("clientInfo", new JsonObject().put("name", "pipe")
                  .put("version", "1"))).put("id", 1).encode(),
          new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/initialized").encode(),
          McpHttp.request("ping", new JsonObject()).put("id", 2).encode(),
          McpHttp.request("tools/call", new JsonObject().put("name", "echo")
              .put("arguments", new JsonObject().put("message", "piped"))).put("id", 3).encode());
      bridge.sendRaw(burst); // one write: the three lines after initialize arrive before its answer
      Map<Object, JsonObject> answers = bridge.answersTo(20_000, 1, 2, 3); // the last two go on together
      assertThat(answers.get(1).getJsonObject("result").getString("protocolVersion")).isEqualTo("2025-11-25");
      assertThat(answers.get(2).getJsonObject("result")).isNotNull();
      assertThat(answers.get(3).getJsonObject("result").getJsonArray("content").getJsonObject(0)
          .getString("text")).isEqualTo("piped");
    }
  }

  @Test
  void badInputOnStdinGetsAParseErrorAndLogsNeverTouchStdout() throws Exception {
    try (BridgeProcess bridge = BridgeProcess.start(hub.url())) {
      bridge.sendRaw("this is not json");
      JsonObject error = bridge.next(20_000);
      assertThat(error.getJsonObject("error").getInteger("code")).isEqualTo(-32700);
      assertThat(error.getJsonObject("error").getString("message")).contains("Unrecognized token 'this'")
          .contains("(line 1, column ");
      bridge.sendRaw("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]");
      assertThat(bridge.next(20_000).getJsonObject("error").getString("message")).contains("batches");
      bridge.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\",\"params\":[]}");
      JsonObject invalid = bridge.next(20_000); // answered under its id: the client is waiting for id 5
      assertThat(invalid.getValue("id")).isEqualTo(5);
      assertThat(invalid.getJsonObject("error").getString("message")).contains("\"params\" must be an object");
      bridge.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
          + "\"arguments\":{\"message\":\"a\",\"message\":\"b\"}}}");
      JsonObject twice = bridge.next(20_000); // refused on this side, under its id
      assertThat(twice.getValue("id")).isEqualTo(6);
      assertThat(twice.getJsonObject("error").getInteger("code")).isEqualTo(-32600);
      assertThat(twice.getJsonObject("error").getString("message")).contains("'message' appears twice");
      bridge.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"" + "x".repeat(33 * 1024 * 1024) + "\"}");
      JsonObject tooLarge = bridge.next(20_000).getJsonObject("error");
      assertThat(tooLarge.getInteger("code")).isEqualTo(-32600);
      assertThat(tooLarge.getString("message")).contains("over 33554432 bytes was skipped");
      bridge.send(McpHttp.modernRequest("tools/list", new JsonObject()).put("id", 7));
      JsonObject list = bridge.answerTo(7, 20_000);
      assertThat(list.getJsonObject("result").getJsonArray("tools")).isNotEmpty();
    }
  }

  @Test
  void refusesPlainHttpOutsideLoopbackAndTheTailnet() throws Exception {
    Process p = new ProcessBuilder(BridgeProcess.command("http://example.com/mcp")).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(new String(p.getErrorStream().readAllBytes())).contains("plain HTTP to example.com");
    assertThat(p.getInputStream().readAllBytes()).isEmpty();
  }

  @Test
  void anUnreachableHubGetsAClearErrorPerRequestAndInitializeWaitsForItToComeUp() throws Exception {
    int port = NodePeer.freePort();
    String url = "http://127.0.0.1:" + port + "/mcp";
    try (BridgeProcess bridge = BridgeProcess.start(url)) {
      bridge.send(McpHttp.modernRequest("tools/list", new JsonObject()).put("id", 1));
      JsonObject error = bridge.answerTo(1, 20_000);
      assertThat(error.getJsonObject("error").getString("message"))
          .startsWith("Cannot reach the Switchboard hub at " + url + ": connection refused");

      bridge.send(McpHttp.request("initialize", new JsonObject().put("protocolVersion", "2025-11-25")
          .put("capabilities", new JsonObject()).put("clientInfo", new JsonObject().put("name", "raw").put("version", "1")))
          .put("id", 2));
      Thread.sleep(1500); // the bridge is retrying now
      try (TestHub late = TestHub.start("listen: {host: 127.0.0.1, port: " + port + "}\nbackends: [{name: demo, type: builtin}]\n")) {
        JsonObject init = bridge.answerTo(2, 20_000);
        assertThat(init.getJsonObject("result").getString("protocolVersion")).isEqualTo("2025-11-25");
        assertThat(bridge.stderr()).anyMatch(l -> l.contains("unreachable") && l.contains("retrying"));
      }
    }
  }

  @Test
  void aHubRestartedUnderALiveBridgeIsPickedUpWithANewSession() throws Exception {
    int port = NodePeer.freePort();
    String config = "listen: {host: 127.0.0.1, port: " + port + "}\nbackends: [{name: demo, type: builtin}]\n";
    TestHub first = TestHub.start(config);
    try (BridgeProcess bridge = BridgeProcess.start("http://127.0.0.1:" + port + "/mcp")) {
      initialize(bridge);
      assertThat(echo(bridge, 10, "before")).isEqualTo("before");
      first.close();
      first = TestHub.start(config);
      assertThat(echo(bridge, 11, "after")).isEqualTo("after"); // 404 on the old session → a new one
      assertThat(first.hub().sessions().size()).isEqualTo(1);
    } finally {
      first.close();
    }
  }

  @Test
  void closingStdinMidCallEndsTheHubSessionAndExits() throws Exception {
    try (TestHub own = TestHub.demo(); BridgeProcess bridge = BridgeProcess.start(own.url())) {
      initialize(bridge);
      assertThat(own.hub().sessions().size()).isEqualTo(1);
      bridge.send(McpHttp.request("tools/call", new JsonObject().put("name", "wait")
          .put("arguments", new JsonObject().put("ms", 20_000))).put("id", 20));
      await().atMost(Duration.ofSeconds(10)).until(() -> own.hub().pipeline().inFlight() > 0);
      bridge.closeStdin();
      assertThat(bridge.process().waitFor(15, TimeUnit.SECONDS)).isTrue();
      assertThat(bridge.process().exitValue()).isZero();
      await().atMost(Duration.ofSeconds(5)).until(() -> own.hub().sessions().size() == 0
          && own.hub().pipeline().inFlight() == 0);
    }
  }

  @Test
  void aRequestWrittenRightBeforeStdinClosesIsStillAnswered() throws Exception {
    try (TestHub own = TestHub.demo(); BridgeProcess bridge = BridgeProcess.start(own.url())) {
      JsonObject call = McpHttp.modernRequest("tools/call", new JsonObject().put("name", "echo")
          .put("arguments", new JsonObject().put("message", "last words"))).put("id", 40);
      bridge.send(call); // as `echo '…' | switchboard connect URL` does
      bridge.closeStdin();
      JsonObject answer = bridge.answerTo(40, 30_000);
      assertThat(answer.getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text"))
          .as(answer.encode()).isEqualTo("last words");
      assertThat(bridge.process().waitFor(15, TimeUnit.SECONDS)).isTrue();
      assertThat(bridge.process().exitValue()).isZero();
    }
  }

  @Test
  void sigtermEndsTheHubSessionAndExits() throws Exception {
    try (TestHub own = TestHub.demo(); BridgeProcess bridge = BridgeProcess.start(own.url())) {
      initialize(bridge);
      assertThat(echo(bridge, 30, "still here")).isEqualTo("still here");
      assertThat(own.hub().sessions().size()).isEqualTo(1);
      bridge.process().destroy(); // SIGTERM
      assertThat(bridge.process().waitFor(15, TimeUnit.SECONDS)).isTrue();
      await().atMost(Duration.ofSeconds(5)).until(() -> own.hub().sessions().size() == 0);
    }
  }

  private static void initialize(BridgeProcess bridge) throws Exception {
    bridge.send(McpHttp.request("initialize", new JsonObject().put("protocolVersion", "2025-11-25")
        .put("capabilities", new JsonObject()).put("clientInfo", new JsonObject().put("name", "raw").put("version", "1")))
        .put("id", 1));
    assertThat(bridge.answerTo(1, 30_000).getJsonObject("result")).isNotNull();
    bridge.send(new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/initialized"));
  }

  private static String echo(BridgeProcess bridge, int id, String message) throws Exception {
    bridge.send(McpHttp.request("tools/call", new JsonObject().put("name", "echo")
        .put("arguments", new JsonObject().put("message", message))).put("id", id));
    JsonObject answer = bridge.answerTo(id, 30_000);
    assertThat(answer.getJsonObject("error")).as(answer.encode()).isNull();
    return answer.getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text");
  }
}
