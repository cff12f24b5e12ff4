package dev.switchboard.pipeline;

import java.util.Map;

/**
 * Traces exchanges: a span from an exchange's start to its end, and one per request the hub sends a backend
 * on its behalf, whose trace context travels with that request. Like audit and metrics it observes and never
 * steers: nothing it does changes an answer, and it must be cheap and never fail.
 */
public interface TraceSink {
  /** The exchange's span begins; its parent is the trace the client sent, if any. */
  Span start(Exchange exchange);

  /** One exchange's span. */
  interface Span {
    /** The trace's id (32 hex digits), for audit records and logs; empty when the exchange is not traced. */
    String traceId();

    /** A request to {@code backend} begins on this exchange's behalf ({@code target}: its tool or prompt, or null). */
    BackendSpan backend(String backend, String method, String target);

    /** The exchange is finished ({@link Exchange#outcome()} and the rest are final): the span ends. */
    void end(Exchange exchange, io.vertx.core.json.JsonObject result);
  }

  /** One request to a backend. */
  interface BackendSpan {
    /** The W3C trace context to send along ({@code traceparent}, {@code tracestate}); empty when untraced. */
    Map<String, String> context();

    /** The backend answered (failure null) or failed. */
    void end(Throwable failure);
  }

  BackendSpan NO_BACKEND_SPAN = new BackendSpan() {
    @Override
    public Map<String, String> context() {
      return Map.of();
    }

    @Override
    public void end(Throwable failure) {
    }
  };

  Span NO_SPAN = new Span() {
    @Override
    public String traceId() {
      return "";
    }

    @Override
    public BackendSpan backend(String backend, String method, String target) {
      return NO_BACKEND_SPAN;
    }

    @Override
    public void end(Exchange exchange, io.vertx.core.json.JsonObject result) {
    }
  };

  TraceSink NONE = exchange -> NO_SPAN;
}
