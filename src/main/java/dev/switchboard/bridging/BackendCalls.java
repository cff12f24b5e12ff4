package dev.switchboard.bridging;

import dev.switchboard.backend.Backend;
import dev.switchboard.backend.BackendCall;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.TraceSink;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.McpNames;
import dev.switchboard.protocol.Meta;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.Map;
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
    Homeward homeward = Homeward.here();
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
   * Sends one call to the backend in a span of its own, whose trace context goes along in {@code params._meta}
   * ({@code traceparent}, {@code tracestate}, as the OpenTelemetry conventions for MCP say): every transport
   * carries it there, and the HTTP backend puts it in its headers too. What the backend sends back arrives on
   * whatever thread it arrives on: the caller (a paused call) takes it home itself.
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
    return context.isEmpty() ? params : Meta.edited(params, meta -> {
      meta.remove("tracestate"); // the client's, if it sent one, belongs to its own context
      context.forEach(meta::put);
    });
  }
}
