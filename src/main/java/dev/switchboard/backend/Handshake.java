package dev.switchboard.backend;

import dev.switchboard.protocol.Era;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.McpNames;
import dev.switchboard.protocol.ProtocolVersions;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * What a streamable-HTTP server's answers to the era probe ({@code server/discover}) and to
 * {@code initialize} say about it, by the 2026-07-28 backward-compatibility rules.
 */
final class Handshake {
  private static final Set<Integer> MODERN_ERROR_CODES = Set.of(-32020, -32021, -32022);

  private Handshake() {}

  /**
   * The modern probe's verdict. Success or a recognized modern error means a modern server (the error: one
   * that does not offer our version); anything else that is an HTTP answer (400 without a modern error,
   * 404, 405, a legacy "not initialized" error) means legacy, which is a null result. No answer at all
   * (connection refused, timeout) is an outage, not a verdict: the failure itself.
   */
  static Future<BackendInfo> discovered(String backend, AsyncResult<BackendPost.Reply> ar) {
    if (ar.succeeded() && ar.result().message() != null
        && ar.result().message().getValue("result") instanceof JsonObject r
        && r.getValue("supportedVersions") instanceof io.vertx.core.json.JsonArray versions
        && versions.contains(ProtocolVersions.MODERN)) {
      try {
        return Future.succeededFuture(new BackendInfo(Era.MODERN, ProtocolVersions.MODERN,
            object(backend, r, "capabilities"), serverInfo(r), instructions(r)));
      } catch (McpError e) {
        return Future.failedFuture(e);
      }
    }
    if (ar.failed() && !(ar.cause() instanceof BackendPost.HttpStatusException)) {
      return Future.failedFuture(ar.cause());
    }
    if (ar.failed() && isModernError(((BackendPost.HttpStatusException) ar.cause()).body)) {
      return Future.failedFuture(new McpError(ErrorKind.BACKEND_UNAVAILABLE, "Backend '" + backend
          + "' is modern but does not offer " + ProtocolVersions.MODERN));
    }
    return Future.succeededFuture(null);
  }

  /** The session a legacy server's answer to {@code initialize} opened, or why it opened none. */
  static BackendInfo initialized(String backend, BackendPost.Reply reply) {
    return initialized(backend, reply.message());
  }

  /** As above, for the answer as a message (stdio and SSE servers answer in their channel). */
  static BackendInfo initialized(String backend, JsonObject answer) {
    if (answer == null || !(answer.getValue("result") instanceof JsonObject r)) {
      throw new McpError(ErrorKind.BACKEND_UNAVAILABLE, "Backend '" + backend + "' refused initialize: " + answer);
    }
    String version = r.getString("protocolVersion", ProtocolVersions.LEGACY_DEFAULT);
    if (!ProtocolVersions.isLegacy(version)) {
      throw new McpError(ErrorKind.BACKEND_UNAVAILABLE, "Backend '" + backend
          + "' negotiated unsupported protocol version " + version);
    }
    return new BackendInfo(Era.LEGACY, version, object(backend, r, "capabilities"),
        r.getValue("serverInfo") instanceof JsonObject info ? info : new JsonObject(), instructions(r));
  }

  /**
   * What a server says it can do decides what the hub asks it for, so capabilities that are not an object
   * make the server unusable, with a reason an operator can act on (not a ClassCastException).
   */
  private static JsonObject object(String backend, JsonObject answer, String key) {
    Object value = answer.getValue(key);
    if (value != null && !(value instanceof JsonObject)) {
      throw new McpError(ErrorKind.BACKEND_UNAVAILABLE, "Backend '" + backend + "' answered with '" + key
          + "' that is not an object");
    }
    return value == null ? new JsonObject() : (JsonObject) value;
  }

  /** Instructions are only passed on to clients: ones that are not text are left out. */
  private static String instructions(JsonObject answer) {
    return answer.getValue("instructions") instanceof String s ? s : null;
  }

  /** Who the server says it is (only shown): wherever 2026-07-28 or 2025 put it, when it is an object. */
  private static JsonObject serverInfo(JsonObject discover) {
    Object meta = discover.getValue(McpNames.META);
    if (meta instanceof JsonObject m && m.getValue(McpNames.META_SERVER_INFO) instanceof JsonObject info) {
      return info;
    }
    return discover.getValue("serverInfo") instanceof JsonObject info ? info : new JsonObject();
  }

  private static boolean isModernError(JsonObject body) {
    return body != null && body.getValue("error") instanceof JsonObject e
        && e.getValue("code") instanceof Integer code && MODERN_ERROR_CODES.contains(code);
  }
}
