package dev.switchboard.bridging;

import dev.switchboard.backend.Backend;
import dev.switchboard.backend.BackendCall;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.TraceSink;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.McpNames;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The backend call an exchange makes: its caller, what is left of its deadline, its client's capabilities and
 * its trace.
 */
final class BackendCalls {
  /** A 2026-07-28 backend asks for input in its result; a request of its mid-call is answered with this. */
  static final Function<JsonObject, Future<JsonObject>> NO_MID_CALL_REQUESTS = r -> Future.failedFuture(
      new McpError(ErrorKind.METHOD_NOT_FOUND, "A 2026-07-28 server asks for input in its result, not mid-call"));

  private BackendCalls() {}

  /**
   * Sends a call whose notifications go to the exchange's client, ended when the exchange is cancelled. What the
   * backend sends back — notifications, its requests for input, its answer — reaches the exchange on the event
   * loop the exchange lives on, in the order it came: a backend's channel may run on another loop, and the
   * exchange's response is confined to its own.
   */
  static Future<JsonObject> send(Exchange ex, Backend backend, JsonObject params,
      Function<JsonObject, Future<JsonObject>> askClient) {
    Context home = Vertx.currentContext();
    if (home == null) {
      return send(ex, backend, params, ex::notify, ex.cancelled(), askClient);
    }
    Homeward homeward = new Homeward(home);
    Function<JsonObject, Future<JsonObject>> ask = request -> {
      Promise<JsonObject> answer = Promise.promise();
      homeward.run(() -> askClient.apply(request).onComplete(answer));
      return answer.future();
    };
    Promise<JsonObject> result = Promise.promise();
    send(ex, backend, params, n -> homeward.run(() -> ex.notify(n)), ex.cancelled(), ask)
        .onComplete(ar -> homeward.run(() -> result.handle(ar)));
    return result.future();
  }

  /**
   * One call's way back to its exchange's loop. What arrives on that loop's thread with nothing of the call's
   * still queued runs at once (the usual case: the hub and its backend clients share loops); anything else is
   * queued there, so it cannot overtake what the backend sent before it (an answer that completes while the call
   * is being sent, say, behind notifications another thread already queued).
   */
  private static final class Homeward {
    private final Context home;
    private final Thread loop = Thread.currentThread();
    private final AtomicInteger queued = new AtomicInteger();

    Homeward(Context home) {
      this.home = home;
    }

    void run(Runnable action) {
      if (Thread.currentThread() == loop && queued.get() == 0) {
        action.run();
        return;
      }
      queued.incrementAndGet();
      home.runOnContext(v -> {
        queued.decrementAndGet();
        action.run();
      });
    }
  }

  /**
   * Sends one call to the backend in a span of its own, whose trace context goes along in {@code params._meta}
   * ({@code traceparent}, {@code tracestate}, as the OpenTelemetry conventions for MCP say): every transport
   * carries it there, and the HTTP backend puts it in its headers too.
   */
  static Future<JsonObject> send(Exchange ex, Backend backend, JsonObject params, Consumer<JsonObject> notifications,
      Future<Void> cancelled, Function<JsonObject, Future<JsonObject>> askClient) {
    TraceSink.BackendSpan span = ex.span().backend(backend.name(), ex.method(), targetOf(ex.method(), params));
    JsonObject traced = withContext(params, span.context());
    return backend.call(new BackendCall(ex.method(), traced, ex.caller(), ex.remainingMillis(), notifications,
        cancelled, ex.clientCapabilities(), askClient, ex.session() == null ? null : ex.session().id()))
        .andThen(ar -> span.end(ar.failed() ? ar.cause() : null));
  }

  private static String targetOf(String method, JsonObject params) {
    return McpNames.TOOLS_CALL.equals(method) || McpNames.PROMPTS_GET.equals(method) ? params.getString("name") : null;
  }

  /** The params with the trace context in {@code _meta} in place of any the client sent (copied, not edited). */
  private static JsonObject withContext(JsonObject params, Map<String, String> context) {
    if (context.isEmpty()) {
      return params;
    }
    JsonObject copy = new JsonObject(new LinkedHashMap<>(params.getMap()));
    JsonObject meta = params.getValue(McpNames.META) instanceof JsonObject m
        ? new JsonObject(new LinkedHashMap<>(m.getMap())) : new JsonObject();
    meta.remove("tracestate"); // the client's, if it sent one, belongs to its own context
    context.forEach(meta::put);
    return copy.put(McpNames.META, meta);
  }
}
