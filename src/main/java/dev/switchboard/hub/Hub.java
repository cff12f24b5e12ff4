package dev.switchboard.hub;

import dev.switchboard.audit.AuditKeys;
import dev.switchboard.audit.AuditLog;
import dev.switchboard.backend.BackendPool;
import dev.switchboard.bridging.CallBridges;
import dev.switchboard.bridging.RequestStates;
import dev.switchboard.config.HubConfig;
import dev.switchboard.config.IdentityConfig;
import dev.switchboard.identity.DevIdentityProvider;
import dev.switchboard.identity.IdentityProvider;
import dev.switchboard.identity.LocalApiClient;
import dev.switchboard.identity.ServeHeadersIdentityProvider;
import dev.switchboard.identity.WhoIsIdentityProvider;
import dev.switchboard.metrics.HubMetrics;
import dev.switchboard.pipeline.AuditSink;
import dev.switchboard.pipeline.IdentityStage;
import dev.switchboard.pipeline.Pipeline;
import dev.switchboard.pipeline.Stage;
import dev.switchboard.pipeline.UserQuota;
import dev.switchboard.policy.GrantPolicy;
import dev.switchboard.policy.PolicyStage;
import dev.switchboard.policy.SwappablePolicy;
import dev.switchboard.ratelimit.RateLimitStage;
import dev.switchboard.routing.CatalogService;
import dev.switchboard.routing.HubServer;
import dev.switchboard.routing.Lists;
import dev.switchboard.routing.RouteStage;
import dev.switchboard.routing.Router;
import dev.switchboard.routing.UnmatchedPatterns;
import dev.switchboard.session.SessionRegistry;
import dev.switchboard.session.SessionStage;
import dev.switchboard.tracing.Tracing;
import dev.switchboard.transport.AccessLog;
import dev.switchboard.transport.ClientDialect;
import dev.switchboard.transport.EdgeChecks;
import dev.switchboard.transport.ListenStreams;
import dev.switchboard.transport.McpEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Builds the hub from its config — every stage in its place — and runs its HTTP listener. */
public final class Hub {
  private static final System.Logger LOG = System.getLogger(Hub.class.getName());
  /** How long a client may take to answer a backend's input request and retry. */
  private static final long REQUEST_STATE_TTL_MILLIS = 10 * 60_000;
  private final Vertx vertx;
  private volatile HubConfig config;
  private final BackendPool pool;
  private final CatalogService catalogs;
  private final SessionRegistry sessions;
  private final McpEndpoint endpoint;
  private final ListenStreams listen;
  private final Pipeline pipeline;
  private final HubMetrics metrics;
  private final Consumer<String> backendGauges;
  private HttpServer admin;
  private final RateLimits limits;
  private final SwappablePolicy policy;
  private final ListChangeNotices notices;
  private long sweepTimer = -1;
  private LocalApiClient localApi;
  private final IdentityProvider identity;
  /** How often tailscaled is asked whether it answers, so readiness knows before a caller finds out. */
  private static final long IDENTITY_PROBE_MILLIS = 2_000;
  private HttpServer server;
  private final AuditLog audit;
  private final Tracing tracing;
  /** Warns of config patterns that match nothing once every backend is up; run again after a reload. */
  private final Runnable patternCheck;
  private final String instance = "sb-" + java.util.HexFormat.of().toHexDigits(new java.security.SecureRandom().nextInt());

  public Hub(Vertx vertx, HubConfig config) {
    this(vertx, config, new HubMetrics(config.admin()));
  }

  /** With the registry Vert.x itself reports into (see {@link HubMetrics#newVertx()}). */
  public Hub(Vertx vertx, HubConfig config, HubMetrics metrics) {
    this.vertx = vertx;
    this.config = config;
    this.metrics = metrics;
    this.sessions = new SessionRegistry(config.sessions(), System::currentTimeMillis,
        quota(config.limits().maxSessionsPerUser(), "sessions", "sessions"));
    this.listen = new ListenStreams(vertx, config.sessions().keepAlive().millis());
    this.policy = new SwappablePolicy(GrantPolicy.forConfig(config));
    this.notices = new ListChangeNotices(listen, sessions, policy);
    this.identity = identityProvider(vertx, config.identity(), new GrantWatch(notices::grantsChanged));
    this.limits = new RateLimits(vertx, config.limits(), config.policy().capabilities(),
        ok -> metrics.readinessChanged("redis", ok));
    this.pool = new BackendPool(vertx, config.backends());
    this.catalogs = new CatalogService(vertx, pool, config.routing());
    this.audit = config.audit().enabled() ? new AuditLog(config.audit(),
        AuditKeys.load(config.audit().keyEnv(), config.audit().keyFile(), System::getenv), instance,
        metrics.auditObserver(), java.time.Clock.systemUTC()) : null;
    this.tracing = Tracing.start(config.tracing(), System.getenv());
    Router router = new Router(catalogs, pool, policy,
        new CallBridges(vertx, new RequestStates(REQUEST_STATE_TTL_MILLIS, System::currentTimeMillis)),
        quota(config.limits().maxFollowsPerUser(), "follows", "resources followed"));
    listen.resourceFollower(router::follow);
    HubServer server = new HubServer(catalogs, new Lists(catalogs, policy, config.routing().pageSize()), router);
    List<Stage> clientStages = List.of( // every client message passes these
        new IdentityStage(identity),         // who is calling: from the tailnet, never from the client
        new SessionStage(sessions));         // a legacy message belongs to its caller's live session
    List<Stage> callStages = List.of(        // and a request these
        new RouteStage(router),              // the exposed name → its backend and that backend's own name
        new PolicyStage(policy),             // after route: grants name tools; a denial looks like unknown
        new RateLimitStage(limits::current)); // after policy: refused calls never count
    this.pipeline = new Pipeline(vertx, clientStages, callStages,
        server::dispatch,
        audit != null ? audit : AuditSink.NONE,
        metrics,
        tracing.sink());
    HubGauges gauges = new HubGauges(metrics, pool, catalogs);
    this.backendGauges = gauges::backend;
    gauges.hub(sessions, listen, pipeline);
    gauges.identity(identity);
    catalogs.onBackendState((backend, state, detail) -> metrics.readinessChanged("backend", state.equals("up")));
    this.patternCheck = UnmatchedPatterns.watch(() -> this.config, catalogs);
    if (limits.shared() != null) {
      gauges.sharedLimits(limits::shared);
    }
    if (audit != null) {
      sessions.onEnd(audit::sessionEnded);
      catalogs.onBackendState(audit::backendState);
      gauges.audit(audit);
    }
    config.backends().forEach(b -> gauges.backend(b.name()));
    catalogs.onChange(notices::catalogChanged);
    this.endpoint = new McpEndpoint(new EdgeChecks(config.listen()), config.listen().maxBodyBytes(),
        config.listen().requestTimeout().millis(), pipeline, sessions,
        new ClientDialect(config.routing().listTtl().millis()), listen,
        quota(config.limits().maxStreamsPerUser(), "streams", "open streams"), new AccessLog(config.logging().access()));
    endpoint.onIdentityFailure((req, what, error) -> {
      metrics.identityFailure(error);
      if (audit != null) {
        audit.identityFailure(String.valueOf(req.remoteAddress()), what, error.getMessage());
      }
    });
  }

  /**
   * Applies a new config without a restart: backends (added ones start, removed and changed ones stop,
   * unchanged ones — and every client session — stay as they are), policy, and limits (buckets whose limit
   * did not change keep their tokens). Sections that only a restart can change are kept as they were and
   * named in the answer.
   */
  public JsonObject reload(HubConfig next) {
    ConfigChange change = new ConfigChange(config, next);
    List<String> needRestart = change.needRestart();
    BackendPool.Diff diff = pool.apply(next.backends());
    catalogs.reconfigure(diff);
    diff.added().forEach(backendGauges);
    boolean limitsChanged = change.limitsChanged();
    config = change.applied(limitsChanged ? limits.reconfigure(change.limits()) : limits.config());
    policy.replace(GrantPolicy.forConfig(config));
    JsonObject summary = new JsonObject().put("result", "applied")
        .put("backendsAdded", new io.vertx.core.json.JsonArray(diff.added()))
        .put("backendsRemoved", new io.vertx.core.json.JsonArray(diff.removed()))
        .put("backendsChanged", new io.vertx.core.json.JsonArray(diff.changed()))
        .put("policyChanged", change.policyChanged()).put("limitsChanged", limitsChanged)
        .put("needRestart", new io.vertx.core.json.JsonArray(needRestart));
    metrics.reload(true);
    if (audit != null) {
      audit.configReload(summary);
    }
    LOG.log(System.Logger.Level.INFO, "Config reloaded: {0}", summary.encode());
    if (!needRestart.isEmpty()) {
      LOG.log(System.Logger.Level.WARNING, "Config reload: changes to {0} take effect only after a restart", needRestart);
    }
    patternCheck.run();
    return summary;
  }

  /** A reload whose file did not load or validate: the running config stays; said in log, metrics, audit. */
  public void reloadFailed(String error) {
    metrics.reload(false);
    if (audit != null) {
      audit.configReload(new JsonObject().put("result", "rejected").put("error", error));
    }
    LOG.log(System.Logger.Level.ERROR, "Config reload rejected, the running config stays: {0}", error);
  }

  /** A per-user cap, or none at all when limits are switched off. */
  private UserQuota quota(int max, String limit, String what) {
    return new UserQuota(config.limits().enabled() ? max : Integer.MAX_VALUE, limit, what);
  }

  private IdentityProvider identityProvider(Vertx vertx, IdentityConfig c, GrantWatch grants) {
    return switch (c.mode()) {
      case "whois" -> {
        localApi = new LocalApiClient(vertx, c.socket(), c.timeout().millis());
        localApi.onAvailability(ok -> metrics.readinessChanged("identity", ok)); // before the first probe
        localApi.probeEvery(IDENTITY_PROBE_MILLIS);
        yield new WhoIsIdentityProvider(localApi, grants::seen);
      }
      case "serve-headers" -> new ServeHeadersIdentityProvider(c.trustedProxies());
      default -> new DevIdentityProvider(c.devLogin(), c.devDisplayName());
    };
  }

  /**
   * Loads the backends (down ones are retried later) and starts listening; completes with the bound port.
   * Callable from any thread: start-up runs on an event loop, like everything after it, because Vert.x
   * 5.0.7's HTTP client can lose a response's end when its futures are composed on another thread
   * (eclipse-vertx/vert.x#6038) — and start-up is where the backends are first called.
   */
  public Future<Integer> start() {
    Promise<Integer> started = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> startOnLoop().onComplete(started));
    return started.future();
  }

  private Future<Integer> startOnLoop() {
    sessions.start(vertx);
    sweepTimer = vertx.setPeriodic(60_000, t -> limits.sweep());
    return startAudit().compose(v -> catalogs.start())
        .compose(v -> Listeners.mcp(vertx, config.listen(), config.connectionIdleMillis(), endpoint, metrics))
        .compose(s -> Listeners.admin(vertx, config.admin(), new AdminEndpoints(metrics, catalogs, pool.size(), audit,
            limits::shared, pool, identity)).map(a -> {
              admin = a;
              if (a != null) {
                LOG.log(System.Logger.Level.INFO, "Admin (metrics, health) on http://{0}:{1}", config.admin().host(),
                    String.valueOf(a.actualPort()));
              }
              return s;
            }))
        .map(s -> {
          server = s;
          LOG.log(System.Logger.Level.INFO, "Switchboard listening on http://{0}:{1}{2}",
              config.listen().host(), String.valueOf(s.actualPort()), config.listen().path());
          return s.actualPort();
        });
  }

  private Future<Void> startAudit() {
    if (audit == null) {
      return Future.succeededFuture();
    }
    return audit.start(new JsonObject().put("version", dev.switchboard.protocol.HubIdentity.VERSION)
        .put("commit", dev.switchboard.protocol.HubIdentity.COMMIT)
        .put("listen", config.listen().host() + ":" + config.listen().port() + config.listen().path())
        .put("identityMode", config.identity().mode())
        .put("backends", new io.vertx.core.json.JsonArray(config.backends().stream().map(b -> b.name()).toList())));
  }

  /** The admin listener's port, or -1 when it is off. */
  public int adminPort() {
    return admin == null ? -1 : admin.actualPort();
  }

  /**
   * Stops in the order that lets every exchange finish cleanly: long-lived streams end first (they would
   * otherwise hold a graceful shutdown open), then the listener drains in-flight calls for a bounded time,
   * then backends are released.
   */
  public Future<Void> stop() {
    LOG.log(System.Logger.Level.INFO, "Switchboard stopping: {0} exchanges in flight have 5 s to finish",
        pipeline.inFlight());
    vertx.cancelTimer(sweepTimer);
    catalogs.stop();
    sessions.stop(vertx);
    listen.closeAll();
    Future<Void> closing = server == null ? Future.succeededFuture() : server.shutdown(5, TimeUnit.SECONDS);
    if (admin != null) {
      closing = closing.eventually(() -> admin.close());
    }
    return closing.eventually(() -> audit == null ? Future.succeededFuture() : audit.close())
        .eventually(limits::close)
        .eventually(pool::close)
        .eventually(() -> vertx.executeBlocking(() -> { // exports the last spans: blocks up to 5 s
          tracing.close();
          return null;
        })).eventually(() -> localApi == null ? Future.succeededFuture() : localApi.close())
        .onComplete(ar -> LOG.log(System.Logger.Level.INFO, "Switchboard stopped"));
  }

  public CatalogService catalogs() {
    return catalogs;
  }

  public BackendPool pool() {
    return pool;
  }

  public Pipeline pipeline() {
    return pipeline;
  }

  public SessionRegistry sessions() {
    return sessions;
  }

}
