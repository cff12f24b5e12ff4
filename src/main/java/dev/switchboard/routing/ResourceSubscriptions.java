package dev.switchboard.routing;

import dev.switchboard.backend.Backend;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.protocol.McpNames;
import dev.switchboard.session.LegacySession;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Legacy {@code resources/subscribe} on a backend that speaks 2026-07-28, where subscriptions are a
 * {@code subscriptions/listen} stream instead: one listen stream per (session, URI), owned by the
 * session, its {@code notifications/resources/updated} delivered on the session's GET stream.
 */
final class ResourceSubscriptions {
  private ResourceSubscriptions() {}

  static Future<JsonObject> bridge(Exchange ex, Backend backend, String uri) {
    LegacySession session = ex.session();
    String key = backend.name() + " " + uri;
    if (McpNames.RESOURCES_UNSUBSCRIBE.equals(ex.method())) {
      session.removeSubscription(key);
      return Future.succeededFuture(new JsonObject());
    }
    if (session.hasSubscription(key)) {
      return Future.succeededFuture(new JsonObject());
    }
    JsonObject filter = new JsonObject().put("resourceSubscriptions", new JsonArray().add(uri));
    return backend.listen(filter, n -> {
      if ("notifications/resources/updated".equals(n.getString("method"))) {
        JsonObject params = n.getJsonObject("params", new JsonObject()).copy();
        params.remove(McpNames.META);
        session.getStream().send(new JsonObject().put("jsonrpc", "2.0").put("method", n.getString("method"))
            .put("params", params).encode());
      }
    }).map(close -> {
      session.addSubscription(key, close);
      return new JsonObject();
    });
  }
}
