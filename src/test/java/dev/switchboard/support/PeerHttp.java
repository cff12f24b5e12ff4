package dev.switchboard.support;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * HTTP to the hub from a chosen loopback source address (127.0.0.2, 127.0.0.3, …), so that tests can be
 * different tailnet users. One instance is one client with keep-alive connections; {@link #close} drops them.
 */
public final class PeerHttp implements AutoCloseable {
  private final HttpClientAgent agent;
  private final java.net.URI uri;
  private HttpClientConnection connection;

  public PeerHttp(Vertx vertx, String sourceIp, String url) {
    this.agent = vertx.createHttpClient(new HttpClientOptions().setLocalAddress(sourceIp).setKeepAlive(true)
        .setConnectTimeout(5000));
    this.uri = java.net.URI.create(url);
  }

  /**
   * One explicit TCP connection per peer, so "the same connection" in a test is literally that: requests
   * go on it one after another. (A pooled client capped at one connection sometimes lost the queued
   * second request — a client-side race, not the hub's.)
   */
  private synchronized HttpClientConnection connection() throws Exception {
    if (connection == null) {
      connection = agent.connect(new HttpConnectOptions().setHost(uri.getHost()).setPort(uri.getPort()))
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    return connection;
  }

  public record Reply(int status, MultiMap headers, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  /**
   * Sends on this peer's connection. A request that gets no answer within 8 s is sent once more on a new
   * connection: with this client bound to a 127.0.0.x alias and many short connections, about one
   * connection in several hundred never delivered its request (not seen with java.net.http in thousands);
   * the retry keeps that client-side stall out of the verdict, and is logged.
   */
  public Reply post(JsonObject body, Map<String, String> headers) throws Exception {
    try {
      return attempt(body, headers);
    } catch (java.util.concurrent.TimeoutException e) {
      System.err.println("PeerHttp: no answer in 8 s; retrying once on a new connection");
      synchronized (this) {
        connection = null;
      }
      return attempt(body, headers);
    }
  }

  private Reply attempt(JsonObject body, Map<String, String> headers) throws Exception {
    RequestOptions o = new RequestOptions().setMethod(HttpMethod.POST).setURI(uri.getPath()).setTimeout(20_000)
        .putHeader("Content-Type", "application/json").putHeader("Accept", "application/json, text/event-stream");
    headers.forEach(o::putHeader);
    return connection().request(o).compose(r -> r.send(body.toBuffer()))
        .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.headers(), b.toString())))
        .toCompletionStage().toCompletableFuture().get(8, TimeUnit.SECONDS);
  }

  public Reply modern(String method, String name, JsonObject params) throws Exception {
    return post(McpHttp.modernRequest(method, params), McpHttp.modernHeaders(method, name));
  }

  /** Opens a GET stream and completes with its first {@code count} SSE messages. */
  public java.util.concurrent.CompletableFuture<java.util.List<JsonObject>> stream(Map<String, String> headers, int count) {
    java.util.concurrent.CompletableFuture<java.util.List<JsonObject>> done = new java.util.concurrent.CompletableFuture<>();
    java.util.List<JsonObject> got = new java.util.concurrent.CopyOnWriteArrayList<>();
    RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setURI(uri.getPath()).putHeader("Accept", "text/event-stream");
    headers.forEach(o::putHeader);
    HttpClientConnection c;
    try {
      c = connection();
    } catch (Exception e) {
      done.completeExceptionally(e);
      return done;
    }
    c.request(o).compose(r -> r.send()).onSuccess(resp -> {
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
              done.complete(java.util.List.copyOf(got));
            }
          }
        }
      });
    }).onFailure(done::completeExceptionally);
    return done;
  }

  @Override
  public void close() throws Exception {
    agent.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
