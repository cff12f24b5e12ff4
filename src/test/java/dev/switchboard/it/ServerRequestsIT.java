package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.McpHttp;
import dev.switchboard.support.NodePeer;
import dev.switchboard.support.TestHub;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A 2025-era backend (server-everything) asks for sampling while serving a call: the request reaches the
 * client whose call caused it — of two clients calling at once, each gets its own — and the answer goes
 * back to the backend under the backend's own id.
 */
@Timeout(300) // a hang fails the test instead of the whole build
class ServerRequestsIT {
  private static NodePeer everything;
  private static TestHub hub;

  @BeforeAll
  static void start() throws Exception {
    int port = NodePeer.freePort();
    everything = NodePeer.everything(port);
    hub = TestHub.start("""
        listen: {host: 127.0.0.1, port: 0}
        routing: {prefix: never}
        backends:
          - {name: ev, type: http, url: "http://127.0.0.1:%d/mcp"}
          - {name: demo, type: builtin}
        """.formatted(port));
  }

  @AfterAll
  static void stop() throws Exception {
    hub.close();
    everything.close();
  }

  private static JsonObject run(String tag) {
    return run("legacy", tag);
  }

  private static JsonObject run(String mode, String tag) {
    return run(mode, "trigger-sampling-request", "{\"prompt\":\"hello from " + tag + "\",\"maxTokens\":50}", tag);
  }

  private static JsonObject run(String mode, String tool, String args, String tag) {
    try {
      NodePeer run = NodePeer.run(List.of("ts-client.mjs", hub.url(), mode, tool, args, tag), Map.of(), 60_000);
      String last = run.output().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse("{}");
      JsonObject out = new JsonObject(last);
      assertThat(out.getString("error")).as(run.output()).isNull();
      return out;
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  @Test
  void aModernClientAnswersALegacyBackendsRequestThroughInputRequiredAndTheCallResumes() {
    JsonObject out = run("modern", "modern-client");
    assertThat(out.getString("era")).isEqualTo("modern");
    assertThat(out.getJsonArray("sampled").getList()).singleElement().asString().contains("hello from modern-client");
    assertThat(out.getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text"))
        .contains("sampled by modern-client");
  }

  @Test
  void anElicitationFromALegacyBackendRoundTripsWithClientsOfBothEras() {
    for (String mode : List.of("legacy", "modern")) {
      JsonObject out = run(mode, "trigger-elicitation-request", "{}", "elicit-" + mode);
      assertThat(out.getJsonArray("elicited").getList()).as(mode).hasSize(1);
      assertThat(out.getJsonObject("result").encode()).as(mode).contains("ts-elicit-" + mode);
    }
  }

  @Test
  void aRetryWhoseAnswerIsNotAnObjectFailsThatCallCleanly() throws Exception {
    McpHttp http = new McpHttp(hub.url());
    String tool = "trigger-elicitation-request";
    JsonObject params = new JsonObject().put("name", tool).put("arguments", new JsonObject());
    JsonObject first = http.post(elicitingRequest(params).encode(), McpHttp.modernHeaders("tools/call", tool)).json()
        .getJsonObject("result");
    assertThat(first.getString("resultType")).isEqualTo("input_required");
    String key = first.getJsonObject("inputRequests").fieldNames().iterator().next();
    JsonObject retry = elicitingRequest(params.copy().put("requestState", first.getString("requestState"))
        .put("inputResponses", new JsonObject().put(key, 5)));
    McpHttp.Reply r = http.post(retry.encode(), McpHttp.modernHeaders("tools/call", tool));
    assertThat(r.status()).isEqualTo(200);
    // The backend hears "not an object" as the client's error and ends its call; the hub has nothing to hide.
    assertThat(r.json().encode()).as(r.body()).doesNotContain("internal error");
    JsonObject again = http.post(retry.encode(), McpHttp.modernHeaders("tools/call", tool)).json();
    assertThat(again.getJsonObject("error").getInteger("code")).as("the pause was used up").isEqualTo(-32602);
    McpHttp.Reply bad = http.post(elicitingRequest(params.copy().put("requestState", first.getString("requestState"))
        .put("inputResponses", "yes")).encode(), McpHttp.modernHeaders("tools/call", tool));
    assertThat(bad.json().getJsonObject("error").getString("message")).contains("'inputResponses' must be an object");
  }

  @Test
  void aLegacyClientsMalformedAnswerReachesTheBackendAsAnErrorAndTheCallEndsAtOnce() throws Exception {
    // An error that is not an object: was 500, and the backend left waiting
    McpHttp.Reply answered = answerElicitationWith(id -> new JsonObject().put("jsonrpc", "2.0").put("id", id).put("error", "no"));
    assertThat(answered.status()).as(answered.body()).isEqualTo(202);
  }

  @Test
  void aLegacyClientsAnswerWithNeitherResultNorErrorIsRefusedAndStillEndsTheCall() throws Exception {
    // Not a JSON-RPC message at all: refused, but it names the backend's request, which must not wait 30 s
    McpHttp.Reply answered = answerElicitationWith(id -> new JsonObject().put("jsonrpc", "2.0").put("id", id));
    assertThat(answered.status()).as(answered.body()).isEqualTo(400);
    assertThat(answered.json().getJsonObject("error").getString("message")).contains("neither a request");
  }

  /** A legacy session whose client can answer elicitations; the headers its messages carry. */
  private static Map<String, String> elicitingSession(McpHttp http) throws Exception {
    McpHttp.Reply init = http.post(McpHttp.request("initialize", new JsonObject().put("protocolVersion", "2025-11-25")
        .put("capabilities", new JsonObject().put("elicitation", new JsonObject()))
        .put("clientInfo", new JsonObject().put("name", "raw").put("version", "1"))).encode(), Map.of());
    Map<String, String> session = Map.of("Mcp-Session-Id", init.header("Mcp-Session-Id"),
        "MCP-Protocol-Version", "2025-11-25");
    http.post(new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/initialized").encode(), session);
    return session;
  }

  /** A tools/call in that session, its answer read as a stream (the backend's request comes first on it). */
  private static McpHttp.SseReader streamedCall(McpHttp http, Map<String, String> session, String tool)
      throws Exception {
    java.net.http.HttpRequest.Builder call = http.request().POST(java.net.http.HttpRequest.BodyPublishers.ofString(
            McpHttp.request("tools/call", new JsonObject().put("name", tool).put("arguments", new JsonObject()))
                .encode()))
        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream");
    session.forEach(call::header);
    return new McpHttp.SseReader(http.stream(call.build()).body());
  }

  /**
   * A legacy client calls a tool that elicits, answers the elicitation with {@code answer(id)}, and sees the
   * call end at once with the error the backend was given.
   */
  private static McpHttp.Reply answerElicitationWith(java.util.function.Function<Object, JsonObject> answer)
      throws Exception {
    McpHttp http = new McpHttp(hub.url());
    Map<String, String> session = elicitingSession(http);
    long t0 = System.nanoTime();
    McpHttp.SseReader stream = streamedCall(http, session, "trigger-elicitation-request");
    JsonObject asked = stream.next();
    assertThat(asked.getString("method")).isEqualTo("elicitation/create");
    McpHttp.Reply answered = http.post(answer.apply(asked.getValue("id")).encode(), session);
    JsonObject outcome = stream.next();
    assertThat(outcome.encode()).contains("the client answered without a valid result or error");
    assertThat((System.nanoTime() - t0) / 1_000_000).as("not at the 30 s deadline").isLessThan(15_000);
    return answered;
  }

  /**
   * GIVEN a legacy client's call waiting for its answer to an elicitation on the call's stream, WHEN the
   * client deletes its session, THEN the DELETE is answered and the call ends with an error on its stream
   * (was: 500, and the stream left without an answer).
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"trigger-elicitation-request", "confirm"})
  void deletingASessionWhileItsCallWaitsForInputEndsTheCall(String tool) throws Exception {
    McpHttp http = new McpHttp(hub.url());
    Map<String, String> session = elicitingSession(http);
    long t0 = System.nanoTime();
    McpHttp.SseReader stream = streamedCall(http, session, tool);
    assertThat(stream.next().getString("method")).isEqualTo("elicitation/create");
    McpHttp.Reply deleted = http.send("DELETE", session);
    assertThat(deleted.status()).as(deleted.body()).isBetween(200, 299);
    JsonObject outcome = stream.next();
    assertThat(outcome).as("the call's answer").isNotNull();
    assertThat(outcome.getJsonObject("error").getInteger("code")).as(outcome.encode()).isEqualTo(-32603);
    assertThat((System.nanoTime() - t0) / 1_000_000).as("not at the 30 s deadline").isLessThan(15_000);
  }

  /** A 2026-07-28 request from a client that can answer elicitations. */
  private static JsonObject elicitingRequest(JsonObject params) {
    JsonObject request = McpHttp.modernRequest("tools/call", params);
    request.getJsonObject("params").getJsonObject("_meta").put("io.modelcontextprotocol/clientCapabilities",
        new JsonObject().put("elicitation", new JsonObject()));
    return request;
  }

  @Test
  void aSamplingRequestReachesTheRightOneOfTwoConcurrentClients() throws Exception {
    CompletableFuture<JsonObject> first = CompletableFuture.supplyAsync(() -> run("client-one"));
    CompletableFuture<JsonObject> second = CompletableFuture.supplyAsync(() -> run("client-two"));
    for (var pair : List.of(Map.entry("client-one", first.get()), Map.entry("client-two", second.get()))) {
      JsonObject out = pair.getValue();
      assertThat(out.getJsonArray("sampled").getList()).as(pair.getKey()).singleElement().asString()
          .contains("hello from " + pair.getKey());
      String text = out.getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text");
      assertThat(text).as(pair.getKey()).contains("sampled by " + pair.getKey())
          .doesNotContain(pair.getKey().equals("client-one") ? "client-two" : "client-one");
    }
  }
}
