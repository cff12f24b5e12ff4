package dev.switchboard.backend;

import dev.switchboard.identity.Caller;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;

/**
 * One request to a backend.
 *
 * @param method        JSON-RPC method
 * @param params        era-neutral params (names already mapped back to the backend's own)
 * @param caller        who the hub is calling for (the builtin backend's {@code whoami} shows it)
 * @param timeoutMillis what is left of the exchange's deadline
 * @param notifications receives request-related notifications (progress, log) in order
 * @param cancelled     completes when the client cancels or the deadline passes
 * @param clientCapabilities what the end client declared it can do (sampling, elicitation, roots), passed on
 *                      to modern backends so they only ask for input the client can give
 */
public record BackendCall(String method, JsonObject params, Caller caller, long timeoutMillis,
    Consumer<JsonObject> notifications, Future<Void> cancelled, JsonObject clientCapabilities) {

  /** A call made by the hub itself (catalog loading), not on behalf of a client request. */
  public static BackendCall internal(String method, JsonObject params, long timeoutMillis) {
    return new BackendCall(method, params, null, timeoutMillis, n -> {}, Promise.<Void>promise().future(),
        new JsonObject());
  }
}
