package dev.switchboard.backend;

import dev.switchboard.config.BackendConfig;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.HubIdentity;
import dev.switchboard.protocol.JsonRpc;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.McpNames;
import dev.switchboard.protocol.ProtocolVersions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The 2025-era side of an HTTP backend: a session per owner ({@link LegacySessions}) opened with
 * {@code initialize} and {@code initialized}, its GET stream ({@link SessionStreams}), the one-way messages posted
 * into it (our answers to the server's requests, cancellations) and its DELETE when it ends.
 */
final class LegacyHttp {
  /**
   * What the hub relays to clients: each request goes to the client whose call caused it. Not roots: a
   * server asks for roots on its own schedule, not within a call, so there is no client to ask.
   */
  static final JsonObject RELAYED_CAPABILITIES = new JsonObject().put("sampling", new JsonObject())
      .put("elicitation", new JsonObject());
  final LegacySessions sessions;
  final SessionStreams streams;
  private final Vertx vertx;
  private final BackendConfig config;
  private final BackendClients clients;
  private final HttpEndpoint endpoint;
  private final AtomicLong ids;
  private final Function<Throwable, McpError> errors;
  /** What the server said when a session was last opened: its sessions' protocol version. */
  private volatile BackendInfo info;

  LegacyHttp(Vertx vertx, BackendConfig config, BackendClients clients, HttpEndpoint endpoint, AtomicLong ids,
      Function<Throwable, McpError> errors, Consumer<String> listChanged, Consumer<String> dropped) {
    this.errors = errors;
    this.vertx = vertx;
    this.config = config;
    this.clients = clients;
    this.endpoint = endpoint;
    this.ids = ids;
    this.sessions = new LegacySessions(vertx, config.idleTimeout().millis(), this::initialize, this::delete);
    this.streams = new SessionStreams(this::openStream, (owner, answer) -> post(answer, owner), listChanged, dropped);
  }

  /** Opens a session for {@code owner}; the server's id is established before {@code initialized} goes out. */
  Future<BackendInfo> initialize(String owner) {
    JsonObject params = new JsonObject()
        .put("protocolVersion", ProtocolVersions.LEGACY.get(0))
        .put("capabilities", RELAYED_CAPABILITIES.copy())
        .put("clientInfo", HubIdentity.clientInfo());
    JsonObject request = JsonRpc.request(ids.incrementAndGet(), McpNames.INITIALIZE, params);
    return BackendPost.send(vertx, clients.calls, config.name(), endpoint.options(HttpMethod.POST), request,
        config.timeout().millis(), Promise.<Void>promise().future(), m -> {}).transform(ar -> {
          if (ar.failed()) {
            return Future.failedFuture(errors.apply(ar.cause()));
          }
          BackendInfo i = Handshake.initialized(config.name(), ar.result());
          String header = ar.result().headers().get(McpNames.HEADER_SESSION_ID);
          String sid = header != null ? header : "";
          info = i; // what the session's stream is opened and answered with
          // The session is the owner's only once the server has heard initialized and its stream is open:
          // a call sent before that is "not initialized" to the server.
          return postInSession(JsonRpc.notification(McpNames.INITIALIZED, null), sid)
              .compose(v -> streams.ensure(owner, sid))
              .map(v -> {
                sessions.established(owner, sid);
                return i;
              });
        });
  }

  /** Tells the server a call of the owner's session was cancelled: in this era, cancellation is a message. */
  void cancelled(long id, String owner) {
    post(JsonRpc.notification(McpNames.CANCELLED,
        new JsonObject().put("requestId", id).put("reason", "cancelled by the client")), owner);
  }

  /** A one-way message into the owner's session (a notification, or our answer to the server's request). */
  Future<BackendPost.Reply> post(JsonObject message, String owner) {
    return postInSession(message, sessions.id(owner));
  }

  /** Adds the session's headers to a request of the owner's. */
  void addHeaders(RequestOptions opts, String owner) {
    addSessionHeaders(opts, sessions.id(owner));
  }

  Future<Void> delete(String sid) {
    streams.ended(sid);
    return sid.isEmpty() ? Future.succeededFuture()
        : clients.calls.request(endpoint.options(HttpMethod.DELETE).putHeader(McpNames.HEADER_SESSION_ID, sid))
            .compose(r -> r.send()).<Void>mapEmpty().otherwiseEmpty();
  }

  /** Forgets every session (the server restarted, or the hub is closing): their streams end. */
  void clear() {
    sessions.clear();
    streams.closeAll();
  }

  Future<Void> close() {
    streams.closeAll();
    return sessions.close();
  }

  /** A one-way message into the session with this id ("" or null: the server issues none). */
  private Future<BackendPost.Reply> postInSession(JsonObject message, String sessionId) {
    RequestOptions opts = endpoint.options(HttpMethod.POST);
    addSessionHeaders(opts, sessionId);
    return BackendPost.send(vertx, clients.calls, config.name(), opts, message, config.timeout().millis(),
        Promise.<Void>promise().future(), m -> {});
  }

  /** Opens the GET stream of a session; a server that sends no answer within the backend's timeout has none. */
  private Future<HttpClientResponse> openStream(String sessionId) {
    RequestOptions get = endpoint.options(HttpMethod.GET).putHeader("Accept", "text/event-stream").setIdleTimeout(0);
    addSessionHeaders(get, sessionId);
    Promise<HttpClientResponse> answered = Promise.promise();
    long timeout = config.timeout().millis();
    Future<io.vertx.core.http.HttpClientRequest> request = clients.openStream(get);
    long timer = vertx.setTimer(timeout, t -> {
      if (answered.tryFail(new McpError(ErrorKind.BACKEND_UNAVAILABLE, "Backend '" + config.name()
          + "' did not answer its session's GET within " + timeout + " ms"))) {
        request.onSuccess(r -> r.reset()); // a response that never comes must not hold its connection for ever
      }
    });
    request.compose(r -> r.send()).onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded() && !answered.tryComplete(ar.result())) {
        ar.result().request().reset(); // too late: the session went on without it
      } else if (ar.failed()) {
        answered.tryFail(ar.cause());
      }
    });
    return answered.future();
  }

  private void addSessionHeaders(RequestOptions opts, String session) {
    BackendInfo i = info;
    if (i != null) {
      opts.putHeader(McpNames.KEY_PROTOCOL_VERSION, i.protocolVersion());
    }
    if (session != null && !session.isEmpty()) {
      opts.putHeader(McpNames.KEY_SESSION_ID, session);
    }
  }
}
