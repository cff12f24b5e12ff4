package dev.switchboard.backend;

import dev.switchboard.config.BackendConfig;
import dev.switchboard.protocol.Era;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.JsonRpc;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.McpNames;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
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
  private final Vertx vertx;
  private final BackendConfig config;
  private final BackendClients clients;
  private final AtomicLong ids = new AtomicLong();
  private final HttpEndpoint endpoint;
  private volatile BackendInfo info;
  private final LegacyHttp legacy;
  private final LegacySessions sessions;
  private volatile Consumer<String> listChanged = kind -> { };
  private final SessionStreams streams;
  private final DroppedNotifications dropped;
  private final MirroredParams mirrored;
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
    this.endpoint = new HttpEndpoint(config);
    this.dropped = new DroppedNotifications(config.name());
    this.mirrored = new MirroredParams(config.name());
    this.legacy = new LegacyHttp(vertx, config, clients, endpoint, ids, this::asMcpError,
        kind -> listChanged.accept(kind), dropped::dropped);
    this.sessions = legacy.sessions;
    this.streams = legacy.streams;
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public synchronized Future<BackendInfo> connect() {
    if (connecting == null || connecting.failed()) {
      connecting = probeModern()
          .compose(modern -> modern != null ? Future.succeededFuture(modern) : legacy.initialize(LegacySessions.HUB))
          .onSuccess(i -> info = i);
    }
    return connecting;
  }

  @Override
  public synchronized void reset() {
    connecting = null; // a restarted server may have changed era, and has forgotten our sessions
    legacy.clear();
    mirrored.clear();
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

  @Override
  public Future<Runnable> listen(JsonObject filter, Consumer<JsonObject> sink) {
    return connect().compose(i -> {
      if (i.era() != Era.MODERN) {
        return Future.failedFuture(new McpError(ErrorKind.METHOD_NOT_FOUND,
            "Backend '" + name() + "' speaks " + i.protocolVersion() + ", which has no subscriptions/listen"));
      }
      JsonObject params = new JsonObject().put("notifications", filter);
      RequestOptions opts = endpoint.options(HttpMethod.POST).setIdleTimeout(0);
      ModernEnvelope.apply(params, opts, McpNames.LISTEN, new JsonObject());
      return BackendPost.listen(vertx, clients, name(), opts, JsonRpc.request(ids.incrementAndGet(), McpNames.LISTEN,
          params), config.timeout().millis(), sink);
    });
  }

  @Override
  public Future<Void> close() {
    return legacy.close().otherwiseEmpty().eventually(clients::close);
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
        Future<JsonObject> result = result(ar.result());
        if (i.era() == Era.MODERN && McpNames.TOOLS_LIST.equals(call.method()) && result.succeeded()) {
          mirrored.listed(result.result()); // x-mcp-header: learnt from the list, invalid tools left out
        }
        return result;
      }
      int status = ar.cause() instanceof BackendPost.HttpStatusException s ? s.status : 0;
      boolean sessionLost = status == 404 || status == 400 && sentSession != null && !sentSession.isEmpty();
      if (mayRenewSession && i.era() == Era.LEGACY && sessionLost) {
        if (sessions.forget(owner, sentSession) && status == 400) {
          legacy.delete(sentSession); // a 400 may have had another reason: do not leave the old one open
        }
        return sessions.of(owner).compose(sid -> send(call, i, owner, false));
      }
      return Future.failedFuture(asMcpError(ar.cause()));
    });
  }

  private Future<BackendPost.Reply> post(BackendCall call, BackendInfo i, String owner) {
    long id = ids.incrementAndGet();
    JsonObject params = new JsonObject(new java.util.LinkedHashMap<>(call.params().getMap())); // _meta is replaced, not edited
    RequestOptions opts = endpoint.options(HttpMethod.POST);
    if (i.era() == Era.MODERN) {
      ModernEnvelope.apply(params, opts, call.method(), call.clientCapabilities());
      if (McpNames.TOOLS_CALL.equals(call.method())) {
        mirrored.headers(params).forEach(opts::putHeader);
      }
    } else {
      legacy.addHeaders(opts, owner);
    }
    HttpEndpoint.traceHeaders(call.params(), opts);
    Promise<Void> cancelled = Promise.promise();
    call.cancelled().onComplete(v -> {
      if (cancelled.tryComplete() && i.era() == Era.LEGACY) {
        legacy.cancelled(id, owner); // legacy cancellation is a message; modern is the closed stream
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
        call.askClient().apply(m).onComplete(ar -> legacy.post(ar.succeeded()
            ? JsonRpc.answerUnder(serverId, ar.result())
            : JsonRpc.error(serverId, new JsonObject().put("code", -32601).put("message", ar.cause().getMessage())),
            owner));
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
    RequestOptions opts = endpoint.options(HttpMethod.POST);
    ModernEnvelope.apply(params, opts, McpNames.DISCOVER, new JsonObject());
    JsonObject probe = JsonRpc.request(ids.incrementAndGet(), McpNames.DISCOVER, params);
    return BackendPost.send(vertx, clients.calls, name(), opts, probe, config.timeout().millis(),
        Promise.<Void>promise().future(), m -> {}).transform(ar -> Handshake.discovered(name(), ar));
  }

}
