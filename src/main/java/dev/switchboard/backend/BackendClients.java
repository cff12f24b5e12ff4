package dev.switchboard.backend;

import dev.switchboard.config.BackendConfig;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.McpError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * An HTTP backend's two connection pools. Calls are short, and the router bounds them ({@code maxConcurrent},
 * paused calls included). Streams — a user's resource-update stream, 2026-07-28 listen streams, an
 * {@code sse} backend's per-user event stream — stay open as long as someone needs them. In one shared pool,
 * 64 users' streams held every connection and each call then waited for its deadline; apart, calls always
 * find a connection, and a stream beyond {@code maxStreams} is refused at once, saying so.
 */
final class BackendClients {
  /** Requests the hub makes on its own beside routed calls: session set-up and end, catalog loads, probes. */
  private static final int OWN_REQUESTS = 16;
  final HttpClient calls;
  final HttpClient streams;
  private final String backend;
  private final int maxStreams;

  BackendClients(Vertx vertx, BackendConfig config, HttpClientOptions options) {
    this.backend = config.name();
    this.maxStreams = config.maxStreams();
    this.calls = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(config.maxConcurrent() + OWN_REQUESTS));
    this.streams = vertx.createHttpClient(new HttpClientOptions(options),
        new PoolOptions().setHttp1MaxSize(maxStreams).setMaxWaitQueueSize(0));
  }

  /** A request for a long-lived stream; fails with an McpError that names the limit when that is why. */
  Future<HttpClientRequest> openStream(RequestOptions options) {
    return streams.request(options).recover(e -> Future.failedFuture(streamRefused(e)));
  }

  private McpError streamRefused(Throwable cause) {
    if (cause instanceof ConnectionPoolTooBusyException) {
      return new McpError(ErrorKind.BACKEND_UNAVAILABLE, "Backend '" + backend + "' has " + maxStreams
          + " streams open, its limit (backends[].maxStreams); try again when others have closed");
    }
    return cause instanceof McpError m ? m : BackendPost.unavailable(backend, cause);
  }

  Future<Void> close() {
    return Future.join(calls.close(), streams.close()).mapEmpty();
  }
}
