package dev.switchboard.transport;

import java.util.List;
import io.vertx.core.json.JsonArray;
import io.vertx.core.Future;
import dev.switchboard.identity.Caller;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.protocol.Era;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.JsonRpc;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.McpNames;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * 2026-07-28 {@code subscriptions/listen}: a POST whose response is a long-lived SSE stream of the change
 * notifications the client opted in to. Acknowledged first; kept alive with comments; released when the
 * client closes it.
 */
public final class ListenStreams {
  private record Listener(SseChannel channel, long keepAliveTimer, Object requestId, Caller caller, Filter filter) {}

  /** What a listen request asked to hear, checked before the stream starts. */
  record Filter(boolean tools, boolean prompts, boolean resources, List<String> resourceSubscriptions) {}

  private final Vertx vertx;
  private final long keepAliveMillis;
  private volatile ResourceFollower follower = (ex, uri, sink) -> Future.failedFuture(
      new McpError(ErrorKind.METHOD_NOT_FOUND, "resource subscriptions are not available"));

  /** Follows one resource for a listening client (resolved, authorized and subscribed by the router). */
  public interface ResourceFollower {
    Future<Runnable> follow(Exchange ex, String uri, java.util.function.Consumer<JsonObject> updated);
  }

  public void resourceFollower(ResourceFollower follower) {
    this.follower = follower;
  }
  private final Map<HttpServerResponse, Listener> listeners = new ConcurrentHashMap<>();

  public ListenStreams(Vertx vertx, long keepAliveMillis) {
    this.vertx = vertx;
    this.keepAliveMillis = keepAliveMillis;
  }

  /**
   * Validates a listen request before the pipeline runs (bad input is refused before the stream starts:
   * after its head is sent there is no status left to refuse it with); the stream starts once the caller
   * is known.
   */
  static Filter filterOf(Exchange ex, EdgeChecks.Accepts accepts) {
    JsonObject filter = filterShape(ex, accepts);
    return new Filter(flag(filter, "toolsListChanged"), flag(filter, "promptsListChanged"),
        flag(filter, "resourcesListChanged"), resourceSubscriptions(filter));
  }

  private static boolean flag(JsonObject filter, String key) {
    Object value = filter.getValue(key);
    if (value != null && !(value instanceof Boolean)) {
      throw new McpError(ErrorKind.INVALID_PARAMS, "Invalid params: '" + key + "' must be true or false");
    }
    return Boolean.TRUE.equals(value);
  }

  private static JsonObject filterShape(Exchange ex, EdgeChecks.Accepts accepts) {
    if (!accepts.sse()) {
      throw new McpError(ErrorKind.NOT_ACCEPTABLE, "Not Acceptable: subscriptions/listen answers with text/event-stream");
    }
    if (!(ex.params().getValue("notifications") instanceof JsonObject filter)) {
      throw new McpError(ErrorKind.INVALID_PARAMS, "Invalid params: 'notifications' must be an object");
    }
    return filter;
  }

  /** Starts the stream for an exchange whose caller the pipeline has resolved. */
  void start(Exchange ex, Filter filter, Runnable onDone) {
    HttpServerResponse response = ex.http().response();
    SseChannel channel = SseChannel.open(response, () -> forget(response));
    channel.onDone(onDone);
    long timer = vertx.setPeriodic(keepAliveMillis, t -> channel.keepAlive());
    Listener l = new Listener(channel, timer, ex.request().id(), ex.caller(), filter);
    listeners.put(response, l);
    List<String> uris = filter.resourceSubscriptions().stream().distinct().toList(); // one follow per URI
    List<Future<Runnable>> follows = uris.stream().map(uri -> follower.follow(ex, uri, n -> channel.event(null,
        JsonRpc.notification(n.getString("method"), n.getJsonObject("params", new JsonObject()).copy()
            .put(McpNames.META, subscriptionMeta(l))).encode()))).toList();
    Future.join(follows).onComplete(all -> {
      JsonArray followed = new JsonArray();
      for (int i = 0; i < uris.size(); i++) {
        if (follows.get(i).succeeded()) {
          followed.add(uris.get(i));
          channel.onDone(follows.get(i).result()); // the stream's end ends the follow
        }
      }
      JsonObject honoured = new JsonObject().put("toolsListChanged", filter.tools())
          .put("promptsListChanged", filter.prompts()).put("resourcesListChanged", filter.resources());
      if (!uris.isEmpty()) {
        honoured.put("resourceSubscriptions", followed); // the ones granted and followable; others are left out
      }
      channel.event(null, JsonRpc.notification("notifications/subscriptions/acknowledged",
          new JsonObject().put("notifications", honoured).put(McpNames.META, subscriptionMeta(l))).encode());
    });
    if (!channel.isOpen()) {
      forget(response); // the client left before we registered it
    }
  }

  private static List<String> resourceSubscriptions(JsonObject filter) {
    Object value = filter.getValue("resourceSubscriptions");
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray a) || !a.stream().allMatch(u -> u instanceof String)) {
      throw new McpError(ErrorKind.INVALID_PARAMS, "Invalid params: 'resourceSubscriptions' must be an array of URIs");
    }
    return a.stream().map(String.class::cast).distinct().toList();
  }

  private void forget(HttpServerResponse response) {
    Listener gone = listeners.remove(response);
    if (gone != null) {
      vertx.cancelTimer(gone.keepAliveTimer());
    }
  }

  /** Delivers list_changed notifications for the given kinds to every chosen listener that opted in. */
  public void listChanged(Set<String> kinds, Predicate<Caller> to) {
    for (Listener l : listeners.values()) {
      if (!to.test(l.caller())) {
        continue;
      }
      if (kinds.contains("tools") && l.filter().tools()) {
        send(l, "notifications/tools/list_changed");
      }
      if (kinds.contains("prompts") && l.filter().prompts()) {
        send(l, "notifications/prompts/list_changed");
      }
      if (kinds.contains("resources") && l.filter().resources()) {
        send(l, "notifications/resources/list_changed");
      }
    }
  }

  /** Ends every open listen stream (hub shutdown). */
  public void closeAll() {
    listeners.values().forEach(l -> {
      l.channel().end();
      vertx.cancelTimer(l.keepAliveTimer());
    });
    listeners.clear();
  }

  public int size() {
    return listeners.size();
  }

  private static void send(Listener l, String method) {
    l.channel().event(null, JsonRpc.notification(method, new JsonObject().put(McpNames.META, subscriptionMeta(l))).encode());
  }

  private static JsonObject subscriptionMeta(Listener l) {
    return new JsonObject().put(McpNames.META_SUBSCRIPTION_ID, l.requestId());
  }
}
