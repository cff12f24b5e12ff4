package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.McpHttp;
import dev.switchboard.support.TestHub;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traces of calls through the hub, as an operator's collector receives them: the hub exports over OTLP/HTTP to a
 * receiver here that decodes the real OTLP protobuf; behind the hub, a 2026-07-28 HTTP backend written here
 * records the trace context it got (header and {@code _meta}), and the MCP Java SDK's stdio server says what its
 * request's {@code _meta} carried.
 */
@Timeout(120)
class TracingIT {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CLIENT_SPAN = "00f067aa0ba902b7";
  private final Vertx vertx = Vertx.vertx();
  private final List<Span> spans = new CopyOnWriteArrayList<>();
  private final List<Map<String, String>> httpBackendSaw = new CopyOnWriteArrayList<>();
  @TempDir
  Path tmp;

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void aTracedCallReachesAnHttpAndAStdioBackendInTheClientsTraceWithTheMcpAttributes() throws Exception {
    JsonObject stdioAnswer;
    try (TestHub hub = TestHub.start(config(receiver(), httpBackend()))) {
      McpHttp http = new McpHttp(hub.url());
      assertThat(call(http, "web__echo", "00-" + TRACE_ID + "-" + CLIENT_SPAN + "-01").status()).isEqualTo(200);
      stdioAnswer = call(http, "jsdk__traceparent", "00-" + TRACE_ID + "-" + CLIENT_SPAN + "-01").json();
    } // stopping the hub exports what is left

    Span server = span("tools/call web__echo");
    assertThat(hex(server.getTraceId())).isEqualTo(TRACE_ID); // the client's trace goes on
    assertThat(hex(server.getParentSpanId())).isEqualTo(CLIENT_SPAN);
    assertThat(server.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(attributes(server)).containsEntry("mcp.method.name", "tools/call")
        .containsEntry("gen_ai.tool.name", "web__echo").containsEntry("gen_ai.operation.name", "execute_tool")
        .containsEntry("mcp.protocol.version", "2026-07-28").containsEntry("switchboard.decision", "ok")
        .containsKey("jsonrpc.request.id").doesNotContainKey("mcp.session.id").doesNotContainKey("error.type")
        .doesNotContainKey("gen_ai.tool.call.arguments"); // never without captureContent

    Span client = span("tools/call echo");
    assertThat(client.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
    assertThat(client.getParentSpanId()).isEqualTo(server.getSpanId());
    String sent = "00-" + TRACE_ID + "-" + hex(client.getSpanId()) + "-01";
    assertThat(httpBackendSaw).singleElement().satisfies(saw -> {
      assertThat(saw).containsEntry("header", sent); // W3C header and _meta, both the hub's client span
      assertThat(saw).containsEntry("meta", sent);
    });

    Span stdioClient = span("tools/call traceparent");
    assertThat(hex(stdioClient.getTraceId())).isEqualTo(TRACE_ID);
    String toStdio = stdioAnswer.getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text");
    assertThat(toStdio).isEqualTo("00-" + TRACE_ID + "-" + hex(stdioClient.getSpanId()) + "-01");
  }

  /** A 2025-era client's trace context comes in its HTTP headers; its span names the session (hashed, as audited). */
  @Test
  void aLegacyClientsTraceComesFromItsHeadersAndItsSpanNamesItsSession() throws Exception {
    String legacyTrace = "0af7651916cd43dd8448eb211c80319c";
    String sid;
    try (TestHub hub = TestHub.start(config(receiver(), httpBackend()))) {
      McpHttp http = new McpHttp(hub.url());
      sid = http.initialize("2025-11-25");
      McpHttp.Reply reply = http.post(McpHttp.request("tools/call", new JsonObject().put("name", "web__echo")
          .put("arguments", new JsonObject())).encode(), Map.of("Mcp-Session-Id", sid, "MCP-Protocol-Version",
          "2025-11-25", "traceparent", "00-" + legacyTrace + "-b7ad6b7169203331-01"));
      assertThat(reply.status()).isEqualTo(200);
    }

    Span server = spans.stream().filter(s -> s.getName().equals("tools/call web__echo")
        && hex(s.getTraceId()).equals(legacyTrace)).findFirst().orElseThrow();
    assertThat(hex(server.getParentSpanId())).isEqualTo("b7ad6b7169203331");
    assertThat(attributes(server)).containsEntry("mcp.protocol.version", "2025-11-25")
        .containsEntry("mcp.session.id", dev.switchboard.protocol.Sha256.hex(sid).substring(0, 32));
    assertThat(httpBackendSaw).singleElement().satisfies(saw -> assertThat(saw.get("header")).contains(legacyTrace));
  }

  @Test
  void aCallRefusedByPolicyShowsTheDecisionInItsSpanAndItsRecordNamesTheTrace() throws Exception {
    try (TestHub hub = TestHub.start(config(receiver(), httpBackend()))) {
      McpHttp.Reply refused = call(new McpHttp(hub.url()), "jsdk__shout", null); // not granted (see config)
      assertThat(refused.json().getJsonObject("error").getInteger("code")).isEqualTo(-32602);
    }

    Span server = span("tools/call jsdk__shout");
    assertThat(attributes(server)).containsEntry("switchboard.decision", "denied")
        .containsEntry("error.type", "-32602").containsEntry("rpc.response.status_code", "-32602");
    assertThat(server.getStatus().getCode()).isEqualTo(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR);
    assertThat(server.getEventsList()).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("switchboard.policy.denied");
      assertThat(e.getAttributes(0).getValue().getStringValue()).contains("not granted to dev@localhost");
    });
    assertThat(spans).noneMatch(s -> s.getKind() == Span.SpanKind.SPAN_KIND_CLIENT); // no backend was asked
    String trail = Files.readString(Files.list(tmp.resolve("audit")).filter(f -> f.toString().endsWith(".jsonl"))
        .findFirst().orElseThrow());
    JsonObject denied = trail.lines().map(JsonObject::new).filter(r -> "denied".equals(r.getString("type")))
        .findFirst().orElseThrow();
    assertThat(denied.getString("traceId")).isEqualTo(hex(server.getTraceId()));
  }

  private static McpHttp.Reply call(McpHttp http, String tool, String traceparent) throws Exception {
    JsonObject params = new JsonObject().put("name", tool).put("arguments", new JsonObject().put("message", "hi"));
    if (traceparent != null) {
      params.put("_meta", new JsonObject().put("traceparent", traceparent));
    }
    return http.post(McpHttp.modernRequest("tools/call", params).encode(), McpHttp.modernHeaders("tools/call", tool));
  }

  private String config(int receiverPort, int backendPort) {
    String java = ProcessHandle.current().info().command().orElse("java");
    return """
        listen: {host: 127.0.0.1, port: 0}
        identity: {mode: dev}
        policy:
          rules: [{users: [dev@localhost], allow: {tools: ["web__*", "jsdk__traceparent"]}}]
        audit: {dir: "%s"}
        tracing: {enabled: true, endpoint: "http://127.0.0.1:%d"}
        backends:
          - {name: web, type: http, url: "http://127.0.0.1:%d/mcp"}
          - {name: jsdk, type: stdio, command: "%s", args: ["-cp", "%s", "dev.switchboard.support.JavaSdkStdioServer"], stateDir: "%s"}
        """.formatted(tmp.resolve("audit"), receiverPort, backendPort, java, System.getProperty("java.class.path"),
        tmp.resolve("state"));
  }

  /** An OTLP/HTTP receiver: decodes each export as the protobuf it is and keeps its spans. */
  private int receiver() {
    return vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      if (req.path().equals("/v1/traces")) {
        try {
          ExportTraceServiceRequest export = ExportTraceServiceRequest.parseFrom(body.getBytes());
          export.getResourceSpansList().forEach(r -> r.getScopeSpansList().forEach(s -> spans.addAll(s.getSpansList())));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
          req.response().setStatusCode(400).end();
          return;
        }
      }
      req.response().putHeader("Content-Type", "application/x-protobuf").end();
    })).listen(0, "127.0.0.1").await().actualPort();
  }

  /** A 2026-07-28 server (stateless) with one tool, which records the trace context each call came with. */
  private int httpBackend() {
    return vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      JsonObject m = body.toJsonObject();
      JsonObject result = switch (m.getString("method")) {
        case "server/discover" -> new JsonObject().put("supportedVersions", new JsonArray().add("2026-07-28"))
            .put("capabilities", new JsonObject().put("tools", new JsonObject()))
            .put("serverInfo", new JsonObject().put("name", "traced").put("version", "1"));
        case "tools/list" -> new JsonObject().put("tools", new JsonArray().add(new JsonObject().put("name", "echo")
            .put("inputSchema", new JsonObject().put("type", "object"))));
        case "tools/call" -> {
          record(req, m);
          yield new JsonObject().put("content", new JsonArray().add(new JsonObject().put("type", "text")
              .put("text", "echo")));
        }
        default -> null;
      };
      JsonObject answer = new JsonObject().put("jsonrpc", "2.0").put("id", m.getValue("id"));
      answer = result != null ? answer.put("result", result.put("resultType", "complete"))
          : answer.put("error", new JsonObject().put("code", -32601).put("message", "Method not found"));
      req.response().setStatusCode(result != null ? 200 : 404).putHeader("Content-Type", "application/json")
          .end(answer.encode());
    })).listen(0, "127.0.0.1").await().actualPort();
  }

  private void record(HttpServerRequest req, JsonObject m) {
    JsonObject meta = m.getJsonObject("params").getJsonObject("_meta", new JsonObject());
    httpBackendSaw.add(Map.of("header", String.valueOf(req.getHeader("traceparent")),
        "meta", String.valueOf(meta.getValue("traceparent"))));
  }

  private Span span(String name) {
    Optional<Span> found = spans.stream().filter(s -> s.getName().equals(name)).findFirst();
    assertThat(found).as("a span named '" + name + "' among " + spans.stream().map(Span::getName).toList()).isPresent();
    return found.get();
  }

  private static Map<String, String> attributes(Span span) {
    Map<String, String> a = new java.util.HashMap<>();
    for (KeyValue kv : span.getAttributesList()) {
      AnyValue v = kv.getValue();
      a.put(kv.getKey(), v.hasStringValue() ? v.getStringValue() : v.hasIntValue() ? String.valueOf(v.getIntValue())
          : v.toString());
    }
    return a;
  }

  private static String hex(com.google.protobuf.ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }
}
