package dev.switchboard.bridging;

import dev.switchboard.backend.Backend;
import dev.switchboard.pipeline.Exchange;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * How one call crosses from its client's era to its backend's. There is one per pair of eras
 * ({@link CallBridges#between}); each knows who answers a backend's request for input (sampling, elicitation,
 * roots) and how the client's answer gets back to it.
 */
public interface CallBridge {
  /** Sends {@code params} (named as the backend knows them, the client's envelope removed) for the exchange. */
  Future<JsonObject> send(Exchange ex, Backend backend, JsonObject params);
}
