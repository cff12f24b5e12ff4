package dev.switchboard.transport;

import dev.switchboard.protocol.Era;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.JsonRpc;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.MediaTypes;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/** The one place an McpError becomes an HTTP status and a JSON-RPC error body. */
public final class ErrorWriter {
  private ErrorWriter() {}

  /**
   * The HTTP status for an error answering a request of the given era. Legacy servers answer a method
   * they do not know with HTTP 200 and a JSON-RPC error; 2026-07-28 requires 404 so that an old HTTP+SSE
   * server's plain 404 can be told apart.
   */
  public static int status(McpError error, Era era) {
    if (era == Era.LEGACY && error.kind() == ErrorKind.METHOD_NOT_FOUND) {
      return 200;
    }
    if (era == Era.MODERN && error.answeredByBackend()) {
      return modernStatusOf(error);
    }
    return error.kind().httpStatus();
  }

  /**
   * A backend's own error, told to a 2026-07-28 client: with the status a 2026-07-28 backend gave it, else
   * with the one that revision gives its code (a 2025-era backend answers every error with 200).
   */
  private static int modernStatusOf(McpError error) {
    if (error.backendStatus() != 0) {
      return error.backendStatus();
    }
    return switch (error.code()) {
      case -32601 -> 404;
      case -32700, -32600, -32020, -32021, -32022 -> 400;
      default -> error.kind().httpStatus();
    };
  }

  /** HTTP headers an error carries besides its status: Allow on 405, Retry-After (seconds) on 429. */
  static void headers(HttpServerResponse response, McpError error) {
    if (error.kind() == ErrorKind.METHOD_NOT_ALLOWED) {
      response.putHeader("Allow", "POST, GET, DELETE");
    }
    if (error.kind() == ErrorKind.RATE_LIMITED && error.data() instanceof io.vertx.core.json.JsonObject d) {
      response.putHeader("Retry-After", String.valueOf((d.getLong("retryAfterMs", 1000L) + 999) / 1000));
    }
  }

  public static void write(HttpServerResponse response, McpError error, Era era, Object id) {
    if (response.ended() || response.closed()) {
      return;
    }
    if (response.headWritten()) { // a stream already under way: no status is left to say it with
      response.end();
      return;
    }
    headers(response, error);
    response.setStatusCode(status(error, era))
        .putHeader(HttpHeaders.CONTENT_TYPE, MediaTypes.JSON_VALUE)
        .end(JsonRpc.error(id, error.toJsonRpc(era)).toBuffer());
  }
}
