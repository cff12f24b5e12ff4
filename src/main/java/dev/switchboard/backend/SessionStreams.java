package dev.switchboard.backend;

import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.JsonRpc;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.McpNames;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The standalone GET streams of a 2025-era backend's sessions, one per owner, held for as long as the
 * session lives. The 2025 transports let a server send anything there that belongs to no request: servers
 * built on the official SDKs send a request (sampling, elicitation) or a log message there whenever a tool
 * asks without naming the request it serves. Resource updates go to their followers, {@code list_changed}
 * to the catalog; requests go to the client of the call in progress in that session (the latest, as on a
 * stdio channel), answered in the session under the server's own id; other notifications go to that call's
 * client too, or are counted as reaching nobody. A server that offers no such stream (405) is not asked
 * again in that session.
 *
 * <p>Shared between event loops: the maps are concurrent; one stream's state is its own fields, volatile.
 */
final class SessionStreams {
  private static final int MAX_EVENT_BYTES = 1024 * 1024;

  /** Opens the GET stream of the session with this id; completes with the response, or fails. */
  interface Opener {
    Future<HttpClientResponse> open(String sessionId);
  }

  private final Opener opener;
  private final BiConsumer<String, JsonObject> answer;
  private final Consumer<String> listChanged;
  private final Consumer<String> dropped;
  private final Map<String, Stream> streams = new ConcurrentHashMap<>();
  private final Map<String, ConcurrentSkipListMap<Long, BackendCall>> calls = new ConcurrentHashMap<>();

  /**
   * @param answer      posts a JSON-RPC answer into the owner's session
   * @param listChanged told the method of a {@code list_changed} notification
   * @param dropped     told the method of a notification that reached nobody
   */
  SessionStreams(Opener opener, BiConsumer<String, JsonObject> answer, Consumer<String> listChanged,
      Consumer<String> dropped) {
    this.opener = opener;
    this.answer = answer;
    this.listChanged = listChanged;
    this.dropped = dropped;
  }

  /** One owner's stream in one session: open, refused by the server, or ended. */
  private static final class Stream {
    final String sessionId;
    final ResourceFollowers followers = new ResourceFollowers();
    volatile HttpClientResponse response;
    volatile boolean refused;
    volatile boolean ended;
    volatile Throwable failure; // why it could not be opened
    final Promise<Void> opening = Promise.promise(); // completes once it is open, refused or failed

    Stream(String sessionId) {
      this.sessionId = sessionId;
    }
  }

  /**
   * The owner's stream in session {@code sessionId}, opened unless it is open, or the server refused it in
   * this session. Completes either way: a call works without the stream, only what the server sends there
   * would wait.
   */
  Future<Void> ensure(String owner, String sessionId) {
    Stream[] replaced = {null};
    boolean[] created = {false};
    // One decision per owner at a time: two calls that both find the stream gone open one, not two.
    Stream s = streams.compute(owner, (k, current) -> {
      if (current != null && current.sessionId.equals(sessionId)
          && (current.refused || !current.ended || !current.opening.future().isComplete())) {
        return current;
      }
      replaced[0] = current;
      created[0] = true;
      return new Stream(sessionId);
    });
    if (created[0]) {
      if (replaced[0] != null) {
        close(replaced[0]);
      }
      open(owner, s);
    }
    return s.opening.future();
  }

  private void open(String owner, Stream fresh) {
    opener.open(fresh.sessionId).map(resp -> {
      if (streams.get(owner) != fresh) { // closed or replaced while it was opening: not to be held
        resp.request().reset();
        fresh.ended = true;
      } else if (resp.statusCode() != 200) {
        fresh.refused = resp.statusCode() == 405; // none in this session; anything else may pass
        fresh.failure = new McpError(ErrorKind.BACKEND_UNAVAILABLE, "The backend offers no stream for resource "
            + "updates in this session (GET answered HTTP " + resp.statusCode() + ")");
        fresh.ended = true;
        resp.request().reset();
      } else {
        attach(owner, fresh, resp);
      }
      return (Void) null;
    }).otherwise(e -> {
      fresh.failure = e;
      fresh.ended = true;
      return null;
    }).onComplete(v -> fresh.opening.tryComplete());
  }

  /** Follows a resource's updates on the owner's stream; fails when there is none to carry them. */
  Runnable follow(String owner, String uri, Consumer<JsonObject> sink) {
    Stream s = streams.get(owner);
    if (s == null || s.ended) {
      throw s != null && s.failure instanceof McpError why ? why : new McpError(ErrorKind.BACKEND_UNAVAILABLE,
          "The backend's stream for resource updates in this session has closed");
    }
    return s.followers.add(uri, sink);
  }

  boolean follows(String owner, String uri) {
    Stream s = streams.get(owner);
    return s != null && s.followers.follows(uri);
  }

  /** A call in progress in the owner's session: what the server sends on the stream meanwhile may be its. */
  Runnable started(String owner, long id, BackendCall call) {
    ConcurrentSkipListMap<Long, BackendCall> ofOwner = calls.computeIfAbsent(owner, o -> new ConcurrentSkipListMap<>());
    ofOwner.put(id, call);
    return () -> calls.computeIfPresent(owner, (o, m) -> {
      m.remove(id);
      return m.isEmpty() ? null : m;
    });
  }

  /** Ends the stream of the session with this id (it was deleted or forgotten). */
  void ended(String sessionId) {
    streams.values().removeIf(s -> {
      if (s.sessionId.equals(sessionId)) {
        close(s);
        return true;
      }
      return false;
    });
  }

  void closeAll() {
    streams.values().forEach(SessionStreams::close);
    streams.clear();
  }

  private static void close(Stream s) {
    s.ended = true;
    HttpClientResponse r = s.response;
    if (r != null) {
      r.request().reset();
    }
  }

  private void attach(String owner, Stream s, HttpClientResponse resp) {
    s.response = resp;
    SseParser parser = new SseParser(MAX_EVENT_BYTES, event -> {
      if (event.data() == null || event.data().isBlank()) {
        return;
      }
      try {
        route(owner, s, new JsonObject(event.data()));
      } catch (DecodeException | ClassCastException e) {
        dropped.accept("an event that is not a JSON-RPC message");
      }
    });
    resp.handler(parser::feed);
    resp.endHandler(v -> s.ended = true);
    resp.exceptionHandler(e -> s.ended = true);
  }

  private void route(String owner, Stream s, JsonObject m) {
    String method = m.getValue("method") instanceof String name ? name : null;
    if (method == null) {
      dropped.accept("an answer to nothing the hub asked");
      return;
    }
    if (m.containsKey("id")) {
      askClient(owner, m);
    } else if ("notifications/resources/updated".equals(method)) {
      s.followers.deliver(m);
    } else if (method.startsWith("notifications/") && method.endsWith("/list_changed")) {
      listChanged.accept(method);
    } else {
      BackendCall call = latest(owner);
      if (call != null) {
        call.notifications().accept(m);
      } else {
        dropped.accept(method + " (no call in progress in its session)");
      }
    }
  }

  /** A request from the server: the client of the call in progress answers it, under the server's id. */
  private void askClient(String owner, JsonObject request) {
    Object id = request.getValue("id");
    if (McpNames.PING.equals(request.getValue("method"))) {
      answer.accept(owner, JsonRpc.result(id, new JsonObject()));
      return;
    }
    BackendCall call = latest(owner);
    Function<JsonObject, Future<JsonObject>> ask = call == null ? null : call.askClient();
    if (ask == null) {
      answer.accept(owner, JsonRpc.error(id, new JsonObject().put("code", -32601)
          .put("message", "No client call is in progress to relay " + request.getValue("method") + " to")));
      return;
    }
    ask.apply(request).onComplete(ar -> answer.accept(owner, ar.succeeded() ? JsonRpc.answerUnder(id, ar.result())
        : JsonRpc.error(id, new JsonObject().put("code", -32601).put("message", ar.cause().getMessage()))));
  }

  /**
   * The call a message on the owner's stream belongs to: the owner's latest; on the hub's own session, which
   * users share ({@code sharing: shared}), only when exactly one call is in progress, so no user reads
   * another's log or answers another's question.
   */
  private BackendCall latest(String owner) {
    ConcurrentSkipListMap<Long, BackendCall> ofOwner = calls.get(owner);
    if (ofOwner == null || owner.isEmpty() && ofOwner.size() != 1) {
      return null;
    }
    Map.Entry<Long, BackendCall> e = ofOwner.lastEntry();
    return e == null ? null : e.getValue();
  }
}
