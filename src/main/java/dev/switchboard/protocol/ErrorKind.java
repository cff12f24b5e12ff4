package dev.switchboard.protocol;

/**
 * Every way a call can fail, with the HTTP status and JSON-RPC code it maps to. The mapping to the wire
 * lives in {@link McpError#toJsonRpc} and the transport's error writer; nothing else picks codes.
 */
public enum ErrorKind {
  PARSE_ERROR(400, -32700),
  INVALID_REQUEST(400, -32600),
  BATCH_NOT_SUPPORTED(400, -32600),
  METHOD_NOT_FOUND(404, -32601),
  INVALID_PARAMS(200, -32602),
  /** An unknown tool, prompt or resource; also what a denied one looks like. */
  UNKNOWN_NAME(200, -32602),
  MISSING_META(400, -32602),
  HEADER_MISMATCH(400, -32020),
  UNSUPPORTED_PROTOCOL_VERSION(400, -32022),
  SESSION_REQUIRED(400, -32600),
  SESSION_NOT_FOUND(404, -32600),
  SESSION_LIMIT(503, -32603),
  /** A multi round-trip {@code requestState} the hub did not mint for this caller (or that expired). */
  REQUEST_STATE_NOT_FOUND(404, -32602),
  FORBIDDEN_ORIGIN(403, -32600),
  FORBIDDEN_HOST(403, -32600),
  METHOD_NOT_ALLOWED(405, -32600),
  NOT_ACCEPTABLE(406, -32600),
  UNSUPPORTED_MEDIA_TYPE(415, -32600),
  BODY_TOO_LARGE(413, -32600),
  /** The request's body did not arrive within the request deadline (a stalled or trickling client). */
  REQUEST_TIMEOUT(408, -32600),
  IDENTITY_UNAVAILABLE(503, -32603),
  /** A rate or concurrency limit; outside JSON-RPC's reserved range, {@code data} says which and when. */
  RATE_LIMITED(429, -31429),
  /** Not a tailnet peer, forged identity headers, Funnel traffic: who is calling cannot be trusted. */
  IDENTITY_REFUSED(403, -32600),
  BACKEND_UNAVAILABLE(200, -32603),
  BACKEND_TIMEOUT(200, -32603),
  /** A JSON-RPC error the backend itself answered; passed on with the backend's code. */
  BACKEND_ERROR(200, -32603),
  CANCELLED(200, -32603),
  /** Shared rate limits cannot be checked (Redis unreachable) and the hub is configured to fail closed. */
  LIMITS_UNAVAILABLE(503, -32603),
  /** The audit trail cannot be written and the hub fails closed: no call runs that could not be recorded. */
  AUDIT_UNAVAILABLE(503, -32603),
  INTERNAL(500, -32603);

  private final int httpStatus;
  private final int code;

  ErrorKind(int httpStatus, int code) {
    this.httpStatus = httpStatus;
    this.code = code;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public int code() {
    return code;
  }
}
