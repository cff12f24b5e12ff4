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
        && r.getJsonArray("supportedVersions") != null
        && r.getJsonArray("supportedVersions").contains(ProtocolVersions.MODERN)) {
      return Future.succeededFuture(new BackendInfo(Era.MODERN, ProtocolVersions.MODERN,
          r.getJsonObject("capabilities", new JsonObject()), serverInfo(r), r.getString("instructions")));
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
    JsonObject r = reply.message() == null ? null : reply.message().getJsonObject("result");
    if (r == null) {
      throw new McpError(ErrorKind.BACKEND_UNAVAILABLE, "Backend '" + backend + "' refused initialize: "
          + reply.message());
    }
    String version = r.getString("protocolVersion", ProtocolVersions.LEGACY_DEFAULT);
    if (!ProtocolVersions.isLegacy(version)) {
      throw new McpError(ErrorKind.BACKEND_UNAVAILABLE, "Backend '" + backend
          + "' negotiated unsupported protocol version " + version);
    }
    return new BackendInfo(Era.LEGACY, version, r.getJsonObject("capabilities", new JsonObject()),
        r.getJsonObject("serverInfo", new JsonObject()), r.getString("instructions"));
  }

  private static JsonObject serverInfo(JsonObject discover) {
    JsonObject meta = discover.getJsonObject(McpNames.META, new JsonObject());
    return meta.getJsonObject(McpNames.META_SERVER_INFO, discover.getJsonObject("serverInfo", new JsonObject()));
  }

  private static boolean isModernError(JsonObject body) {
    return body != null && body.getValue("error") instanceof JsonObject e
        && e.getValue("code") instanceof Integer code && MODERN_ERROR_CODES.contains(code);
  }
}
