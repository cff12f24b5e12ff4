package dev.switchboard.bridging;

import dev.switchboard.backend.BackendCall;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.McpError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;
import java.util.function.Function;

/** The backend call an exchange makes: its caller, what is left of its deadline, its client's capabilities. */
final class BackendCalls {
  /** A 2026-07-28 backend asks for input in its result; a request of its mid-call is answered with this. */
  static final Function<JsonObject, Future<JsonObject>> NO_MID_CALL_REQUESTS = r -> Future.failedFuture(
      new McpError(ErrorKind.METHOD_NOT_FOUND, "A 2026-07-28 server asks for input in its result, not mid-call"));

  private BackendCalls() {}

  /** Notifications go to the exchange's client, and the call ends when the exchange is cancelled. */
  static BackendCall of(Exchange ex, JsonObject params, Function<JsonObject, Future<JsonObject>> askClient) {
    return of(ex, params, ex::notify, ex.cancelled(), askClient);
  }

  static BackendCall of(Exchange ex, JsonObject params, Consumer<JsonObject> notifications, Future<Void> cancelled,
      Function<JsonObject, Future<JsonObject>> askClient) {
    return new BackendCall(ex.method(), params, ex.caller(), ex.remainingMillis(), notifications, cancelled,
        ex.clientCapabilities(), askClient, ex.session() == null ? null : ex.session().id());
  }
}
