package dev.switchboard.backend;

import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.JsonRpc;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.McpNames;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A JSON-RPC conversation with one MCP server over a message transport that carries requests and answers
 * separately (stdio; the 2024-11-05 HTTP+SSE transport): ids, pending calls with their deadline and
 * cancellation, progress routed by token to the call that asked, and the server's own requests. When the
 * transport ends, every call still waiting fails at once with an error that names the backend.
 */
abstract class JsonRpcChannel {
  protected final String backend;
  protected final String owner;
  protected final Vertx vertx;
  protected final Context context;
  private final Map<Long, Promise<JsonObject>> pending = new ConcurrentHashMap<>();
  private final Map<Object, Consumer<JsonObject>> progress = new ConcurrentHashMap<>();
  private final java.util.concurrent.ConcurrentSkipListMap<Long, java.util.function.Function<JsonObject, Future<JsonObject>>>
      askers = new java.util.concurrent.ConcurrentSkipListMap<>();
  /** The notification sinks of the calls in progress, by id: the latest hears what belongs to no request. */
  private final java.util.concurrent.ConcurrentSkipListMap<Long, Consumer<JsonObject>> callSinks =
      new java.util.concurrent.ConcurrentSkipListMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final Promise<Integer> closed = Promise.promise();
  private final long startedMillis = System.currentTimeMillis();
  private volatile long lastUsedMillis = startedMillis;
  private volatile long lastHeardNanos = System.nanoTime();
  private volatile Consumer<String> stuck = why -> { };
  private volatile Consumer<String> dropped = method -> { };
  private volatile Consumer<String> listChanged = kind -> { };
  private final ResourceFollowers followers = new ResourceFollowers();

  JsonRpcChannel(String backend, String owner, Vertx vertx, Context context) {
    this.backend = backend;
    this.owner = owner;
    this.vertx = vertx;
    this.context = context;
  }

  /** Sends one message to the server (off the event loop where the transport blocks). */
  protected abstract void write(JsonObject message);

  /** Ends the transport at once (and for stdio, the process and what it started): for a stuck server. */
  abstract void kill();

  /** Ends the transport the way its protocol asks a healthy server to end; completes once it has ended. */
  Future<Void> stop() {
    kill();
    return Future.succeededFuture();
  }

  /** What the process or connection is, for logs and tests (a pid, a URL). */
  abstract long pid();

  long startedMillis() {
    return startedMillis;
  }

  boolean alive() {
    return !closed.future().isComplete();
  }

  /** Completes with an exit code (-1 when there is none) when the transport is gone. */
  Future<Integer> exited() {
    return closed.future();
  }

  /** Whether no message at all has come from the server since {@code nanos} ({@link System#nanoTime()}). */
  boolean silentSince(long nanos) {
    return lastHeardNanos - nanos < 0;
  }

  /** Told, with why, when the server looks stuck: it missed a deadline in silence, or floods its output. */
  void onStuck(Consumer<String> listener) {
    this.stuck = listener;
  }

  /** Told the method of each notification that reached nobody: none is dropped silently. */
  void onDropped(Consumer<String> listener) {
    this.dropped = listener;
  }

  protected void stuck(String why) {
    stuck.accept(why);
  }

  boolean idle(long nowMillis, long idleMillis) {
    return pending.isEmpty() && nowMillis - lastUsedMillis > idleMillis;
  }

  /**
   * Sends a request and completes with the whole JSON-RPC answer (result or error). Progress
   * notifications carrying the request's {@code progressToken} go to {@code notifications}.
   */
  Future<JsonObject> request(String method, JsonObject params, long timeoutMillis, Future<Void> cancelled,
      Consumer<JsonObject> notifications) {
    return request(method, params, timeoutMillis, cancelled, notifications, null);
  }

  /** As above; {@code askClient} relays the server's own requests while this call is the one in progress. */
  Future<JsonObject> request(String method, JsonObject params, long timeoutMillis, Future<Void> cancelled,
      Consumer<JsonObject> notifications, java.util.function.Function<JsonObject, Future<JsonObject>> askClient) {
    // Read before the call is registered: nothing after this point may throw and leave it pending.
    Object token = params.getValue(McpNames.META) instanceof JsonObject meta ? meta.getValue("progressToken") : null;
    long id = ids.incrementAndGet();
    Promise<JsonObject> reply = Promise.promise();
    pending.put(id, reply);
    if (askClient != null) {
      askers.put(id, askClient);
      callSinks.put(id, notifications);
    }
    lastUsedMillis = System.currentTimeMillis();
    if (token != null) {
      progress.put(token, notifications);
    }
    long timer = timeoutMillis > 0 ? vertx.setTimer(timeoutMillis, t -> {
      if (reply.tryFail(new McpError(ErrorKind.BACKEND_TIMEOUT, "Backend '" + backend + "' did not answer "
          + method + " within " + timeoutMillis + " ms"))) {
        sendCancelled(id, "timed out");
      }
    }) : -1;
    cancelled.onComplete(v -> {
      if (reply.tryFail(new McpError(ErrorKind.CANCELLED, "cancelled"))) {
        sendCancelled(id, "cancelled by the client");
      }
    });
    if (!alive()) {
      reply.tryFail(gone());
    } else {
      write(JsonRpc.request(id, method, params));
    }
    return reply.future().andThen(ar -> {
      pending.remove(id);
      askers.remove(id);
      callSinks.remove(id);
      if (token != null) {
        progress.remove(token);
      }
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
      lastUsedMillis = System.currentTimeMillis();
    });
  }

  /** Delivers this resource's updates to {@code sink}; returns how many follow it afterwards, and a remover. */
  Runnable onResourceUpdated(String uri, Consumer<JsonObject> sink) {
    return followers.add(uri, sink);
  }

  boolean followed(String uri) {
    return followers.follows(uri);
  }

  void onListChanged(Consumer<String> listener) {
    this.listChanged = listener;
  }

  void notify(JsonObject notification) {
    write(notification);
  }

  private void sendCancelled(long id, String reason) {
    if (alive()) {
      write(JsonRpc.notification(McpNames.CANCELLED, new JsonObject().put("requestId", id).put("reason", reason)));
    }
  }

  /** One message from the server, on the backend's event loop. */
  protected void onMessage(JsonObject m) {
    lastHeardNanos = System.nanoTime();
    String method = m.getString("method");
    if (method == null) {
      Promise<JsonObject> reply = m.getValue("id") instanceof Number n ? pending.get(n.longValue()) : null;
      if (reply != null) {
        reply.tryComplete(m);
      }
      return;
    }
    if (m.containsKey("id")) {
      answerServerRequest(m);
      return;
    }
    if ("notifications/resources/updated".equals(method)) {
      followers.deliver(m);
      return;
    }
    if (method.startsWith("notifications/") && method.endsWith("/list_changed")) {
      listChanged.accept(method.substring("notifications/".length(), method.length() - "/list_changed".length()));
      return;
    }
    if (McpNames.PROGRESS.equals(method)) {
      Object token = m.getValue("params") instanceof JsonObject p ? p.getValue("progressToken") : null;
      deliver(token == null ? null : progress.get(token), m);
      return;
    }
    if (McpNames.LOG_MESSAGE.equals(method)) {
      // stdio and HTTP+SSE tie no notification to a request: the call in progress (the latest, on a channel
      // of its own user) is the one the server is working on, as for its requests.
      deliver(onlyCallOf(callSinks), m);
      return;
    }
    dropped.accept(method);
  }

  private void deliver(Consumer<JsonObject> sink, JsonObject notification) {
    if (sink != null) {
      sink.accept(notification);
    } else {
      dropped.accept(notification.getString("method") + " (no call of its to deliver it to)");
    }
  }

  /**
   * Requests from the server. {@code ping} and {@code roots/list} (no roots) are answered here; sampling
   * and elicitation go to the client of the call in progress — on a per-user channel, that user's latest
   * call — and its answer comes back under the server's id. With no call in progress they are refused.
   */
  private void answerServerRequest(JsonObject m) {
    Object id = m.getValue("id");
    String method = m.getString("method");
    if ("ping".equals(method)) {
      write(JsonRpc.result(id, new JsonObject()));
      return;
    }
    if ("roots/list".equals(method)) { // asked on the server's own schedule, not for a call: no roots
      write(JsonRpc.result(id, new JsonObject().put("roots", new io.vertx.core.json.JsonArray())));
      return;
    }
    java.util.function.Function<JsonObject, Future<JsonObject>> ask = onlyCallOf(askers);
    if (ask == null) {
      write(JsonRpc.error(id, new JsonObject().put("code", -32601).put("message", "No client call "
          + (askers.isEmpty() ? "is in progress" : "can be told apart (the channel is shared)") + " to relay "
          + method + " to")));
      return;
    }
    ask.apply(m).onComplete(ar -> write(ar.succeeded() ? JsonRpc.answerUnder(id, ar.result())
        : JsonRpc.error(id, new JsonObject().put("code", -32601).put("message", ar.cause().getMessage()))));
  }

  /**
   * Whose call a message tied to no request belongs to: on a user's own channel, that user's latest call; on
   * a channel shared by several users ({@code sharing: shared}), only the one call in progress, if there is
   * exactly one: otherwise one user could read another's log or answer another's question.
   */
  private <T> T onlyCallOf(java.util.concurrent.ConcurrentSkipListMap<Long, T> calls) {
    if (owner.isEmpty() && calls.size() != 1) {
      return null;
    }
    Map.Entry<Long, T> latest = calls.lastEntry();
    return latest == null ? null : latest.getValue();
  }

  /** The transport ended: every call still waiting fails now. */
  protected void onClosed(int code) {
    closed.tryComplete(code);
    McpError error = gone();
    pending.values().forEach(p -> p.tryFail(error));
  }

  protected McpError gone() {
    Integer code = closed.future().result();
    return new McpError(ErrorKind.BACKEND_UNAVAILABLE, "Backend '" + backend + "': " + endedWhat()
        + (code != null && code >= 0 ? " (code " + code + ")" : "") + " before answering");
  }

  /** How the transport's end reads in an error: "its process exited", "its event stream closed". */
  protected abstract String endedWhat();

  /** Hands work to the backend's event loop; after the hub has stopped there is nobody left to tell. */
  protected void onContext(Runnable action) {
    try {
      context.runOnContext(v -> action.run());
    } catch (java.util.concurrent.RejectedExecutionException e) {
      closed.tryComplete(-1);
    }
  }

  protected String tag() {
    return owner.isEmpty() ? backend : backend + " for " + owner;
  }
}
