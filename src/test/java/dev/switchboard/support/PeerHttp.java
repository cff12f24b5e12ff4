package dev.switchboard.support;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * HTTP to the hub from a chosen loopback source address (127.0.0.2, 127.0.0.3, …), so that tests can be
 * different tailnet users. One instance is one client with keep-alive connections; {@link #close} drops them.
 */
public final class PeerHttp implements AutoCloseable {
  private final HttpClient client;
  private final String url;

  public PeerHttp(Vertx vertx, String sourceIp, String url) {
    // One connection per peer, so "the same connection" in a test is literally the same TCP connection.
    this.client = vertx.createHttpClient(new HttpClientOptions().setLocalAddress(sourceIp).setKeepAlive(true)
        .setConnectTimeout(5000), new PoolOptions().setHttp1MaxSize(1));
    this.url = url;
  }

  public record Reply(int status, MultiMap headers, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  public Reply post(JsonObject body, Map<String, String> headers) throws Exception {
    RequestOptions o = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url).setTimeout(20_000)
        .putHeader("Content-Type", "application/json").putHeader("Accept", "application/json, text/event-stream");
    headers.forEach(o::putHeader);
    return client.request(o).compose(r -> r.send(body.toBuffer()))
        .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.headers(), b.toString())))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  public Reply modern(String method, String name, JsonObject params) throws Exception {
    return post(McpHttp.modernRequest(method, params), McpHttp.modernHeaders(method, name));
  }

  /** Opens a GET stream and completes with its first {@code count} SSE messages. */
  public java.util.concurrent.CompletableFuture<java.util.List<JsonObject>> stream(Map<String, String> headers, int count) {
    java.util.concurrent.CompletableFuture<java.util.List<JsonObject>> done = new java.util.concurrent.CompletableFuture<>();
    java.util.List<JsonObject> got = new java.util.concurrent.CopyOnWriteArrayList<>();
    RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url).putHeader("Accept", "text/event-stream");
    headers.forEach(o::putHeader);
    client.request(o).compose(r -> r.send()).onSuccess(resp -> {
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
    client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
