package dev.switchboard.session;

import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.LegacySession;
import dev.switchboard.pipeline.Stage;
import dev.switchboard.protocol.Era;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.McpNames;
import dev.switchboard.protocol.ProtocolVersions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Pipeline stage for the legacy era: {@code initialize} creates a session bound to the caller; every
 * other legacy request must name a live session of the same caller. Modern requests carry their context
 * in {@code _meta} and need no session.
 */
public final class SessionStage implements Stage {
  /**
   * What a session may keep of its client for as long as it lives (its {@code clientInfo} and
   * {@code capabilities}, encoded): clients send well under a kilobyte, and a user may hold many sessions.
   */
  static final int MAX_CLIENT_BYTES = 64 * 1024;
  private final SessionRegistry registry;

  public SessionStage(SessionRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Future<Void> apply(Exchange ex) {
    if (ex.era() == Era.MODERN) {
      return Future.succeededFuture();
    }
    if (McpNames.INITIALIZE.equals(ex.method())) {
      JsonObject p = ex.params();
      if (!(p.getValue("protocolVersion") instanceof String requested)) {
        throw new McpError(ErrorKind.INVALID_PARAMS, "Invalid params: initialize needs 'protocolVersion'");
      }
      JsonObject info = p.getValue("clientInfo") instanceof JsonObject i ? i : new JsonObject();
      JsonObject caps = p.getValue("capabilities") instanceof JsonObject c ? c : new JsonObject();
      int bytes = info.toBuffer().length() + caps.toBuffer().length();
      if (bytes > MAX_CLIENT_BYTES) {
        throw new McpError(ErrorKind.INVALID_PARAMS, "Invalid params: clientInfo and capabilities take " + bytes
            + " bytes; a session keeps at most " + MAX_CLIENT_BYTES);
      }
      ex.client(info, caps);
      ex.session(registry.create(ProtocolVersions.negotiateLegacy(requested), info, caps, ex.caller()));
      return Future.succeededFuture();
    }
    LegacySession session = registry.lookup(ex.http().getHeader(McpNames.HEADER_SESSION_ID), ex.caller());
    ex.session(session);
    ex.client(session.clientInfo(), session.clientCapabilities());
    if (ex.request().isRequest()) { // a GET, DELETE or notification has nothing to cancel
      session.trackInFlight(ex.request().id(), ex::cancel); // for notifications/cancelled; untracked when answered
    }
    return Future.succeededFuture();
  }
}
