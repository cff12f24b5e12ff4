package dev.switchboard.routing;

import dev.switchboard.backend.Backend;
import dev.switchboard.backend.BackendPool;
import dev.switchboard.protocol.Era;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Follows each backend's own list_changed notifications and tells the catalog which backend to re-read:
 * channel backends (stdio, SSE) report them as they arrive; a 2026-07-28 HTTP backend gets a
 * {@code subscriptions/listen} stream of its own. Streams are keyed by backend name (a concurrent map:
 * opened from the backend's callbacks, closed by reloads and circuit breaks).
 */
final class ListChangeWatcher {
  private static final System.Logger LOG = System.getLogger(ListChangeWatcher.class.getName());
  private final Vertx vertx;
  private final BackendPool pool;
  private final long retryMillis;
  private final Predicate<String> isUp;
  private final Consumer<String> changed;
  private final Map<String, Runnable> listenClosers = new ConcurrentHashMap<>();

  /** {@code changed} is told the name of a backend whose lists changed; {@code isUp} says which are loaded. */
  ListChangeWatcher(Vertx vertx, BackendPool pool, long retryMillis, Predicate<String> isUp, Consumer<String> changed) {
    this.vertx = vertx;
    this.pool = pool;
    this.retryMillis = retryMillis;
    this.isUp = isUp;
    this.changed = changed;
  }

  /** Starts following a backend that has just come up. */
  void watch(Backend backend, BackendCatalog cat) {
    backend.onListChanged(kind -> changed.accept(backend.name()));
    if (cat.info().era() == Era.MODERN && announcesListChanges(cat.info().capabilities())) {
      listen(backend, 0);
    }
  }

  /** Closes a backend's listen stream, if it has one (it went down, or a reload removed or changed it). */
  void forget(String name) {
    Runnable closer = listenClosers.remove(name);
    if (closer != null) {
      closer.run();
    }
  }

  void stop() {
    listenClosers.keySet().forEach(this::forget);
  }

  /** Whether a server says its lists may change ({@code listChanged}); one that does not has nothing to tell. */
  private static boolean announcesListChanges(JsonObject capabilities) {
    for (String kind : List.of("tools", "prompts", "resources")) {
      if (capabilities.getValue(kind) instanceof JsonObject c && Boolean.TRUE.equals(c.getValue("listChanged"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Opens the backend's {@code subscriptions/listen} stream for list changes; a backend that refuses or
   * cannot open it is told in the log (once until it works) and asked again every health interval while it
   * is up, since without the stream its list changes go unnoticed.
   */
  private void listen(Backend backend, int failedBefore) {
    String name = backend.name();
    if (listenClosers.containsKey(name) || !isUp.test(name)) {
      return;
    }
    JsonObject all = new JsonObject().put("toolsListChanged", true)
        .put("promptsListChanged", true).put("resourcesListChanged", true);
    backend.listen(all, n -> {
      if (String.valueOf(n.getString("method")).endsWith("/list_changed")) {
        changed.accept(name);
      }
    }).onSuccess(closer -> {
      Runnable previous = listenClosers.put(name, closer);
      if (previous != null) {
        previous.run();
      }
      if (failedBefore > 0) {
        LOG.log(System.Logger.Level.INFO, "Backend ''{0}'': subscriptions/listen is open; its list changes are "
            + "followed again", name);
      }
    }).onFailure(e -> {
      if (failedBefore == 0) {
        LOG.log(System.Logger.Level.WARNING, "Backend ''{0}'' did not open subscriptions/listen ({1}); its list "
            + "changes go unnoticed until it does; asking again every {2} ms", name, e.getMessage(), retryMillis);
      }
      vertx.setTimer(retryMillis, t -> pool.get(name).ifPresent(b -> listen(b, failedBefore + 1)));
    });
  }
}
