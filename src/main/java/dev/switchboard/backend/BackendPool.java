package dev.switchboard.backend;

import dev.switchboard.config.BackendConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The configured backends by name, in configuration order; creates each with the adapter for its type. */
public final class BackendPool {
  private final Map<String, Backend> backends = new LinkedHashMap<>();
  private final Map<String, BackendConfig> configs = new LinkedHashMap<>();

  public BackendPool(Vertx vertx, List<BackendConfig> config) {
    for (BackendConfig c : config) {
      Backend b = switch (c.type()) {
        case BUILTIN -> new BuiltinBackend(c.name(), vertx);
        case HTTP -> new HttpBackend(vertx, c);
        case STDIO -> new StdioBackend(vertx, c);
      };
      backends.put(c.name(), b);
      configs.put(c.name(), c);
    }
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
