package dev.switchboard.backend;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Who follows which resource on one backend channel or session: {@code notifications/resources/updated}
 * is delivered to the followers of its URI. Shared by every transport that carries such updates.
 */
final class ResourceFollowers {
  private final Map<String, Set<Consumer<JsonObject>>> byUri = new ConcurrentHashMap<>();

  /** Adds a follower; the returned runnable removes it again. */
  Runnable add(String uri, Consumer<JsonObject> sink) {
    byUri.computeIfAbsent(uri, u -> ConcurrentHashMap.newKeySet()).add(sink);
    return () -> byUri.computeIfPresent(uri, (u, sinks) -> {
      sinks.remove(sink);
      return sinks.isEmpty() ? null : sinks;
    });
  }

  /** Delivers an update notification to the followers of the URI it names. */
  void deliver(JsonObject updated) {
    String uri = updated.getJsonObject("params", new JsonObject()).getString("uri");
    byUri.getOrDefault(uri, Set.of()).forEach(sink -> sink.accept(updated));
  }

  boolean follows(String uri) {
    return byUri.containsKey(uri);
  }

  boolean isEmpty() {
    return byUri.isEmpty();
  }
}
