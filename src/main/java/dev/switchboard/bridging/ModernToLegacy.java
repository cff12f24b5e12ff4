package dev.switchboard.bridging;

import dev.switchboard.backend.Backend;
import dev.switchboard.pipeline.Exchange;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * A 2026-07-28 client calling a 2025-era backend: a request the backend sends mid-call pauses the call
 * ({@link PausedCalls}); the client gets {@code input_required}, and its retry carries the answer back to the
 * backend call that is still waiting.
 */
final class ModernToLegacy extends ModernClient {
  private final PausedCalls pausedCalls;

  ModernToLegacy(RequestStates requestStates, PausedCalls pausedCalls) {
    super(requestStates, pausedCalls);
    this.pausedCalls = pausedCalls;
  }

  @Override
  Future<JsonObject> call(Exchange ex, Backend backend, JsonObject params) {
    PausedCalls.Paused paused = pausedCalls.begin(ex);
    Future<JsonObject> result = BackendCalls.send(ex, backend, params, paused::notify, paused.cancelled(),
        paused::ask);
    return paused.first(result);
  }
}
