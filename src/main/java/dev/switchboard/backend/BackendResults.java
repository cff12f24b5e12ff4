package dev.switchboard.backend;

import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.McpNames;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** A backend's JSON-RPC answer as a result or an error, whatever the transport it came over. */
final class BackendResults {
  private BackendResults() {}

  /**
   * The result as the backend sent it — in its era: the client's dialect ({@code transport.ClientDialect}) takes
   * off or adds what the client's era needs — or the backend's JSON-RPC error as an McpError.
   */
  static Future<JsonObject> of(String backend, JsonObject message) {
    if (message == null) {
      return Future.failedFuture(new McpError(ErrorKind.BACKEND_ERROR, "Backend '" + backend + "' sent no response"));
    }
    if (message.getValue("error") instanceof JsonObject error) {
      return Future.failedFuture(McpError.fromBackend(error));
    }
    if (!(message.getValue("result") instanceof JsonObject result)) {
      return Future.failedFuture(new McpError(ErrorKind.BACKEND_ERROR,
          "Backend '" + backend + "' answered without a result object"));
    }
    if (result.getValue(McpNames.META) instanceof JsonObject meta) {
      meta.remove(McpNames.META_SERVER_INFO); // the hub is the server the client talks to
      if (meta.isEmpty()) {
        result.remove(McpNames.META);
      }
    }
    return Future.succeededFuture(result);
  }
}
