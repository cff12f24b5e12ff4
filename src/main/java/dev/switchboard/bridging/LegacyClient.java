package dev.switchboard.bridging;

import dev.switchboard.backend.Backend;
import dev.switchboard.pipeline.Exchange;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/**
 * A 2025-era client, whose session stream can carry the hub's requests to it, calling a backend of either era.
 * A 2025-era backend's request in the middle of the call goes to the client on the call's response stream
 * ({@link InputBridge#askClient}) and the answer back; a 2026-07-28 backend's {@code input_required} result
 * is answered the same way, the hub asking and retrying for the client ({@link InputBridge#resolve}), which
 * sees one call. One bridge serves both backend eras because both can happen in one call: the built-in demo
 * and servers written against both revisions ask in their result while speaking 2025-era.
 */
final class LegacyClient implements CallBridge {
  private final Vertx vertx;

  LegacyClient(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public Future<JsonObject> send(Exchange ex, Backend backend, JsonObject params) {
    Function<JsonObject, Future<JsonObject>> send =
        p -> BackendCalls.send(ex, backend, p, request -> InputBridge.askClient(ex, request));
    return send.apply(params).compose(r -> InputBridge.resolve(vertx, ex, params, r, send, 0));
  }
}
