package dev.switchboard.backend;

import dev.switchboard.config.BackendConfig;
import dev.switchboard.protocol.Era;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.HubIdentity;
import dev.switchboard.protocol.JsonRpc;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.McpNames;
import dev.switchboard.protocol.MediaTypes;
import dev.switchboard.protocol.ProtocolVersions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A remote MCP server over streamable HTTP, in whichever era it speaks. {@link #connect} probes modern
 * first ({@code server/discover}) and falls back to {@code initialize} unless the answer is a recognized
 * modern error, as the 2026-07-28 backward-compatibility rules say; the verdict is remembered. A legacy
 * backend gets one session per user by default ({@code sharing: per-user}; {@code shared}: one for
 * everyone), opened on first use, ended after {@code idleTimeout}, and re-created transparently when the
 * server forgets it (404, or 400 for an id it does not know).
 */
public final class HttpBackend implements Backend {
  private static final CharSequence ACCEPT_BOTH = HttpHeaders.createOptimized(MediaTypes.JSON + ", " + MediaTypes.SSE);
  /**
   * What the hub relays to clients: each request goes to the client whose call caused it. Not roots: a
   * server asks for roots on its own schedule, not within a call, so there is no client to ask.
   */
  static final JsonObject RELAYED_CAPABILITIES = new JsonObject().put("sampling", new JsonObject())
      .put("elicitation", new JsonObject());
  private final Vertx vertx;
  private final BackendConfig config;
  private final BackendClients clients;
  private final AtomicLong ids = new AtomicLong();
  private final String host;
  private final int port;
  private final String path;
  private final boolean ssl;
  private volatile BackendInfo info;
  private final LegacySessions sessions;
  private volatile Consumer<String> listChanged = kind -> { };
  private final SessionStreams streams;
  private final DroppedNotifications dropped;
  private Future<BackendInfo> connecting;

  public HttpBackend(Vertx vertx, BackendConfig config) {
    this.vertx = vertx;
    this.config = config;
    HttpClientOptions options = new HttpClientOptions()
        .setConnectTimeout((int) config.connectTimeout().millis())
        .setIdleTimeout(60)
        .setKeepAlive(true)
        .setKeepAliveTimeout(30);
    this.clients = new BackendClients(vertx, config, options);
    java.net.URI u = java.net.URI.create(config.url()); // validated at start-up
    this.ssl = u.getScheme().equals("https");
    this.host = u.getHost();
    this.port = u.getPort() > 0 ? u.getPort() : (ssl ? 443 : 80);
    this.path = (u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath())
        + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    this.sessions = new LegacySessions(vertx, config.idleTimeout().millis(), this::initialize, this::deleteSession);
    this.dropped = new DroppedNotifications(config.name());
    this.streams = new SessionStreams(this::openSessionStream, (owner, answer) -> postLegacy(answer, info, owner),
        kind -> listChanged.accept(kind), dropped::dropped);
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public synchronized Future<BackendInfo> connect() {
    if (connecting == null || connecting.failed()) {
      connecting = probeModern()
          .compose(modern -> modern != null ? Future.succeededFuture(modern) : initialize(LegacySessions.HUB))
          .onSuccess(i -> info = i);
    }
    return connecting;
  }

  @Override
  public synchronized void reset() {
    connecting = null; // a restarted server may have changed era, and has forgotten our sessions
    sessions.clear();
    streams.closeAll();
  }

  @Override
  public Future<JsonObject> call(BackendCall call) {
    String owner = call.owner(config.sharing());
    sessions.used(owner);
    Future<BackendInfo> connected = connect();
    if (connected.succeeded() && connected.result().era() == Era.MODERN) {
      try {
        return send(call, connected.result(), owner, true); // the usual case, without two more futures per call
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    }
    return connected.compose(i -> i.era() == Era.LEGACY
            ? sessions.of(owner).compose(sid -> streams.ensure(owner, sid)).map(i) : Future.succeededFuture(i))
        .compose(i -> send(call, i, owner, true));
  }

  /** The backend session of a user (tests compare them); null when there is none. */
  public String sessionOf(String principal) {
    return sessions.id(principal);
  }

  @Override
  public boolean followsResources() {
    return true;
  }

  @Override
  public long droppedNotifications() {
    return dropped.count();
  }

  private Future<Void> deleteSession(String sid) {
    streams.ended(sid);
    return sid.isEmpty() ? Future.succeededFuture()
        : clients.calls.request(options(HttpMethod.DELETE).putHeader(McpNames.HEADER_SESSION_ID, sid))
            .compose(r -> r.send()).<Void>mapEmpty().otherwiseEmpty();
  }

  @Override
  public Future<Runnable> listen(JsonObject filter, Consumer<JsonObject> sink) {
    return connect().compose(i -> {
      if (i.era() != Era.MODERN) {
        return Future.failedFuture(new McpError(ErrorKind.METHOD_NOT_FOUND,
            "Backend '" + name() + "' speaks " + i.protocolVersion() + ", which has no subscriptions/listen"));
      }
      JsonObject params = new JsonObject().put("notifications", filter);
      RequestOptions opts = options(HttpMethod.POST).setIdleTimeout(0);
      ModernEnvelope.apply(params, opts, McpNames.LISTEN, new JsonObject());
      return BackendPost.listen(vertx, clients, name(), opts, JsonRpc.request(ids.incrementAndGet(), McpNames.LISTEN,
          params), config.timeout().millis(), sink);
    });
  }

  @Override
  public Future<Void> close() {
    streams.closeAll();
    return sessions.close().otherwiseEmpty().eventually(clients::close);
  }

  /**
   * Sends one call. A legacy backend that no longer knows our session gets a new one and the call once
   * more: the spec's answer for that is 404, but servers built from the SDK's examples (server-everything
   * among them) answer 400 "No valid session ID provided" to an id they do not know, as after a restart.
   * Either way the server ran nothing, so sending the call again cannot run it twice.
   */
  private Future<JsonObject> send(BackendCall call, BackendInfo i, String owner, boolean mayRenewSession) {
    String sentSession = sessions.id(owner);
    if (i.era() == Era.LEGACY && sentSession == null) {
      // Another call found the session lost and is opening a new one: sent now, this call would carry no
      // session at all (and be "not initialized" to the server). It waits for the new one, once: lost again,
      // the call fails rather than chase sessions for a client that may be gone.
      if (call.cancelled().isComplete()) {
        return Future.failedFuture(new McpError(ErrorKind.CANCELLED, "cancelled"));
      }
      return sessions.of(owner).compose(sid -> sessions.id(owner) == null
          ? Future.failedFuture(new McpError(ErrorKind.BACKEND_UNAVAILABLE, "Backend '" + name()
              + "' keeps losing this user's session; try again"))
          : send(call, i, owner, false));
    }
    return post(call, i, owner).transform(ar -> {
      if (ar.succeeded()) {
        return result(ar.result());
      }
      int status = ar.cause() instanceof BackendPost.HttpStatusException s ? s.status : 0;
      boolean sessionLost = status == 404 || status == 400 && sentSession != null && !sentSession.isEmpty();
      if (mayRenewSession && i.era() == Era.LEGACY && sessionLost) {
        if (sessions.forget(owner, sentSession) && status == 400) {
          deleteSession(sentSession); // a 400 may have had another reason: do not leave the old one open
        }
        return sessions.of(owner).compose(sid -> send(call, i, owner, false));
      }
      return Future.failedFuture(asMcpError(ar.cause()));
    });
  }

  private Future<BackendPost.Reply> post(BackendCall call, BackendInfo i, String owner) {
    long id = ids.incrementAndGet();
    JsonObject params = new JsonObject(new java.util.LinkedHashMap<>(call.params().getMap())); // _meta is replaced, not edited
    RequestOptions opts = options(HttpMethod.POST);
    if (i.era() == Era.MODERN) {
      ModernEnvelope.apply(params, opts, call.method(), call.clientCapabilities());
    } else {
      addLegacyHeaders(opts, i, owner);
    }
    Promise<Void> cancelled = Promise.promise();
    call.cancelled().onComplete(v -> {
      if (cancelled.tryComplete() && i.era() == Era.LEGACY) {
        notifyCancelled(id, i, owner); // legacy cancellation is a message; modern is the closed stream
      }
    });
    // The exchange's own deadline cancels the call; a timer here is only needed when this backend's timeout
    // is the shorter of the two, or for the hub's own calls, which have no exchange.
    long timeout = Math.min(call.timeoutMillis(), config.timeout().millis());
    boolean ownTimer = call.caller() == null || config.timeout().millis() < call.timeoutMillis();
    Runnable done = i.era() == Era.LEGACY ? streams.started(owner, id, call) : () -> { };
    return BackendPost.send(vertx, clients.calls, name(), opts, JsonRpc.request(id, call.method(), params),
        ownTimer ? timeout : 0, cancelled.future(), streamed(call, i, owner)).andThen(ar -> done.run());
  }

  /**
   * What arrives on a call's response stream besides its answer: notifications go to the call's client;
   * the server's own requests (sampling, elicitation, roots) are relayed to that client and its answer
   * posted back into the session under the server's id.
   */
  private Consumer<JsonObject> streamed(BackendCall call, BackendInfo i, String owner) {
    return m -> {
      if (m.containsKey("method") && !m.containsKey("id")) {
        if (String.valueOf(m.getString("method")).endsWith("/list_changed")) {
          listChanged.accept(m.getString("method")); // the catalog re-reads this backend's lists
        } else {
          call.notifications().accept(m);
        }
      } else if (m.containsKey("method") && i.era() == Era.LEGACY) {
        Object serverId = m.getValue("id");
        call.askClient().apply(m).onComplete(ar -> postLegacy(ar.succeeded()
            ? JsonRpc.answerUnder(serverId, ar.result())
            : JsonRpc.error(serverId, new JsonObject().put("code", -32601).put("message", ar.cause().getMessage())),
            i, owner));
      }
    };
  }

  @Override
  public void onListChanged(Consumer<String> listener) {
    this.listChanged = listener;
  }

  /**
   * Follows a resource on a 2025-era server: {@code resources/subscribe} in the owner's session, whose GET
   * stream ({@link SessionStreams}) carries the updates, routed by URI. 2026-07-28 servers get a listen
   * stream instead.
   */
  @Override
  public Future<Runnable> subscribe(BackendCall call, String uri, Consumer<JsonObject> sink) {
    String owner = call.owner(config.sharing());
    return connect().compose(i -> {
      if (i.era() == Era.MODERN) {
        return Backend.super.subscribe(call, uri, sink);
      }
      return sessions.of(owner).compose(sid -> streams.ensure(owner, sid))
          .compose(v -> send(BackendCall.internal(McpNames.RESOURCES_SUBSCRIBE, new JsonObject().put("uri", uri),
              config.timeout().millis()), i, owner, true))
          .map(ok -> {
            Runnable remove = streams.follow(owner, uri, sink);
            return (Runnable) () -> {
              remove.run();
              if (!streams.follows(owner, uri)) {
                send(BackendCall.internal(McpNames.RESOURCES_UNSUBSCRIBE, new JsonObject().put("uri", uri),
                    config.timeout().millis()), i, owner, false);
              }
            };
          });
    });
  }

  /** Opens the GET stream of a session; a server that sends no answer within the backend's timeout has none. */
  private Future<io.vertx.core.http.HttpClientResponse> openSessionStream(String sessionId) {
    RequestOptions get = options(HttpMethod.GET).putHeader("Accept", "text/event-stream").setIdleTimeout(0);
    addSessionHeaders(get, info, sessionId);
    Promise<io.vertx.core.http.HttpClientResponse> answered = Promise.promise();
    long timeout = config.timeout().millis();
    long timer = vertx.setTimer(timeout, t -> answered.tryFail(new McpError(ErrorKind.BACKEND_UNAVAILABLE,
        "Backend '" + name() + "' did not answer its session's GET within " + timeout + " ms")));
    clients.openStream(get).compose(r -> r.send()).onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded() && !answered.tryComplete(ar.result())) {
        ar.result().request().reset(); // too late: the session went on without it
      } else if (ar.failed()) {
        answered.tryFail(ar.cause());
      }
    });
    return answered.future();
  }

  /** The era-neutral result of a reply, or the backend's JSON-RPC error as an McpError. */
  private Future<JsonObject> result(BackendPost.Reply reply) {
    return BackendResults.of(name(), reply.message());
  }

  private McpError asMcpError(Throwable e) {
    if (e instanceof McpError m) {
      return m;
    }
    if (e instanceof BackendPost.HttpStatusException s) {
      if (s.body != null && s.body.getValue("error") instanceof JsonObject error) {
        BackendInfo i = info;
        return McpError.fromBackend(error, i != null && i.era() == Era.MODERN ? s.status : 0);
      }
      return new McpError(ErrorKind.BACKEND_UNAVAILABLE, "Backend '" + name() + "' answered HTTP " + s.status);
    }
    return BackendPost.unavailable(name(), e);
  }

  /** The modern probe ({@code server/discover}); see {@link Handshake#discovered} for what its answer means. */
  private Future<BackendInfo> probeModern() {
    JsonObject params = new JsonObject();
    RequestOptions opts = options(HttpMethod.POST);
    ModernEnvelope.apply(params, opts, McpNames.DISCOVER, new JsonObject());
    JsonObject probe = JsonRpc.request(ids.incrementAndGet(), McpNames.DISCOVER, params);
    return BackendPost.send(vertx, clients.calls, name(), opts, probe, config.timeout().millis(),
        Promise.<Void>promise().future(), m -> {}).transform(ar -> Handshake.discovered(name(), ar));
  }

  /** Opens a legacy session for {@code owner}; the server's id is established before {@code initialized} goes out. */
  private Future<BackendInfo> initialize(String owner) {
    JsonObject params = new JsonObject()
        .put("protocolVersion", ProtocolVersions.LEGACY.get(0))
        .put("capabilities", RELAYED_CAPABILITIES.copy())
        .put("clientInfo", HubIdentity.clientInfo());
    JsonObject request = JsonRpc.request(ids.incrementAndGet(), McpNames.INITIALIZE, params);
    return BackendPost.send(vertx, clients.calls, name(), options(HttpMethod.POST), request, config.timeout().millis(),
        Promise.<Void>promise().future(), m -> {}).transform(ar -> {
          if (ar.failed()) {
            return Future.failedFuture(asMcpError(ar.cause()));
          }
          BackendInfo i = Handshake.initialized(name(), ar.result());
          String header = ar.result().headers().get(McpNames.HEADER_SESSION_ID);
          String sid = header != null ? header : "";
          info = info != null ? info : i; // what the session's stream is opened and answered with
          // The session is the owner's only once the server has heard initialized and its stream is open:
          // a call sent before that is "not initialized" to the server.
          return postInSession(JsonRpc.notification(McpNames.INITIALIZED, null), i, sid)
              .compose(v -> streams.ensure(owner, sid))
              .map(v -> {
                sessions.established(owner, sid);
                return i;
              });
        });
  }

  private void notifyCancelled(long id, BackendInfo i, String owner) {
    postLegacy(JsonRpc.notification(McpNames.CANCELLED,
        new JsonObject().put("requestId", id).put("reason", "cancelled by the client")), i, owner);
  }

  /** A one-way message into the legacy session (a notification, or our answer to the server's request). */
  private Future<BackendPost.Reply> postLegacy(JsonObject message, BackendInfo i, String owner) {
    return postInSession(message, i, sessions.id(owner));
  }

  /** A one-way message into the session with this id ("" or null: the server issues none). */
  private Future<BackendPost.Reply> postInSession(JsonObject message, BackendInfo i, String sessionId) {
    RequestOptions opts = options(HttpMethod.POST);
    addSessionHeaders(opts, i, sessionId);
    return BackendPost.send(vertx, clients.calls, name(), opts, message, config.timeout().millis(),
        Promise.<Void>promise().future(), m -> {});
  }

  private RequestOptions options(HttpMethod method) {
    RequestOptions o = new RequestOptions().setMethod(method).setHost(host).setPort(port).setURI(path).setSsl(ssl)
        .putHeader(HttpHeaders.ACCEPT, ACCEPT_BOTH);
    if (method == HttpMethod.POST) {
      o.putHeader(HttpHeaders.CONTENT_TYPE, MediaTypes.JSON_VALUE);
    }
    config.headers().forEach(o::putHeader);
    return o;
  }

  private void addLegacyHeaders(RequestOptions opts, BackendInfo i, String owner) {
    addSessionHeaders(opts, i, sessions.id(owner));
  }

  private void addSessionHeaders(RequestOptions opts, BackendInfo i, String session) {
    opts.putHeader(McpNames.KEY_PROTOCOL_VERSION, i.protocolVersion());
    if (session != null && !session.isEmpty()) {
      opts.putHeader(McpNames.KEY_SESSION_ID, session);
    }
  }
}
