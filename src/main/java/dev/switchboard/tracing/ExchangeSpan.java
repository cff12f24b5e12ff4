package dev.switchboard.tracing;

import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.Outcome;
import dev.switchboard.pipeline.Target;
import dev.switchboard.pipeline.TraceSink;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.McpNames;
import dev.switchboard.protocol.Primitive;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * One exchange's SERVER span. At its start: {@code mcp.method.name}, {@code mcp.protocol.version},
 * {@code jsonrpc.request.id}, {@code network.*}, {@code client.address}. At its end, when the hub knows them:
 * the name and {@code gen_ai.tool.name} / {@code gen_ai.prompt.name} / {@code mcp.resource.uri},
 * {@code gen_ai.operation.name} ({@code execute_tool}), {@code mcp.session.id} (a 2025-era session, hashed
 * as the audit trail names it: the id itself is a credential), the caller and the backend, the hub's decision
 * ({@code switchboard.decision}: ok, denied, rate_limited …, with the denial's reason or the limit as an
 * event), and on failure {@code error.type} and {@code rpc.response.status_code} (the JSON-RPC code) with an
 * ERROR status, or {@code error.type = tool_error} for a tool that said it failed.
 */
final class ExchangeSpan implements TraceSink.Span {
  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
  private final Tracer tracer;
  private final Span span;
  private final boolean captureContent;

  ExchangeSpan(Tracer tracer, Span span, boolean captureContent) {
    this.tracer = tracer;
    this.span = span;
    this.captureContent = captureContent;
  }

  /** What is known when the exchange starts. */
  static void begin(Span span, Exchange ex) {
    if (!span.isRecording()) {
      return;
    }
    span.setAttribute("mcp.method.name", McpNames.bounded(ex.method()));
    if (ex.protocolVersion() != null) {
      span.setAttribute("mcp.protocol.version", ex.protocolVersion());
    }
    if (ex.request().id() != null) {
      span.setAttribute("jsonrpc.request.id", String.valueOf(ex.request().id()));
    }
    span.setAttribute("network.transport", "tcp");
    span.setAttribute("network.protocol.name", "http");
    if (ex.http() != null && ex.http().remoteAddress() != null) {
      span.setAttribute("client.address", ex.http().remoteAddress().hostAddress());
      span.setAttribute("client.port", (long) ex.http().remoteAddress().port());
    }
  }

  @Override
  public String traceId() {
    // Only a trace that is exported: a record must not point at a trace nobody can open.
    return span.getSpanContext().isSampled() ? span.getSpanContext().getTraceId() : "";
  }

  @Override
  public TraceSink.BackendSpan backend(String backend, String method, String target) {
    Span client = tracer.spanBuilder(target == null ? method : method + " " + target).setSpanKind(SpanKind.CLIENT)
        .setParent(Context.root().with(span)).startSpan();
    if (client.isRecording()) {
      client.setAttribute("mcp.method.name", method);
      client.setAttribute("switchboard.backend", backend);
      if (target != null && McpNames.TOOLS_CALL.equals(method)) {
        client.setAttribute("gen_ai.tool.name", target);
      } else if (target != null && McpNames.PROMPTS_GET.equals(method)) {
        client.setAttribute("gen_ai.prompt.name", target);
      }
    }
    Map<String, String> context = new HashMap<>(2);
    W3C.inject(Context.root().with(client), context, Map::put);
    return new TraceSink.BackendSpan() {
      @Override
      public Map<String, String> context() {
        return context;
      }

      @Override
      public void end(Throwable failure) {
        if (failure != null) {
          McpError e = McpError.of(failure);
          client.setAttribute("error.type", String.valueOf(e.code()));
          client.setAttribute("rpc.response.status_code", String.valueOf(e.code()));
          client.setStatus(StatusCode.ERROR, e.getMessage());
        }
        client.end();
      }
    };
  }

  @Override
  public void end(Exchange ex, JsonObject result) {
    if (span.isRecording()) {
      describe(ex, result);
    }
    span.end();
  }

  private void describe(Exchange ex, JsonObject result) {
    Target t = ex.target();
    String name = t == null || t.kind() == Primitive.RESOURCE ? null : t.exposedName();
    String method = McpNames.bounded(ex.method());
    span.updateName(name == null ? method : method + " " + name);
    if (t != null) {
      span.setAttribute("switchboard.backend", t.backend());
      switch (t.kind()) {
        case TOOL -> span.setAttribute("gen_ai.tool.name", t.exposedName());
        case PROMPT -> span.setAttribute("gen_ai.prompt.name", t.exposedName());
        case RESOURCE -> span.setAttribute("mcp.resource.uri", t.exposedName());
      }
    }
    if (McpNames.TOOLS_CALL.equals(ex.method())) {
      span.setAttribute("gen_ai.operation.name", "execute_tool");
      if (captureContent && ex.params().getValue("arguments") instanceof JsonObject args) {
        span.setAttribute("gen_ai.tool.call.arguments", args.encode());
      }
      if (captureContent && result != null && ex.error() == null) {
        span.setAttribute("gen_ai.tool.call.result", result.encode());
      }
    }
    if (ex.session() != null) {
      span.setAttribute("mcp.session.id", ex.session().hashedId());
    }
    if (ex.caller() != null) {
      span.setAttribute("switchboard.user", ex.caller().principal());
    }
    decision(ex);
    McpError error = ex.error();
    if (error != null) {
      span.setAttribute("error.type", String.valueOf(error.code()));
      span.setAttribute("rpc.response.status_code", String.valueOf(error.code()));
      span.setStatus(StatusCode.ERROR, error.getMessage());
    } else if (ex.outcome() == Outcome.TOOL_ERROR) {
      span.setAttribute("error.type", "tool_error");
      span.setStatus(StatusCode.ERROR);
    }
  }

  /** What the hub decided, visible in the span: allowed, or refused by policy or a limit, and why. */
  private void decision(Exchange ex) {
    Outcome outcome = ex.outcome();
    span.setAttribute("switchboard.decision", outcome == Outcome.DENIED ? "denied" : outcome.metricLabel());
    if (outcome == Outcome.DENIED) {
      span.addEvent("switchboard.policy.denied", Attributes.builder()
          .put("switchboard.reason", ex.denial()).build());
    } else if (outcome == Outcome.RATE_LIMITED && ex.error().data() instanceof JsonObject data) {
      span.addEvent("switchboard.rate_limit.refused", Attributes.builder()
          .put("switchboard.limit", String.valueOf(data.getValue("limit")))
          .put("switchboard.retry_after_ms", String.valueOf(data.getValue("retryAfterMs"))).build());
    }
  }
}
