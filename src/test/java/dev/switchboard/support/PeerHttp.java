package dev.switchboard.support;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * HTTP to the hub from a chosen loopback source address (127.0.0.2, 127.0.0.3, …), so that tests can be
 * different tailnet users. One instance is one client on one keep-alive connection; {@link #close} drops it.
 *
 * <p>Every exchange runs on this client's own Vert.x context, never on the test's thread: in Vert.x 5.0.7 a
 * response whose end is handled on the event loop while {@code body()} is called from another thread can
 * lose its completion (eclipse-vertx/vert.x#6038, fixed after 5.0.7). Issued from the test thread, about
 * one request in a thousand on a loaded machine got its whole answer into the client and never completed.
 */
public final class PeerHttp implements AutoCloseable {
  private static final long ANSWER_SECONDS = 20;
  private final HttpClientAgent agent;
  private final Context context;
  private final java.net.URI uri;
  private Future<HttpClientConnection> connection;

  public PeerHttp(Vertx vertx, String sourceIp, String url) {
    this.agent = vertx.createHttpClient(new HttpClientOptions().setLocalAddress(sourceIp).setKeepAlive(true)
        .setConnectTimeout(5000));
    this.context = vertx.getOrCreateContext();
    this.uri = java.net.URI.create(url);
  }

  /**
   * One explicit TCP connection per peer, so "the same connection" in a test is literally that: requests
   * go on it one after another. Called on {@link #context} only.
   */
  private Future<HttpClientConnection> connection() {
    if (connection == null) {
      Future<HttpClientConnection> connecting = agent.connect(new HttpConnectOptions().setHost(uri.getHost())
          .setPort(uri.getPort()));
      connection = connecting;
      connecting.onFailure(e -> {
        if (connection == connecting) {
          connection = null; // the next exchange connects afresh
        }
      });
    }
    return connection;
  }

  /** Runs {@code exchange} on this client's context and waits for its outcome. */
  private <T> T onContext(java.util.function.Supplier<Future<T>> exchange) throws Exception {
    CompletableFuture<T> outcome = new CompletableFuture<>();
    context.runOnContext(v -> exchange.get().onComplete(ar -> {
      if (ar.succeeded()) {
        outcome.complete(ar.result());
      } else {
        outcome.completeExceptionally(ar.cause());
      }
    }));
    return outcome.get(ANSWER_SECONDS, TimeUnit.SECONDS);
  }

  public record Reply(int status, MultiMap headers, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  /** Sends on this peer's connection and waits for the whole answer. */
  public Reply post(JsonObject body, Map<String, String> headers) throws Exception {
    RequestOptions o = new RequestOptions().setMethod(HttpMethod.POST).setURI(uri.getPath()).setTimeout(20_000)
        .putHeader("Content-Type", "application/json").putHeader("Accept", "application/json, text/event-stream");
    headers.forEach(o::putHeader);
    return onContext(() -> connection().compose(c -> c.request(o)).compose(r -> r.send(body.toBuffer()))
        .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.headers(), b.toString()))));
  }

  public Reply modern(String method, String name, JsonObject params) throws Exception {
    return post(McpHttp.modernRequest(method, params), McpHttp.modernHeaders(method, name));
  }

  /** Opens a GET stream and completes with its first {@code count} SSE messages. */
  public CompletableFuture<List<JsonObject>> stream(Map<String, String> headers, int count) {
    CompletableFuture<List<JsonObject>> done = new CompletableFuture<>();
    List<JsonObject> got = new ArrayList<>();
    RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setURI(uri.getPath()).putHeader("Accept", "text/event-stream");
    headers.forEach(o::putHeader);
    context.runOnContext(v -> connection().compose(c -> c.request(o)).compose(r -> r.send()).onSuccess(resp -> {
      StringBuilder pending = new StringBuilder();
      resp.handler(chunk -> {
        pending.append(chunk.toString());
        int nl;
        while ((nl = pending.indexOf("\n")) >= 0) {
          String line = pending.substring(0, nl);
          pending.delete(0, nl + 1);
          if (line.startsWith("data: ")) {
            got.add(new JsonObject(line.substring(6)));
            if (got.size() >= count) {
              done.complete(List.copyOf(got));
            }
          }
        }
      });
    }).onFailure(done::completeExceptionally));
    return done;
  }

  @Override
  public void close() throws Exception {
    agent.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
