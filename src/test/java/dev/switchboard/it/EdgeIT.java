package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.McpHttp;
import dev.switchboard.support.TestHub;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the HTTP edge does with bad or hostile input, in either era: a clear answer, never a crash or a hang. */
@Timeout(300) // a hang fails the test instead of the whole build
class EdgeIT {
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

  private static int code(McpHttp.Reply r) {
    return r.json().getJsonObject("error").getInteger("code");
  }

  @Test
  void malformedJsonIs400ParseError() throws Exception {
    McpHttp.Reply r = http.post("{\"jsonrpc\":", Map.of());
    assertThat(r.status()).isEqualTo(400);
    assertThat(code(r)).isEqualTo(-32700);
  }

  @Test
  void invalidJsonRpcIs400InvalidRequest() throws Exception {
    McpHttp.Reply r = http.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}", Map.of());
    assertThat(r.status()).isEqualTo(400);
    assertThat(code(r)).isEqualTo(-32600);
  }

  @Test
  void aNameTwiceInOneObjectIsRefusedUnderTheRequestsId() throws Exception {
    // The arguments go on to a backend as received: one that reads the first 'message' would act on what the
    // hub neither authorized nor audited (it reads the last).
    String call = McpHttp.modernRequest("tools/call", new JsonObject().put("name", "echo")
        .put("arguments", new JsonObject().put("message", "hello"))).put("id", 41).encode();
    String twice = call.replace("\"message\":\"hello\"", "\"message\":\"rm -rf /\",\"message\":\"hello\"");
    assertThat(twice).isNotEqualTo(call);
    McpHttp.Reply r = http.post(twice, McpHttp.modernHeaders("tools/call", "echo"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(code(r)).isEqualTo(-32600);
    assertThat(r.json().getValue("id")).isEqualTo(41);
    assertThat(r.json().getJsonObject("error").getString("message")).contains("the name 'message' appears twice")
        .contains("/params/arguments/message");
    assertThat(http.post(call, McpHttp.modernHeaders("tools/call", "echo")).status()).isEqualTo(200);
  }

  @Test
  void halfASurrogatePairIsRefusedUnderTheRequestsId() throws Exception {
    // Recorded in the audit trail, "\\ud800" makes jq refuse the line, and any jq review of what follows.
    String call = McpHttp.modernRequest("tools/call", new JsonObject().put("name", "echo")
        .put("arguments", new JsonObject().put("message", "x"))).put("id", 42).encode()
        .replace("\"x\"", "\"a\\ud800b\"");
    McpHttp.Reply r = http.post(call, McpHttp.modernHeaders("tools/call", "echo"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(code(r)).isEqualTo(-32600);
    assertThat(r.json().getValue("id")).isEqualTo(42);
    assertThat(r.json().getJsonObject("error").getString("message"))
        .contains("the string at /params/arguments/message holds U+D800");
  }

  @Test
  void batchesAreRefusedByName() throws Exception {
    McpHttp.Reply r = http.post("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", Map.of());
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("batches");
  }

  @Test
  void aBodyOverTheLimitIs413() throws Exception {
    String big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"x\":\"" + "a".repeat(5 * 1024 * 1024) + "\"}}";
    McpHttp.Reply r = http.post(big, Map.of());
    assertThat(r.status()).isEqualTo(413);
  }

  @Test
  void wrongContentTypeIs415AndUnacceptableAcceptIs406() throws Exception {
    assertThat(http.post("{}", Map.of("Content-Type", "text/plain")).status()).isEqualTo(415);
    assertThat(http.post("{}", Map.of("Content-Type", "application/jsonl")).status()).isEqualTo(415);
    assertThat(http.post("{}", Map.of("Accept", "text/html")).status()).isEqualTo(406);
    assertThat(http.post("{}", Map.of("Accept", "text/html")).status()).isEqualTo(406); // parsed Accepts are reused
  }

  @Test
  void contentTypeParametersAndCaseAndEitherAcceptAreFine() throws Exception {
    String ping = McpHttp.modernRequest("server/discover", new JsonObject()).encode();
    for (String type : new String[] {"application/json; charset=utf-8", "Application/JSON", " application/json ;q=1"}) {
      Map<String, String> h = new java.util.HashMap<>(McpHttp.modernHeaders("server/discover", null));
      h.put("Content-Type", type);
      assertThat(http.post(ping, h).status()).as(type).isEqualTo(200);
    }
    for (String accept : new String[] {"application/json", "text/event-stream", "*/*", "application/json"}) {
      Map<String, String> h = new java.util.HashMap<>(McpHttp.modernHeaders("server/discover", null));
      h.put("Accept", accept);
      assertThat(http.post(ping, h).status()).as(accept).isEqualTo(200);
    }
  }

  @Test
  void foreignOriginsAre403AndSameOriginIsFine() throws Exception {
    McpHttp.Reply foreign = http.modern("server/discover", null, new JsonObject());
    assertThat(foreign.status()).isEqualTo(200);
    JsonObject ping = McpHttp.modernRequest("server/discover", new JsonObject());
    Map<String, String> h = new java.util.HashMap<>(McpHttp.modernHeaders("server/discover", null));
    h.put("Origin", "http://evil.example");
    assertThat(http.post(ping.encode(), h).status()).isEqualTo(403);
    h.put("Origin", "http://127.0.0.1:" + hub.port());
    assertThat(http.post(ping.encode(), h).status()).isEqualTo(200);
  }

  @Test
  void aRebindingHostIs403() throws Exception {
    // java.net.http forbids setting Host, so speak HTTP/1.1 by hand.
    assertThat(pingWith("HTTP/1.1", "Host: evil.example:" + hub.port() + "\r\n")).startsWith("HTTP/1.1 403");
    assertThat(pingWith("HTTP/1.0", "")).startsWith("HTTP/1.0 403").contains("names no Host");
    String twoHosts = pingWith("HTTP/1.1", "Host: 127.0.0.1:" + hub.port() + "\r\nHost: evil.example\r\n");
    assertThat(twoHosts).startsWith("HTTP/1.1 400").contains("more than one Host header");
    assertThat(pingWith("HTTP/1.1", "Host: 127.0.0.1:" + hub.port() + "\r\n")).startsWith("HTTP/1.1 200");
  }

  /** A modern ping with the given Host lines, and everything the hub answers before it closes. */
  private static String pingWith(String version, String hostLines) throws Exception {
    String body = McpHttp.modernRequest("server/discover", new JsonObject()).encode();
    return rawExchange(hub.port(), "POST /mcp " + version + "\r\n" + hostLines + "Content-Type: application/json\r\n"
        + "Accept: application/json, text/event-stream\r\nMCP-Protocol-Version: 2026-07-28\r\nMcp-Method: server/discover\r\n"
        + "Content-Length: " + body.getBytes().length + "\r\nConnection: close\r\n\r\n" + body);
  }

  @Test
  void otherPathsAre404AndOtherMethods405() throws Exception {
    HttpClient c = HttpClient.newHttpClient();
    HttpResponse<String> other = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.port() + "/other"))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(http.send("PUT", Map.of()).status()).isEqualTo(405);
  }

  /** A client that stalls mid-body, or mid-headers, does not hold its connection for ever. */
  @Test
  void aStalledBodyIs408AndAStalledConnectionIsClosed() throws Exception {
    try (TestHub quick = TestHub.start("""
        listen: {host: 127.0.0.1, port: 0, requestTimeout: 1s}
        sessions: {keepAlive: 1s}
        backends: [{name: demo, type: builtin}]
        """)) {
      long start = System.nanoTime();
      String answer = rawExchange(quick.port(), "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
          + "Content-Length: 100\r\n\r\n{\"jsonrpc\"");
      assertThat(answer).startsWith("HTTP/1.1 408").contains("-32600").contains("did not arrive within 1000 ms");
      assertThat(rawExchange(quick.port(), "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1")).as("closed, nothing said")
          .isEmpty();
      assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(20));
    }
  }

  /** Writes {@code request} on a new connection and returns all it gets back until the hub closes it. */
  private static String rawExchange(int port, String request) throws Exception {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      s.setSoTimeout(20_000); // far above the hub's own limits here: a hang fails the test
      s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Test
  void theHubKeepsServingAfterAllOfThat() throws Exception {
    malformedJsonIs400ParseError();
    aBodyOverTheLimitIs413();
    assertThat(http.modern("server/discover", null, new JsonObject()).status()).isEqualTo(200);
  }
}
