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
 * @param askClient     relays a request the backend sends while working on this call (sampling,
 *                      elicitation, roots) to the client that made the call; completes with the client's
 *                      JSON-RPC response, or fails when that client cannot be asked
 * @param clientSession the client's legacy session id, or null (modern clients have none)
 */
public record BackendCall(String method, JsonObject params, Caller caller, long timeoutMillis,
    Consumer<JsonObject> notifications, Future<Void> cancelled, JsonObject clientCapabilities,
    java.util.function.Function<JsonObject, Future<JsonObject>> askClient, String clientSession) {

  /**
   * Whose backend session or process serves this call: the hub's own (catalog loading, or
   * {@code sharing: shared}), the client session's ({@code per-client-session}, when it has one), or the
   * user's ({@code per-user}, the default).
   */
  public String owner(String sharing) {
    if (caller == null || sharing.equals("shared")) {
      return "";
    }
    if (sharing.equals("per-client-session") && clientSession != null) {
      return caller.principal() + "#" + clientSession;
    }
    return caller.principal();
  }

  /** A call made by the hub itself (catalog loading), not on behalf of a client request. */
  public static BackendCall internal(String method, JsonObject params, long timeoutMillis) {
    return new BackendCall(method, params, null, timeoutMillis, n -> {}, Promise.<Void>promise().future(),
        new JsonObject(), request -> Future.failedFuture(new dev.switchboard.protocol.McpError(
            dev.switchboard.protocol.ErrorKind.METHOD_NOT_FOUND, "No client to ask: the hub itself made this call")),
        null);
  }
}
