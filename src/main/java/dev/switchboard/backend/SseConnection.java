package dev.switchboard.backend;

import dev.switchboard.config.BackendConfig;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.McpError;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URI;

/**
 * One session on a server speaking the 2024-11-05 HTTP+SSE transport: a GET opens the event stream,
 * whose first {@code endpoint} event says where to POST messages; answers and the server's own messages
 * come back as {@code message} events. The session lasts as long as the stream.
 */
final class SseConnection extends JsonRpcChannel {
  private static final System.Logger LOG = System.getLogger(SseConnection.class.getName());
  private static final int MAX_EVENT_BYTES = 16 * 1024 * 1024;
  private final BackendClients clients;
  private final BackendConfig config;
  private volatile URI postTo;
  private volatile HttpClientResponse stream;

  private SseConnection(String backend, String owner, Vertx vertx, Context context, BackendClients clients,
      BackendConfig config) {
    super(backend, owner, vertx, context);
    this.clients = clients;
    this.config = config;
  }

  /** Opens the event stream; completes once the server has named its message endpoint. */
  static Future<JsonRpcChannel> connect(String backend, String owner, Vertx vertx, Context context,
      BackendClients clients, BackendConfig config) {
    SseConnection c = new SseConnection(backend, owner, vertx, context, clients, config);
    Promise<JsonRpcChannel> ready = Promise.promise();
    URI url = URI.create(config.url());
    RequestOptions get = options(url, HttpMethod.GET, config).putHeader("Accept", "text/event-stream").setIdleTimeout(0);
    long timer = vertx.setTimer(config.connectTimeout().millis() + config.timeout().millis(), t -> ready.tryFail(
        BackendPost.unavailable(backend, new IllegalStateException("no endpoint event from " + url))));
    clients.openStream(get).compose(r -> r.send()).onComplete(ar -> {
      if (ar.failed() || ar.result().statusCode() != 200) {
        vertx.cancelTimer(timer);
        ready.tryFail(ar.failed() ? (ar.cause() instanceof McpError m ? m : BackendPost.unavailable(backend, ar.cause()))
            : BackendPost.unavailable(backend, new IllegalStateException("GET " + url + " answered HTTP "
                + ar.result().statusCode())));
        return;
      }
      HttpClientResponse resp = ar.result();
      c.stream = resp;
      SseParser parser = new SseParser(MAX_EVENT_BYTES, event -> {
        if ("endpoint".equals(event.event())) {
          URI to = sameOrigin(url, event.data());
          if (to != null) {
            c.postTo = to;
            vertx.cancelTimer(timer);
            ready.tryComplete(c);
          } else if (ready.tryFail(new McpError(ErrorKind.BACKEND_UNAVAILABLE, "Backend '" + backend + "': its "
              + "endpoint event names '" + event.data().strip() + "', not a URL on " + origin(url) + ", where its "
              + "event stream is: messages (and the configured headers) only go there"))) {
            vertx.cancelTimer(timer);
            c.kill();
          } else {
            LOG.log(System.Logger.Level.WARNING, "[{0}] ignoring an endpoint event for another origin", c.tag());
          }
        } else if (event.data() != null && !event.data().isBlank()) {
          try {
            c.onMessage(new JsonObject(event.data()));
          } catch (DecodeException | ClassCastException e) {
            LOG.log(System.Logger.Level.WARNING, "[{0}] ignoring an event that is not JSON-RPC", c.tag());
          }
        }
      });
      resp.handler(parser::feed);
      resp.endHandler(v -> c.onClosed(-1));
      resp.exceptionHandler(e -> c.onClosed(-1));
      c.exited().onComplete(v -> ready.tryFail(c.gone()));
    });
    return ready.future();
  }

  /**
   * Where an {@code endpoint} event says to POST, resolved against the stream's URL; null unless it is on
   * the stream's own origin (scheme, host, port). Messages carry the backend's configured headers, often
   * credentials: a stream must not be able to send them elsewhere (the MCP SDKs refuse the same).
   */
  static URI sameOrigin(URI stream, String endpoint) {
    try {
      URI to = stream.resolve(endpoint.strip());
      return to.getScheme() != null && to.getScheme().equalsIgnoreCase(stream.getScheme()) && to.getHost() != null
          && to.getHost().equalsIgnoreCase(stream.getHost()) && port(to) == port(stream) && to.getRawPath() != null
          ? to : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static int port(URI u) {
    return u.getPort() > 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  private static String origin(URI u) {
    return u.getScheme() + "://" + u.getHost() + ":" + port(u);
  }

  @Override
  protected void write(JsonObject message) {
    URI to = postTo;
    clients.calls.request(options(to, HttpMethod.POST, config).putHeader("Content-Type", "application/json"))
        .compose(r -> r.send(message.toBuffer()))
        .onComplete(ar -> {
          if (ar.failed() || ar.result().statusCode() / 100 != 2) {
            LOG.log(System.Logger.Level.WARNING, "[{0}] POST {1} failed: {2}", tag(), to,
                ar.failed() ? ar.cause().getMessage() : "HTTP " + ar.result().statusCode());
          }
        });
  }

  @Override
  void kill() {
    HttpClientResponse s = stream;
    if (s != null) {
      s.request().reset();
    }
    onClosed(-1);
  }

  @Override
  long pid() {
    return -1;
  }

  @Override
  protected String endedWhat() {
    return "its event stream closed";
  }

  private static RequestOptions options(URI u, HttpMethod method, BackendConfig config) {
    boolean ssl = u.getScheme().equals("https");
    RequestOptions o = new RequestOptions().setMethod(method).setHost(u.getHost())
        .setPort(u.getPort() > 0 ? u.getPort() : (ssl ? 443 : 80)).setSsl(ssl)
        .setURI((u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath())
            + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
    config.headers().forEach(o::putHeader);
    return o;
  }
}
