package dev.switchboard.bridging;

import dev.switchboard.backend.Backend;
import dev.switchboard.pipeline.Exchange;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * A 2026-07-28 client calling a 2026-07-28 backend: the backend asks for input in its result, never
 * mid-call, so nothing can pause; only its {@code requestState} is sealed on the way out.
 */
final class ModernToModern extends ModernClient {
  ModernToModern(RequestStates requestStates, PausedCalls pausedCalls) {
    super(requestStates, pausedCalls);
  }

  @Override
  Future<JsonObject> call(Exchange ex, Backend backend, JsonObject params) {
    return BackendCalls.send(ex, backend, params, BackendCalls.NO_MID_CALL_REQUESTS);
  }
}
