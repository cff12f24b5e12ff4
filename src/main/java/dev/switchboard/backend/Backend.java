package dev.switchboard.backend;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * One backend MCP server, whatever its transport and era. Requests and results are era-neutral: no
 * protocol {@code _meta} envelope, no {@code resultType} / cache fields; the adapter speaks the backend's
 * dialect and the transport speaks the client's.
 */
public interface Backend {
  String name();

  /** Learns the server's capabilities and era; called at start and on reconnect. */
  Future<BackendInfo> connect();

  Future<JsonObject> call(BackendCall call);

  Future<Void> close();
}
