package dev.switchboard.tracing;

import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.TraceSink;
import dev.switchboard.protocol.McpNames;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Spans of MCP messages as the OpenTelemetry semantic conventions for MCP name them: a SERVER span per client
 * request, named {@code {mcp.method.name} {tool or prompt}}, whose parent is the trace context the client put
 * in {@code params._meta} (as those conventions say) or else in its HTTP headers; and a CLIENT span per request
 * to a backend, whose context goes with it. What the spans carry is in {@link ExchangeSpan}.
 */
final class McpTraces implements TraceSink {
  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
  private final Tracer tracer;
  private final boolean captureContent;

  McpTraces(Tracer tracer, boolean captureContent) {
    this.tracer = tracer;
    this.captureContent = captureContent;
  }

  @Override
  public Span start(Exchange ex) {
    io.opentelemetry.api.trace.Span span = tracer.spanBuilder(McpNames.bounded(ex.method())).setSpanKind(SpanKind.SERVER)
        .setParent(parentOf(ex)).startSpan();
    ExchangeSpan.begin(span, ex);
    return new ExchangeSpan(tracer, span, captureContent);
  }

  /** The client's trace: from {@code params._meta}, else from the request's headers, else none (a new trace). */
  private static Context parentOf(Exchange ex) {
    if (ex.params().getValue(McpNames.META) instanceof JsonObject meta && meta.getValue("traceparent") instanceof String) {
      Context fromMeta = W3C.extract(Context.root(), meta, META);
      if (io.opentelemetry.api.trace.Span.fromContext(fromMeta).getSpanContext().isValid()) {
        return fromMeta;
      }
    }
    return ex.http() == null ? Context.root() : W3C.extract(Context.root(), ex.http(), HEADERS);
  }

  private static final TextMapGetter<JsonObject> META = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(JsonObject meta) {
      return meta.fieldNames();
    }

    @Override
    public String get(JsonObject meta, String key) {
      return meta != null && meta.getValue(key) instanceof String s ? s : null;
    }
  };

  private static final TextMapGetter<HttpServerRequest> HEADERS = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(HttpServerRequest req) {
      return List.copyOf(req.headers().names());
    }

    @Override
    public String get(HttpServerRequest req, String key) {
      return req == null ? null : req.getHeader(key);
    }
  };
}
