package dev.switchboard.hub;

import dev.switchboard.config.AdminConfig;
import dev.switchboard.config.ListenConfig;
import dev.switchboard.metrics.HubMetrics;
import dev.switchboard.transport.McpEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;

/** The hub's two HTTP listeners: the MCP endpoint for clients, and the admin one (metrics, health). */
final class Listeners {
  private Listeners() {}

  /** Opens the MCP endpoint at its path; anything else on that listener is 404. */
  static Future<HttpServer> mcp(Vertx vertx, ListenConfig listen, int idleMillis, McpEndpoint endpoint,
      HubMetrics metrics) {
    String path = listen.path();
    return vertx.createHttpServer(new HttpServerOptions()
            .setHost(listen.host()).setPort(listen.port())
            // Cleartext HTTP/2 (h2c upgrade) off: MCP clients and scrapers speak HTTP/1.1 here, and an
            // h2c-upgraded response larger than the initial 64 KiB window was seen to stall in tests.
            .setHttp2ClearTextEnabled(false)
            // No WebSockets here: without these Vert.x puts a WebSocket extension handler in every
            // connection's pipeline, which inspects every request and response for an upgrade.
            .setPerFrameWebSocketCompressionSupported(false).setPerMessageWebSocketCompressionSupported(false)
            .setIdleTimeout(idleMillis).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
            .setCompressionSupported(false))
        .connectionHandler(conn -> {
          Runnable closed = metrics.connectionOpened();
          conn.closeHandler(gone -> closed.run());
        })
        .requestHandler(req -> {
          if (req.path().equals(path)) {
            endpoint.handle(req);
          } else {
            req.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", "not found: the MCP endpoint is " + path).toBuffer());
          }
        })
        .listen().recover(e -> cannotListen(e, listen.host(), listen.port(), "listen.port"));
  }

  /** Opens the admin listener, or completes with null when it is off. */
  static Future<HttpServer> admin(Vertx vertx, AdminConfig admin, Handler<HttpServerRequest> endpoints) {
    if (!admin.enabled()) {
      return Future.succeededFuture();
    }
    return vertx.createHttpServer(new HttpServerOptions().setHost(admin.host()).setPort(admin.port())
            .setHttp2ClearTextEnabled(false))
        .requestHandler(endpoints)
        .listen().recover(e -> cannotListen(e, admin.host(), admin.port(), "admin.port"));
  }

  /** A listener that could not open, told with its address and the key (or flag) that sets its port. */
  private static <T> Future<T> cannotListen(Throwable e, String host, int port, String key) {
    return Future.failedFuture(new IllegalStateException("cannot listen on " + host + ":" + port + " (" + key
        + "; --" + (key.startsWith("admin") ? "admin-port" : "port") + " on the command line): " + e.getMessage(), e));
  }
}
