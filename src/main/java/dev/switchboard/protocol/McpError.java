package dev.switchboard.protocol;

import io.vertx.core.json.JsonObject;

/**
 * The one failure type of the hub: a kind (HTTP status + JSON-RPC code), a message a client can act on,
 * optional JSON-RPC {@code data}, and for backend errors the backend's own code.
 */
public final class McpError extends RuntimeException {
  private final ErrorKind kind;
  private final Object data;
  private final Integer codeOverride;
  /** The HTTP status a 2026-07-28 backend gave its error (0: none, or not to be kept). */
  private final int backendStatus;

  public McpError(ErrorKind kind, String message) {
    this(kind, message, null, null, 0);
  }

  public McpError(ErrorKind kind, String message, Object data) {
    this(kind, message, data, null, 0);
  }

  private McpError(ErrorKind kind, String message, Object data, Integer codeOverride, int backendStatus) {
    super(message, null, false, false);
    this.kind = kind;
    this.data = data;
    this.codeOverride = codeOverride;
    this.backendStatus = backendStatus;
  }

  /** A JSON-RPC error object answered by a backend, carried through unchanged in code and message. */
  public static McpError fromBackend(Object error) {
    return fromBackend(error, 0);
  }

  /**
   * As {@link #fromBackend(Object)}, keeping the HTTP status a 2026-07-28 backend answered with when it is one
   * that revision gives its errors (400, 404), for a client of the same era: 400 for a missing client
   * capability means something to it. A 401 or 403 is the backend's business with the hub (its token), never
   * passed to a client, which would start signing in to the hub.
   */
  public static McpError fromBackend(Object error, int httpStatus) {
    // Whatever the server put there: a code that is not an integer is no code a client could act on.
    JsonObject e = error instanceof JsonObject o ? o : new JsonObject();
    int code = e.getValue("code") instanceof Integer c ? c : ErrorKind.BACKEND_ERROR.code();
    String message = e.getValue("message") instanceof String m ? m : "backend error";
    return new McpError(ErrorKind.BACKEND_ERROR, message, e.getValue("data"), code,
        httpStatus == 400 || httpStatus == 404 ? httpStatus : 0);
  }

  /**
   * Whether this is an error the backend itself answered (a well-formed JSON-RPC error, such as
   * method-not-found): proof that the backend is up, whatever it thought of the request.
   */
  public boolean answeredByBackend() {
    return codeOverride != null;
  }

  /** The 4xx status a 2026-07-28 backend answered this error with, or 0. */
  public int backendStatus() {
    return backendStatus;
  }

  /** Turns any throwable into an McpError; unexpected ones become INTERNAL without leaking details. */
  public static McpError of(Throwable t) {
    if (t instanceof McpError e) {
      return e;
    }
    return new McpError(ErrorKind.INTERNAL, "internal error");
  }

  public ErrorKind kind() {
    return kind;
  }

  public Object data() {
    return data;
  }

  public int code() {
    return codeOverride != null ? codeOverride : kind.code();
  }

  /** The JSON-RPC error object for a client of the given era. */
  public JsonObject toJsonRpc(Era era) {
    int code = code();
    if (era == Era.MODERN && code == -32002) {
      code = -32602; // 2026-07-28 retired "resource not found" -32002 in favour of -32602
    }
    JsonObject error = new JsonObject().put("code", code).put("message", getMessage());
    if (data != null) {
      error.put("data", data);
    }
    return error;
  }
}
