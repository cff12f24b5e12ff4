package dev.switchboard.routing;

import dev.switchboard.backend.Backend;
import dev.switchboard.backend.BackendPool;
import dev.switchboard.config.RoutingConfig;
import dev.switchboard.protocol.Era;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the current {@link Catalog}: connects every backend at start (the hub starts even when some are
 * down), retries the ones that failed on a timer, and rebuilds the snapshot whenever one comes up.
 */
public final class CatalogService {
  private static final System.Logger LOG = System.getLogger(CatalogService.class.getName());
  private final Vertx vertx;
  private final RoutingConfig config;
  private final long retryMillis;
  private final BackendHealth health;
  private final Map<String, BackendCatalog> down = new ConcurrentHashMap<>();
  private volatile Catalog downCatalog = Catalog.empty();
  private long healthTimer = -1;
  private final BackendPool pool;
  private final NameMapper names;
  private final Map<String, BackendCatalog> loaded = new ConcurrentHashMap<>();
  private final AtomicLong versions = new AtomicLong();
  private final List<ChangeListener> changeListeners = new CopyOnWriteArrayList<>();
  private final Set<String> refreshing = ConcurrentHashMap.newKeySet();
  private final ListChangeWatcher watcher;
  private static final long REFRESH_DEBOUNCE_MILLIS = 250;

  /** Told after each rebuild that changed what clients see: before, after, and which lists changed. */
  public interface ChangeListener {
    void changed(Catalog before, Catalog after, Set<String> kinds);
  }
  private volatile Catalog current = Catalog.empty();
  private final Map<String, String> reportedState = new ConcurrentHashMap<>();
  private final List<StateListener> stateListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Told when a backend goes up or down (once per change, not on every failed retry). */
  public interface StateListener {
    void changed(String backend, String state, String detail);
  }
  private long retryTimer = -1;

  public CatalogService(Vertx vertx, BackendPool pool, RoutingConfig config) {
    this.vertx = vertx;
    this.pool = pool;
    this.config = config;
    this.retryMillis = config.healthInterval().millis();
    this.watcher = new ListChangeWatcher(vertx, pool, retryMillis, loaded::containsKey, this::refresh);
    this.health = new BackendHealth(config.unhealthyAfter(), retryMillis, new BackendHealth.Breaker() {
      @Override
      public void open(Backend backend, String reason) {
        openCircuit(backend, reason);
      }

      @Override
      public void report(String backend, String state, String detail) {
        CatalogService.this.report(backend, state, detail);
      }
    });
    boolean prefixed = switch (config.prefix()) {
      case ALWAYS -> true;
      case NEVER -> false;
      case AUTO -> pool.size() > 1;
    };
    this.names = new NameMapper(prefixed, config.separator(), config.maxNameLength());
  }

  /** Called with the kinds ("tools", "prompts", "resources") whose lists changed, after each rebuild. */
  public void onChange(ChangeListener listener) {
    changeListeners.add(listener);
  }

  public void onBackendState(StateListener listener) {
    stateListeners.add(listener);
  }

  public Catalog current() {
    return current;
  }

  /** Loads every backend; completes when each has either loaded or failed (failures are retried). */
  public Future<Void> start() {
    Future<Void> all = Future.join(pool.all().stream().map(this::load).toList()).mapEmpty();
    return all.otherwiseEmpty().onComplete(v -> {
      retryTimer = vertx.setPeriodic(retryMillis, t -> retryFailed());
      healthTimer = vertx.setPeriodic(retryMillis, t -> probe());
      current().clashes().forEach(c -> LOG.log(System.Logger.Level.ERROR, "Name clash: " + c));
    });
  }

  public void stop() {
    watcher.stop();
    vertx.cancelTimer(retryTimer);
    vertx.cancelTimer(healthTimer);
  }

  /**
   * The backend a name belonged to when that backend's circuit opened, or null: lets a call to a hidden
   * tool get "backend down" rather than "unknown".
   */
  public Catalog downCatalog() {
    return downCatalog;
  }

  /**
   * Consecutive failed health probes and reconnection attempts of a backend (0 while healthy): above 0
   * means degraded, and it keeps counting while the backend is down, until it answers again.
   */
  public int healthFailures(String backend) {
    return health.failures(backend);
  }

  public List<String> unavailable() {
    return pool.all().stream().map(Backend::name).filter(n -> !loaded.containsKey(n)).toList();
  }

  private void retryFailed() {
    pool.all().stream().filter(b -> !loaded.containsKey(b.name())).forEach(this::load);
  }

  private Future<Void> load(Backend backend) {
    long timeout = pool.config(backend.name()).timeout().millis();
    return backend.connect()
        .compose(info -> BackendCatalog.fetch(backend, pool.config(backend.name()).prefix(), info, timeout))
        .onSuccess(cat -> {
          loaded.put(backend.name(), cat);
          health.healthy(backend.name());
          watcher.watch(backend, cat);
          if (down.remove(backend.name()) != null) {
            rebuildDown();
          }
          rebuild();
          report(backend.name(), "up", cat.info().era().label() + " era");
          LOG.log(System.Logger.Level.INFO, "Backend ''{0}'' is up ({1} era, {2} tools, {3} prompts, {4} resources)",
              backend.name(), cat.info().era().label(), cat.tools().size(), cat.prompts().size(),
              cat.resources().size());
        })
        .onFailure(e -> {
          health.failed(backend.name()); // a failed retry is a failed probe too
          if (report(backend.name(), "down", e.getMessage())) { // logged when it begins, not at every retry
            LOG.log(System.Logger.Level.WARNING, "Backend ''{0}'' is unavailable: {1}; retrying every {2} ms",
                backend.name(), e.getMessage(), retryMillis);
          }
        })
        .mapEmpty();
  }

  /**
   * After a reload: forgets what removed or changed backends offered and loads the added and changed ones;
   * the lists change (with list_changed) as each one comes up.
   */
  public void reconfigure(BackendPool.Diff diff) {
    java.util.stream.Stream.concat(diff.removed().stream(), diff.changed().stream()).forEach(name -> {
      watcher.forget(name);
      loaded.remove(name);
      down.remove(name);
      health.healthy(name);
      reportedState.remove(name);
    });
    rebuildDown();
    rebuild();
    java.util.stream.Stream.concat(diff.added().stream(), diff.changed().stream())
        .forEach(name -> pool.get(name).ifPresent(this::load));
  }

  /** Re-reads one backend's lists, at most once per debounce window however many notifications came. */
  public void refresh(String name) {
    if (!refreshing.add(name)) {
      return;
    }
    vertx.setTimer(REFRESH_DEBOUNCE_MILLIS, t -> {
      refreshing.remove(name);
      BackendCatalog old = loaded.get(name);
      Backend backend = pool.get(name).orElse(null);
      if (old == null || backend == null) {
        return;
      }
      BackendCatalog.fetch(backend, pool.config(name).prefix(), old.info(), pool.config(name).timeout().millis())
          .onSuccess(cat -> {
            if (loaded.replace(name, old, cat)) {
              rebuild();
            }
          })
          .onFailure(e -> LOG.log(System.Logger.Level.WARNING, "Backend ''{0}'' changed its lists but they could not be"
              + " read again: {1}", name, e.getMessage()));
    });
  }

  /** The health probes' round: every backend that is up, in its era. */
  private void probe() {
    Map<Backend, Era> up = new java.util.LinkedHashMap<>();
    loaded.forEach((name, cat) -> pool.get(name).ifPresent(b -> up.put(b, cat.info().era())));
    health.probe(up);
  }

  /** Opens the circuit: the backend's names leave the catalog (list_changed follows) until a retry loads it. */
  private void openCircuit(Backend backend, String reason) {
    BackendCatalog c = loaded.remove(backend.name());
    if (c == null) {
      return;
    }
    down.put(backend.name(), c); // its failures keep counting while it is down (the gauge keeps its meaning)
    watcher.forget(backend.name());
    backend.reset();
    rebuildDown();
    rebuild();
    LOG.log(System.Logger.Level.ERROR, "Backend ''{0}'' is down ({1}); its tools are hidden until it answers again",
        backend.name(), reason);
    report(backend.name(), "down", reason);
  }

  private void rebuildDown() {
    downCatalog = Catalog.build(List.copyOf(down.values()), names, 0);
  }

  /** Tells listeners (the audit trail) of a backend's new state; true when it is one. */
  private boolean report(String backend, String state, String detail) {
    String before = reportedState.put(backend, state);
    if (!state.equals(before)) {
      stateListeners.forEach(l -> l.changed(backend, state, detail));
      return true;
    }
    return false;
  }

  private synchronized void rebuild() {
    List<BackendCatalog> parts = new ArrayList<>();
    for (Backend b : pool.all()) {
      BackendCatalog c = loaded.get(b.name());
      if (c != null) {
        parts.add(c);
      }
    }
    Catalog before = current;
    current = Catalog.build(parts, names, versions.incrementAndGet());
    Set<String> changed = changedKinds(before, current);
    if (!changed.isEmpty()) {
      Catalog after = current;
      changeListeners.forEach(l -> l.changed(before, after, changed));
    }
  }

  static Set<String> changedKinds(Catalog a, Catalog b) {
    Set<String> changed = new HashSet<>();
    for (String kind : List.of("tools", "prompts", "resources")) {
      if (!definitions(a.entries(kind)).equals(definitions(b.entries(kind)))) {
        changed.add(kind);
      }
    }
    return changed;
  }

  private static List<Object> definitions(List<Catalog.Entry> entries) {
    return entries.stream().map(e -> (Object) e.definition()).toList();
  }
}
