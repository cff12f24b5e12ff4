package dev.switchboard.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/**
 * The floor a proxy that reads MCP pays: {@link BareRelay} plus only what any such proxy must do to each
 * call, and nothing the hub does beyond it (no identity, policy, limits, sessions, routing, metrics).
 * It reads each request and answer whole, decodes the JSON-RPC message, looks at the method and the tool
 * name (what routing and authorization need) and writes the message onward encoded again (what renaming
 * a namespaced tool needs). Usage: ReadingRelay PORT BACKEND_PORT
 */
public final class ReadingRelay {
  private ReadingRelay() {}

  public static void main(String[] args) {
    BareRelay.serve("reading relay", args, ReadingRelay::relay);
  }

  private static void relay(HttpClient client, int backendPort, HttpServerRequest req) {
    req.body().compose(body -> {
      RequestOptions o = new RequestOptions().setMethod(req.method()).setHost("127.0.0.1").setPort(backendPort)
          .setURI(req.uri()).setHeaders(req.headers().copy().remove("Host").remove("Content-Length"));
      return client.request(o).compose(out -> out.send(read(body)));
    }).compose(in -> in.body().map(answer -> {
      req.response().setStatusCode(in.statusCode()).headers().setAll(in.headers()).remove("Content-Length");
      return in.getHeader("Content-Type") != null && in.getHeader("Content-Type").startsWith("application/json")
          ? read(answer) : answer;
    })).onComplete(ar -> {
      if (ar.failed()) {
        req.response().setStatusCode(502).end();
      } else {
        req.response().end(ar.result());
      }
    });
  }

  /** Decodes one JSON-RPC message, reads what routing reads, and encodes it again. */
  private static Buffer read(Buffer body) {
    if (body.length() == 0) {
      return body;
    }
    JsonObject m = (JsonObject) Json.decodeValue(body);
    if ("tools/call".equals(m.getString("method"))) {
      m.getJsonObject("params").getString("name");
    }
    return m.toBuffer();
  }
}
