package dev.switchboard.bridging;

import dev.switchboard.backend.Backend;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.LegacySession;
import dev.switchboard.protocol.McpNames;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A legacy client's {@code resources/subscribe}, followed by the hub: on a 2026-07-28 backend with a
 * {@code subscriptions/listen} stream, on a stdio or SSE backend with {@code resources/subscribe} in the
 * client's own channel. One follow per (session, URI), owned by the session (ended with it), counted
 * against the user's follows, its {@code notifications/resources/updated} delivered on the session's GET
 * stream.
 */
public final class ResourceSubscriptions {
  private ResourceSubscriptions() {}

  public static Future<JsonObject> bridge(Exchange ex, Backend backend, Follows follows,
      dev.switchboard.backend.BackendCall call, String uri) {
    LegacySession session = ex.session();
    String key = backend.name() + " " + uri;
    if (McpNames.RESOURCES_UNSUBSCRIBE.equals(ex.method())) {
      session.removeSubscription(key);
      return Future.succeededFuture(new JsonObject());
    }
    if (session.hasSubscription(key)) {
      return Future.succeededFuture(new JsonObject());
    }
    return follows.hold(ex.caller().principal(), () -> backend.subscribe(call, uri, n -> {
      if ("notifications/resources/updated".equals(n.getString("method"))) {
        JsonObject params = n.getJsonObject("params", new JsonObject()).copy();
        params.remove(McpNames.META);
        session.getStream().send(new JsonObject().put("jsonrpc", "2.0").put("method", n.getString("method"))
            .put("params", params).encode());
      }
    })).map(close -> {
      session.addSubscription(key, close);
      return new JsonObject();
    });
  }
}
