package dev.switchboard.bridging;

import dev.switchboard.backend.Backend;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.Futures;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * A 2026-07-28 client runs the rounds of a call itself, retrying with {@code inputResponses} and the
 * {@code requestState} it was given. A backend's state leaves the hub only sealed in a token bound to the
 * caller and the backend ({@link RequestStates}); a retry's token is opened here, and one naming a call the
 * hub holds paused ({@link PausedCalls}) resumes that call, whatever the backend's era is by now.
 */
abstract class ModernClient implements CallBridge {
  private final RequestStates requestStates;
  private final PausedCalls pausedCalls;

  ModernClient(RequestStates requestStates, PausedCalls pausedCalls) {
    this.requestStates = requestStates;
    this.pausedCalls = pausedCalls;
  }

  @Override
  public final Future<JsonObject> send(Exchange ex, Backend backend, JsonObject params) {
    return Futures.attempt(() -> resumeOrCall(ex, backend, params));
  }

  private Future<JsonObject> resumeOrCall(Exchange ex, Backend backend, JsonObject params) {
    if (params.containsKey("requestState")) {
      String state = requestStates.unwrap(params.getValue("requestState"), ex.caller(), backend.name());
      if (PausedCalls.isPause(state)) {
        return pausedCalls.get(state, ex.caller()).resume(ex, params.getJsonObject("inputResponses"))
            .map(r -> sealed(r, ex, backend));
      }
      if (state == null) {
        params.remove("requestState");
      } else {
        params.put("requestState", state);
      }
    }
    return call(ex, backend, params).map(r -> sealed(r, ex, backend));
  }

  /** The call in the backend's era, once the client's state is the backend's again. */
  abstract Future<JsonObject> call(Exchange ex, Backend backend, JsonObject params);

  /** An input_required's state leaves the hub only inside a token bound to the caller and the backend. */
  private JsonObject sealed(JsonObject result, Exchange ex, Backend backend) {
    if (InputBridge.needsInput(result)) {
      result.put("requestState", requestStates.wrap(result.getString("requestState"), ex.caller(), backend.name()));
    }
    return result;
  }
}
