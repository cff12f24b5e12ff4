package dev.switchboard.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.BackendConfig;
import dev.switchboard.identity.Caller;
import dev.switchboard.protocol.Era;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.McpError;
import dev.switchboard.support.OnLoop;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link HttpBackend} against servers in this process written from the specifications, not from what the hub
 * sends: a 2026-07-28 server (stateless, {@code server/discover}, errors with their HTTP status) and a
 * 2025-11-25 server (sessions; 400 to a request without one, 404 to an unknown one, 405 to GET as the
 * transport allows; answers a call on an SSE stream that first asks the client for input).
 */
@Timeout(30)
class HttpBackendTest {
  private final Vertx vertx = Vertx.vertx();
  private final List<JsonObject> received = new CopyOnWriteArrayList<>();
  private final List<Map<String, String>> headers = new CopyOnWriteArrayList<>();
  private HttpBackend backend;

  @AfterEach
  void close() {
    if (backend != null) {
      backend.close().await();
    }
    vertx.close().await();
  }

  @Test
  void aModernServerIsCalledStatelessWithTheEnvelopeAndItsResultComesBackAsItSentIt() throws Exception {
    backend = backend(serve(this::modern));

    BackendInfo info = await(backend.connect());
    JsonObject result = await(backend.call(call("alice", "tools/call", new JsonObject().put("name", "echo"))));

    assertThat(info.era()).isEqualTo(Era.MODERN);
    assertThat(result.getString("resultType")).isEqualTo("complete"); // same era: nothing stripped
    JsonObject sent = received.get(received.size() - 1);
    assertThat(sent.getJsonObject("params").getJsonObject("_meta").getString("io.modelcontextprotocol/protocolVersion"))
        .isEqualTo("2026-07-28");
    Map<String, String> h = headers.get(headers.size() - 1);
    assertThat(h).containsEntry("mcp-protocol-version", "2026-07-28").containsEntry("mcp-method", "tools/call")
        .containsEntry("mcp-name", "echo").doesNotContainKey("mcp-session-id");
  }

  @Test
  void aModernServersErrorKeepsItsKindAndHttpStatus() throws Exception {
    backend = backend(serve(this::modern));
    await(backend.connect());

    McpError e = failure(backend.call(call("alice", "tools/call", new JsonObject().put("name", "missing"))));

    assertThat(e.answeredByBackend()).isTrue(); // its code and message pass on as the server said them
    assertThat(e.kind()).isEqualTo(ErrorKind.BACKEND_ERROR);
    assertThat(e.code()).isEqualTo(-32602);
    assertThat(e.backendStatus()).isEqualTo(400); // kept for a client of the same era
    assertThat(e.getMessage()).isEqualTo("Unknown tool: missing");
  }

  @Test
  void aSessionServerGetsOneSessionPerUserOpenedWithInitializeAndInitialized() throws Exception {
    LegacyServer server = new LegacyServer();
    backend = backend(serve(server::handle));

    BackendInfo info = await(backend.connect());
    await(backend.call(call("alice", "tools/call", new JsonObject().put("name", "echo"))));
    await(backend.call(call("bob", "tools/call", new JsonObject().put("name", "echo"))));

    assertThat(info.era()).isEqualTo(Era.LEGACY);
    assertThat(backend.sessionOf("alice")).isNotNull().isNotEqualTo(backend.sessionOf("bob"));
    assertThat(server.initialized).contains(backend.sessionOf("alice"), backend.sessionOf("bob"));
    assertThat(server.calledIn).containsExactly(backend.sessionOf("alice"), backend.sessionOf("bob"));
  }

  @Test
  void aSessionTheServerForgotIsOpenedAgainAndTheCallRunsOnce() throws Exception {
    LegacyServer server = new LegacyServer();
    backend = backend(serve(server::handle));
    await(backend.call(call("alice", "tools/call", new JsonObject().put("name", "echo"))));
    String first = backend.sessionOf("alice");

    server.sessions.clear(); // as after a restart: the server answers the old id 404
    JsonObject result = await(backend.call(call("alice", "tools/call", new JsonObject().put("name", "echo"))));

    assertThat(result.getJsonArray("content")).isNotEmpty();
    assertThat(backend.sessionOf("alice")).isNotNull().isNotEqualTo(first);
    assertThat(server.calledIn).hasSize(2); // once per call: the refused attempt ran nothing
  }

  @Test
  void aSessionServersRequestMidCallReachesTheCallsClientAndTheAnswerGoesBackUnderTheServersId() throws Exception {
    LegacyServer server = new LegacyServer();
    backend = backend(serve(server::handle));
    List<JsonObject> asked = new CopyOnWriteArrayList<>();
    Function<JsonObject, Future<JsonObject>> client = request -> {
      asked.add(request);
      return Future.succeededFuture(new JsonObject().put("jsonrpc", "2.0").put("id", "client-own-id")
          .put("result", new JsonObject().put("action", "accept")));
    };

    JsonObject result = await(backend.call(new BackendCall("tools/call", new JsonObject().put("name", "ask"),
        caller("alice"), 10_000, n -> { }, Promise.<Void>promise().future(), new JsonObject(), client, null)));

    assertThat(asked).singleElement().satisfies(r -> assertThat(r.getString("method")).isEqualTo("elicitation/create"));
    assertThat(result.getJsonArray("content").getJsonObject(0).getString("text")).isEqualTo("the user said accept");
    assertThat(server.answers).singleElement().satisfies(a -> assertThat(a.getValue("id")).isEqualTo("srv-1"));
  }

  /**
   * A 2026-07-28 server whose tool asks for {@code x-mcp-header} mirroring and which, as the transport says,
   * refuses a call whose header is missing or does not match (400, -32020); another tool's annotation breaks the
   * rules, so the hub leaves it out of the list.
   */
  @Test
  void annotatedParametersAreMirroredIntoHeadersAndAToolWithABadAnnotationIsLeftOut() throws Exception {
    backend = backend(serve((req, m) -> {
      JsonObject params = m.getJsonObject("params", new JsonObject());
      switch (m.getString("method")) {
        case "server/discover" -> json(req, 200, answer(m, new JsonObject().put("supportedVersions",
            new JsonArray().add("2026-07-28")).put("capabilities", new JsonObject().put("tools", new JsonObject()))
            .put("serverInfo", new JsonObject().put("name", "spec-headers").put("version", "1"))));
        case "tools/list" -> json(req, 200, answer(m, new JsonObject().put("tools", new JsonArray()
            .add(new JsonObject().put("name", "execute_sql").put("inputSchema", new JsonObject().put("type", "object")
                .put("properties", new JsonObject().put("region", new JsonObject().put("type", "string")
                    .put("x-mcp-header", "Region")).put("query", new JsonObject().put("type", "string")))))
            .add(new JsonObject().put("name", "bad").put("inputSchema", new JsonObject().put("type", "object")
                .put("properties", new JsonObject().put("ratio", new JsonObject().put("type", "number")
                    .put("x-mcp-header", "Ratio"))))))));
        default -> {
          String region = params.getJsonObject("arguments", new JsonObject()).getString("region");
          if (region != null && !region.equals(req.getHeader("Mcp-Param-Region"))) {
            json(req, 400, error(m, -32020, "Header mismatch: Mcp-Param-Region"));
          } else {
            json(req, 200, answer(m, text("ran in " + region)));
          }
        }
      }
    }));
    await(backend.connect());

    JsonObject listed = await(backend.call(call("alice", "tools/list", new JsonObject())));
    JsonObject ran = await(backend.call(call("alice", "tools/call", new JsonObject().put("name", "execute_sql")
        .put("arguments", new JsonObject().put("region", "us-west1").put("query", "SELECT 1")))));

    assertThat(listed.getJsonArray("tools").stream().map(t -> ((JsonObject) t).getString("name")))
        .containsExactly("execute_sql");
    assertThat(ran.getJsonArray("content").getJsonObject(0).getString("text")).isEqualTo("ran in us-west1");
    assertThat(headers.get(headers.size() - 1)).containsEntry("mcp-param-region", "us-west1");
  }

  /** A session server that never answers its GET: the call goes on without the stream, and the GET is let go. */
  @Test
  void aSessionGetThatIsNeverAnsweredIsGivenUpAndItsConnectionReleased() throws Exception {
    LegacyServer server = new LegacyServer();
    CompletableFuture<Void> getClosed = new CompletableFuture<>();
    HttpServer http = vertx.createHttpServer().requestHandler(req -> {
      if (req.method().name().equals("GET")) {
        req.connection().closeHandler(v -> getClosed.complete(null)); // and never a response
        return;
      }
      if (!req.method().name().equals("POST")) {
        req.response().setStatusCode(405).end();
        return;
      }
      req.body().onSuccess(body -> server.handle(req, body.toJsonObject()));
    });
    int port = http.listen(0, "127.0.0.1").await().actualPort();
    backend = new HttpBackend(vertx, new BackendConfig("spec", BackendConfig.Type.HTTP, "http://127.0.0.1:" + port
        + "/mcp", null, dev.switchboard.config.Durations.Value.parse("500ms"), null, null, null, null, null, null,
        null, null, null, null, null, null));

    JsonObject result = await(backend.call(call("alice", "tools/call", new JsonObject().put("name", "echo"))));

    assertThat(result.getJsonArray("content")).isNotEmpty();
    getClosed.get(5, TimeUnit.SECONDS); // reset after the backend's timeout, not held for ever
  }

  // --- the 2026-07-28 server -------------------------------------------------------------------------------

  private void modern(HttpServerRequest req, JsonObject m) {
    String method = m.getString("method");
    if ("server/discover".equals(method)) {
      json(req, 200, answer(m, new JsonObject().put("supportedVersions", new JsonArray().add("2026-07-28"))
          .put("capabilities", new JsonObject().put("tools", new JsonObject()))
          .put("serverInfo", new JsonObject().put("name", "spec-modern").put("version", "1"))
          .put("resultType", "complete").put("ttlMs", 0).put("cacheScope", "public")));
    } else if ("tools/call".equals(method) && "echo".equals(m.getJsonObject("params").getString("name"))) {
      json(req, 200, answer(m, text("echoed").put("resultType", "complete")));
    } else if ("tools/call".equals(method)) {
      // 2026-07-28: an invalid-params error is answered with HTTP 400
      json(req, 400, error(m, -32602, "Unknown tool: " + m.getJsonObject("params").getString("name")));
    } else {
      json(req, 404, error(m, -32601, "Method not found: " + method));
    }
  }

  // --- the 2025-11-25 server ---------------------------------------------------------------------------------

  /** Streamable HTTP with sessions, as the 2025-11-25 transport describes it. */
  private final class LegacyServer {
    final Set<String> sessions = ConcurrentHashMap.newKeySet();
    final List<String> initialized = new CopyOnWriteArrayList<>();
    final List<String> calledIn = new CopyOnWriteArrayList<>();
    final List<JsonObject> answers = new CopyOnWriteArrayList<>();
    final Map<Object, Promise<JsonObject>> waiting = new ConcurrentHashMap<>();
    final AtomicInteger serverIds = new AtomicInteger();

    void handle(HttpServerRequest req, JsonObject m) {
      String sid = req.getHeader("Mcp-Session-Id");
      if ("initialize".equals(m.getString("method"))) {
        String id = UUID.randomUUID().toString();
        sessions.add(id);
        req.response().putHeader("Mcp-Session-Id", id);
        json(req, 200, answer(m, new JsonObject().put("protocolVersion", "2025-11-25")
            .put("capabilities", new JsonObject().put("tools", new JsonObject()))
            .put("serverInfo", new JsonObject().put("name", "spec-legacy").put("version", "1"))));
        return;
      }
      if (sid == null) { // "Servers that require a session ID SHOULD respond ... with HTTP 400 Bad Request"
        json(req, 400, error(m, -32000, "Bad Request: No valid session ID provided"));
        return;
      }
      if (!sessions.contains(sid)) { // "MUST respond ... with HTTP 404 Not Found"
        json(req, 404, error(m, -32001, "Session not found"));
        return;
      }
      if (!"2025-11-25".equals(req.getHeader("MCP-Protocol-Version"))) {
        json(req, 400, error(m, -32000, "Bad Request: MCP-Protocol-Version header missing"));
        return;
      }
      if (!m.containsKey("method")) { // the client's answer to our request: 202 Accepted
        answers.add(m);
        Promise<JsonObject> p = waiting.remove(m.getValue("id"));
        if (p != null) {
          p.complete(m);
        }
        req.response().setStatusCode(202).end();
        return;
      }
      if (!m.containsKey("id")) { // a notification
        if ("notifications/initialized".equals(m.getString("method"))) {
          initialized.add(sid);
        }
        req.response().setStatusCode(202).end();
        return;
      }
      calledIn.add(sid);
      if ("ask".equals(m.getJsonObject("params").getString("name"))) {
        askThenAnswer(req, m);
      } else {
        json(req, 200, answer(m, text("echoed")));
      }
    }

    /** Answers on an SSE stream that first carries a request to the client; the result follows its answer. */
    private void askThenAnswer(HttpServerRequest req, JsonObject m) {
      String serverId = "srv-" + serverIds.incrementAndGet();
      Promise<JsonObject> answered = Promise.promise();
      waiting.put(serverId, answered);
      req.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
      req.response().write("data: " + new JsonObject().put("jsonrpc", "2.0").put("id", serverId)
          .put("method", "elicitation/create").put("params", new JsonObject().put("message", "Go?")
              .put("requestedSchema", new JsonObject())).encode() + "\n\n");
      answered.future().onSuccess(a -> req.response().end("data: " + answer(m, text("the user said "
          + a.getJsonObject("result").getString("action"))).encode() + "\n\n"));
    }
  }

  // --- plumbing ----------------------------------------------------------------------------------------------

  /** GET is answered 405 (no stream offered), as the transport allows; every POST goes to {@code handler}. */
  private int serve(java.util.function.BiConsumer<HttpServerRequest, JsonObject> handler) throws Exception {
    HttpServer server = vertx.createHttpServer().requestHandler(req -> {
      if (!"POST".equals(req.method().name())) {
        req.response().setStatusCode(405).end();
        return;
      }
      req.body().onSuccess(body -> {
        JsonObject m = body.toJsonObject();
        received.add(m);
        Map<String, String> h = new java.util.HashMap<>();
        req.headers().forEach(e -> h.put(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue()));
        headers.add(h);
        handler.accept(req, m);
      });
    });
    return server.listen(0, "127.0.0.1").await().actualPort();
  }

  private HttpBackend backend(int port) {
    BackendConfig config = new BackendConfig("spec", BackendConfig.Type.HTTP, "http://127.0.0.1:" + port + "/mcp",
        null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    return new HttpBackend(vertx, config);
  }

  private static BackendCall call(String login, String method, JsonObject params) {
    return new BackendCall(method, params, caller(login), 10_000, n -> { }, Promise.<Void>promise().future(),
        new JsonObject(), r -> Future.failedFuture("no client"), null);
  }

  private static Caller caller(String login) {
    return OnLoop.user(login);
  }

  private static void json(HttpServerRequest req, int status, JsonObject body) {
    req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }

  private static JsonObject answer(JsonObject request, JsonObject result) {
    return new JsonObject().put("jsonrpc", "2.0").put("id", request.getValue("id")).put("result", result);
  }

  private static JsonObject error(JsonObject request, int code, String message) {
    return new JsonObject().put("jsonrpc", "2.0").put("id", request.getValue("id"))
        .put("error", new JsonObject().put("code", code).put("message", message));
  }

  private static JsonObject text(String text) {
    return new JsonObject().put("content", new JsonArray().add(new JsonObject().put("type", "text").put("text", text)));
  }

  private static <T> T await(Future<T> f) throws Exception {
    return OnLoop.await(f);
  }

  private static McpError failure(Future<?> f) throws Exception {
    return OnLoop.failure(f);
  }
}
