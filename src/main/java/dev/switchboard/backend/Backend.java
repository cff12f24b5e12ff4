package dev.switchboard.backend;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * One backend MCP server, whatever its transport and era. Requests carry no client's {@code _meta} envelope
 * (the adapter adds the backend era's own); results come back as the backend sent them, and the transport
 * shapes them for the client's era.
 */
public interface Backend {
  String name();

  /** Learns the server's capabilities and era; called at start and on reconnect. */
  Future<BackendInfo> connect();

  Future<JsonObject> call(BackendCall call);

  /**
   * Opens a change-notification subscription on the backend (2026-07-28 {@code subscriptions/listen} with
   * the given filter); completes with a closer once acknowledged. Backends that cannot listen fail.
   */
  default Future<Runnable> listen(io.vertx.core.json.JsonObject filter, java.util.function.Consumer<JsonObject> sink) {
    return Future.failedFuture(new dev.switchboard.protocol.McpError(dev.switchboard.protocol.ErrorKind.METHOD_NOT_FOUND,
        "Backend '" + name() + "' does not offer subscriptions/listen"));
  }

  /**
   * Follows one resource for a call's client: {@code notifications/resources/updated} for {@code uri} go to
   * {@code sink} until the returned closer runs. 2026-07-28 backends do it with a listen stream.
   */
  default Future<Runnable> subscribe(BackendCall call, String uri, java.util.function.Consumer<JsonObject> sink) {
    return listen(new JsonObject().put("resourceSubscriptions", new io.vertx.core.json.JsonArray().add(uri)), sink);
  }

  /** Registers who hears that the server's lists changed (a list_changed notification it sent on its own). */
  default void onListChanged(java.util.function.Consumer<String> listener) {
  }

  /**
   * Whether this backend can follow a resource for a client's session ({@link #subscribe}): stdio, sse and
   * http backends can; the built-in demo cannot. A 2026-07-28 backend can whatever its transport.
   */
  default boolean followsResources() {
    return false;
  }

  /** Processes (stdio) or event streams (sse) open now; 0 for backends that hold none. */
  default int processes() {
    return 0;
  }

  /** Processes or streams stopped because they were stuck (silent past a deadline, or flooding). */
  default long stuckStops() {
    return 0;
  }

  /** Notifications from the server that reached no client (none was in progress, a kind not relayed). */
  default long droppedNotifications() {
    return 0;
  }

  /** Forgets what it learnt about the server (era, sessions) so the next connect starts afresh. */
  default void reset() {
  }

  Future<Void> close();
}
