package dev.switchboard.backend;

import dev.switchboard.config.BackendConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured backends by name, in configuration order; creates each with the adapter for its type.
 * A reload replaces it with {@link #apply}: backends whose config did not change are kept as they are
 * (their sessions and processes too); removed and changed ones are closed.
 */
public final class BackendPool {
  private final Vertx vertx;
  private volatile Map<String, Backend> backends = Map.of();
  private volatile Map<String, BackendConfig> configs = Map.of();

  /** What a reload changed, by backend name. */
  public record Diff(List<String> added, List<String> removed, List<String> changed) {
    public boolean isEmpty() {
      return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }
  }

  public BackendPool(Vertx vertx, List<BackendConfig> config) {
    this.vertx = vertx;
    apply(config);
  }

  /** Makes the pool match {@code next}; completes the closing of what went away in the background. */
  public synchronized Diff apply(List<BackendConfig> next) {
    Map<String, Backend> nextBackends = new LinkedHashMap<>();
    Map<String, BackendConfig> nextConfigs = new LinkedHashMap<>();
    List<String> added = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    for (BackendConfig c : next) {
      BackendConfig before = configs.get(c.name());
      if (c.equals(before)) {
        nextBackends.put(c.name(), backends.get(c.name()));
      } else {
        nextBackends.put(c.name(), create(c));
        (before == null ? added : changed).add(c.name());
      }
      nextConfigs.put(c.name(), c);
    }
    List<String> removed = configs.keySet().stream().filter(n -> !nextConfigs.containsKey(n)).toList();
    Map<String, Backend> old = backends;
    backends = nextBackends;
    configs = nextConfigs;
    removed.forEach(n -> old.get(n).close());
    changed.forEach(n -> old.get(n).close());
    return new Diff(added, removed, changed);
  }

  private Backend create(BackendConfig c) {
    return switch (c.type()) {
      case BUILTIN -> new BuiltinBackend(c.name(), vertx);
      case HTTP -> new HttpBackend(vertx, c);
      case STDIO -> new StdioBackend(vertx, c);
      case SSE -> new SseBackend(vertx, c);
    };
  }

  public Optional<Backend> get(String name) {
    return Optional.ofNullable(backends.get(name));
  }

  public BackendConfig config(String name) {
    return configs.get(name);
  }

  public List<Backend> all() {
    return List.copyOf(backends.values());
  }

  public int size() {
    return backends.size();
  }

  public Future<Void> close() {
    return Future.join(backends.values().stream().map(Backend::close).toList()).mapEmpty();
  }
}
