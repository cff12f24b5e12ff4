package dev.switchboard.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The floor any proxy pays for the extra hop: a Vert.x relay that forwards request and response bytes
 * (method, headers, body) without understanding MCP. Usage: BareRelay PORT BACKEND_PORT
 */
public final class BareRelay {
  private BareRelay() {}

  /** What a relay does with one request, given its client to the backend. */
  interface Hop {
    void relay(HttpClient client, int backendPort, HttpServerRequest req);
  }

  public static void main(String[] args) {
    serve("relay", args, BareRelay::forward);
  }

  /** Starts a relay on {@code args[0]} in front of the backend on {@code args[1]}: one event loop, one pool. */
  static void serve(String name, String[] args, Hop hop) {
    int port = Integer.parseInt(args[0]);
    int backendPort = Integer.parseInt(args[1]);
    Vertx vertx = Vertx.vertx();
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5000),
        new PoolOptions().setHttp1MaxSize(64));
    vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
        .requestHandler(req -> hop.relay(client, backendPort, req))
        .listen().onSuccess(s -> System.out.println(name + " listening on " + s.actualPort()));
  }

  private static void forward(HttpClient client, int backendPort, HttpServerRequest req) {
    req.pause();
    RequestOptions o = new RequestOptions().setMethod(req.method()).setHost("127.0.0.1").setPort(backendPort)
        .setURI(req.uri()).setHeaders(req.headers().copy().remove("Host"));
    client.request(o).compose(out -> out.send(req)).onComplete(ar -> {
      if (ar.failed()) {
        req.response().setStatusCode(502).end();
        return;
      }
      var in = ar.result();
      req.response().setStatusCode(in.statusCode()).headers().setAll(in.headers());
      in.pipeTo(req.response());
    });
  }
}
