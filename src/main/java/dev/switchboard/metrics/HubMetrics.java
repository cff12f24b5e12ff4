package dev.switchboard.metrics;

import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.MetricsSink;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.McpNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * MCP-aware meters, one observation per finished exchange. Labels are bounded by construction: methods
 * from the protocol's own list (else {@code other}), backend and tool names only as the catalog resolved
 * them (an unknown name never becomes a label), no session ids, no users.
 */
public final class HubMetrics implements MetricsSink {
  public static final String REQUESTS = "switchboard.requests";
  public static final String DURATION = "switchboard.request.duration";
  public static final String TOOL_CALLS = "switchboard.tool.calls";
  public static final String DENIALS = "switchboard.authorization.denials";
  public static final String RATE_LIMITED = "switchboard.rate.limited";
  public static final String IDENTITY_FAILURES = "switchboard.identity.failures";
  public static final String TOOL_DURATION = "switchboard.tool.call.duration";
  public static final String USER_CALLS = "switchboard.user.calls";
  public static final String USER_RATE_LIMITED = "switchboard.user.rate.limited";
  public static final String CONNECTIONS = "switchboard.client.connections";

  private static final Set<String> CALLS = Set.of(McpNames.TOOLS_CALL, McpNames.RESOURCES_READ, McpNames.PROMPTS_GET);
  private static final String READINESS_CHANGES = "switchboard.readiness.changes";
  private static final Map<String, String> DESCRIPTIONS = Map.of(
      REQUESTS, "MCP requests by method, era, backend and outcome",
      DURATION, "Time from request to answer",
      TOOL_CALLS, "Tool calls by tool, backend and outcome",
      TOOL_DURATION, "Tool call time by tool and backend",
      USER_CALLS, "Calls per user (the first admin.userLabels users by name, then other)",
      DENIALS, "Calls refused by policy, by kind of target",
      RATE_LIMITED, "Calls refused by a rate or concurrency limit",
      USER_RATE_LIMITED, "Rate-limited calls per user (capped like user_calls)",
      IDENTITY_FAILURES, "Requests refused because identity could not be established");

  /** Every label value is bounded (see the class comment), so this map is too. */
  private final Map<MeterKey, io.micrometer.core.instrument.Meter> meters = new ConcurrentHashMap<>();
  private final Map<CallShape, CallMeters> callMeters = new ConcurrentHashMap<>();
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final UserLabels users;
  /**
   * Every function a meter reads at scrape time, held here: Micrometer holds a function counter's source
   * only weakly, and a lambda that nothing else holds is collected, after which its counter reads 0 for
   * good (switchboard_ratelimit_fallbacks_total stayed at 0 while calls fell back).
   */
  private final List<Supplier<Number>> readAtScrape = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();

  private final Duration[] latencyBuckets;
  private final boolean toolHistograms;

  public HubMetrics() {
    this(new dev.switchboard.config.AdminConfig(null, null, null, null, null, null));
  }

  /**
   * {@code userLabels}: how many distinct users get their own label before the rest become {@code other};
   * {@code latencyBuckets} and {@code toolHistograms}: the latency histograms' shape.
   */
  public HubMetrics(dev.switchboard.config.AdminConfig admin) {
    this.users = new UserLabels(admin.userLabels());
    this.latencyBuckets = admin.latencyBuckets().stream().map(d -> d.duration()).toArray(Duration[]::new);
    this.toolHistograms = admin.toolHistograms();
    // Two binder meters break Prometheus naming rules (promtool check metrics): a CPU time counted in
    // nanoseconds (process_cpu_usage says the same in a unit Prometheus likes) and a gauge ending in _count.
    registry.config().meterFilter(io.micrometer.core.instrument.config.MeterFilter.denyNameStartsWith("process.cpu.time"));
    registry.config().meterFilter(new io.micrometer.core.instrument.config.MeterFilter() {
      @Override
      public io.micrometer.core.instrument.Meter.Id map(io.micrometer.core.instrument.Meter.Id id) {
        return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
      }
    });
    Gauge.builder(CONNECTIONS, connections, java.util.concurrent.atomic.AtomicInteger::get)
        .description("Open client connections to the MCP endpoint").register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /**
   * A Vert.x whose own pool meters go into this registry. Its per-request HTTP server and client meters
   * are off: they looked up three or four meters by tag set on every request each way, a visible share
   * of the hub's CPU per call, and said less than the hub's own MCP-aware meters (requests by method,
   * backend and outcome; {@link #connectionOpened()} for client connections).
   */
  public io.vertx.core.Vertx newVertx() {
    return io.vertx.core.Vertx.builder()
        .with(new io.vertx.core.VertxOptions().setMetricsOptions(new io.vertx.micrometer.MicrometerMetricsOptions()
            .setEnabled(true)
            .addDisabledMetricsCategory(io.vertx.micrometer.MetricsDomain.HTTP_SERVER)
            .addDisabledMetricsCategory(io.vertx.micrometer.MetricsDomain.HTTP_CLIENT)
            .setLabels(java.util.EnumSet.of(io.vertx.micrometer.Label.POOL_TYPE, io.vertx.micrometer.Label.POOL_NAME))))
        .withMetrics(new io.vertx.micrometer.MicrometerMetricsFactory(registry))
        .build();
  }

  /** A client connection to the MCP endpoint opened; returns what to run when it closes. */
  public Runnable connectionOpened() {
    connections.incrementAndGet();
    return connections::decrementAndGet;
  }

  /** A gauge read at scrape time (sessions, streams, in flight, backends up). */
  public void gauge(String name, String description, Supplier<Number> value) {
    readAtScrape.add(value);
    Gauge.builder(name, value).description(description).register(registry);
  }

  /** One config reload, applied or rejected. */
  public void reload(boolean applied) {
    Counter.builder("switchboard.config.reloads").description("Config reloads by result (applied, rejected)")
        .tag("result", applied ? "applied" : "rejected").register(registry).increment();
  }

  /** A counter read at scrape time from a monotonic source. */
  public void counter(String name, String description, Supplier<Number> value) {
    readAtScrape.add(value);
    io.micrometer.core.instrument.FunctionCounter.builder(name, value, v -> v.get().doubleValue())
        .description(description).register(registry);
  }

  /** {@code switchboard_build_info{version,commit} 1}: which build is running, for dashboards and alerts. */
  public void buildInfo(String version, String commit) {
    Gauge.builder("switchboard.build.info", () -> 1).description("The build that is running (always 1)")
        .tag("version", version).tag("commit", commit).strongReference(true).register(registry);
  }

  /** A counter with one fixed tag, read at scrape time from a monotonic source. */
  public void counter(String name, String description, String tag, String tagValue, Supplier<Number> value) {
    readAtScrape.add(value);
    io.micrometer.core.instrument.FunctionCounter.builder(name, value, v -> v.get().doubleValue())
        .description(description).tag(tag, tagValue).register(registry);
  }

  /** A gauge with one fixed tag, e.g. per configured backend. */
  public void gauge(String name, String description, String tag, String tagValue, Supplier<Number> value) {
    readAtScrape.add(value);
    Gauge.builder(name, value).description(description).tag(tag, tagValue).register(registry);
  }

  @Override
  public void observe(Exchange ex) {
    String method = McpNames.bounded(ex.method());
    String backend = ex.target() == null ? "hub" : ex.target().backend();
    String outcome = ex.outcome().metricLabel();
    String tool = McpNames.TOOLS_CALL.equals(ex.method()) && ex.target() != null && ex.denial() == null
        ? ex.target().exposedName() : null;
    CallShape shape = new CallShape(method, ex.era().label(), backend, tool, outcome);
    CallMeters call = callMeters.get(shape);
    if (call == null) {
      call = callMeters.computeIfAbsent(shape, this::callMeters);
    }
    call.requests().increment();
    call.duration().record(ex.durationNanos(), TimeUnit.NANOSECONDS);
    if (tool != null) {
      call.toolCalls().increment();
      call.toolDuration().record(ex.durationNanos(), TimeUnit.NANOSECONDS);
    }
    if (ex.caller() != null && CALLS.contains(ex.method())) {
      counter(USER_CALLS, "user", users.of(ex.caller().principal()), "outcome", outcome).increment();
    }
    if (ex.denial() != null) {
      counter(DENIALS, "kind", ex.target().kind().name().toLowerCase(java.util.Locale.ROOT)).increment();
    }
    McpError e = ex.error();
    if (e != null && e.kind() == ErrorKind.RATE_LIMITED && e.data() instanceof io.vertx.core.json.JsonObject d) {
      String limit = d.getString("limit", "other");
      String kind = limit.contains(":") ? limit.substring(0, limit.indexOf(':')) : limit;
      counter(RATE_LIMITED, "limit_kind", kind, "backend", backend).increment();
      if (ex.caller() != null) {
        counter(USER_RATE_LIMITED, "user", users.of(ex.caller().principal())).increment();
      }
    }
    if (e != null && (e.kind() == ErrorKind.IDENTITY_REFUSED || e.kind() == ErrorKind.IDENTITY_UNAVAILABLE)) {
      identityFailure(e);
    }
  }

  /** One request refused because identity could not be established (in or outside the pipeline). */
  public void identityFailure(McpError e) {
    counter(IDENTITY_FAILURES, "reason", e.kind() == ErrorKind.IDENTITY_REFUSED ? "refused" : "unavailable").increment();
  }

  /**
   * The counter with these tags, registered on first use. Looked up in a plain map rather than through
   * the registry: the registry builds and sorts a tag set and an id on every lookup, which showed up as
   * a good part of the hub's own CPU per call.
   */
  private Counter counter(String name, String... tags) {
    return (Counter) meters.computeIfAbsent(new MeterKey(name, List.of(tags)),
        k -> Counter.builder(name).description(DESCRIPTIONS.get(name)).tags(tags).register(registry));
  }

  private Timer timer(String name, String... tags) {
    return (Timer) meters.computeIfAbsent(new MeterKey(name, List.of(tags)),
        k -> {
          Timer.Builder timer = Timer.builder(name).description(DESCRIPTIONS.get(name)).tags(tags);
          if (toolHistograms || !name.equals(TOOL_DURATION)) {
            timer.serviceLevelObjectives(latencyBuckets); // a few bounds, not Micrometer's 70-odd
          }
          return timer.register(registry);
        });
  }

  private record MeterKey(String name, List<String> tags) {}

  /** What the meters of every finished exchange are labelled with (tool only for a tool call that ran). */
  private record CallShape(String method, String era, String backend, String tool, String outcome) {}

  /** The meters one shape of call counts into: found with one lookup per exchange instead of one per meter. */
  private record CallMeters(Counter requests, Timer duration, Counter toolCalls, Timer toolDuration) {}

  private CallMeters callMeters(CallShape s) {
    return new CallMeters(
        counter(REQUESTS, "method", s.method(), "era", s.era(), "backend", s.backend(), "outcome", s.outcome()),
        timer(DURATION, "method", s.method(), "backend", s.backend()),
        s.tool() == null ? null : counter(TOOL_CALLS, "tool", s.tool(), "backend", s.backend(), "outcome", s.outcome()),
        s.tool() == null ? null : timer(TOOL_DURATION, "tool", s.tool(), "backend", s.backend()));
  }

  /** Meters for the audit writer (called from its thread; Micrometer meters are thread-safe). */
  public dev.switchboard.pipeline.AuditObserver auditObserver() {
    Counter records = Counter.builder("switchboard.audit.records").description("Audit records made durable")
        .register(registry);
    io.micrometer.core.instrument.DistributionSummary batch = io.micrometer.core.instrument.DistributionSummary
        .builder("switchboard.audit.batch.size").description("Records per group commit").baseUnit("records")
        .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 1024, 4096).register(registry);
    Timer fsync = Timer.builder("switchboard.audit.fsync.duration").description("Time to fsync one batch")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(50_000))
        .maximumExpectedValue(Duration.ofSeconds(5)).register(registry);
    Counter failures = Counter.builder("switchboard.audit.write.failures")
        .description("Audit writes that failed (the trail was not writable)").register(registry);
    return new dev.switchboard.pipeline.AuditObserver() {
      @Override
      public void committed(int n, long fsyncNanos) {
        records.increment(n);
        batch.record(n);
        if (fsyncNanos > 0) {
          fsync.record(fsyncNanos, TimeUnit.NANOSECONDS);
        }
      }

      @Override
      public void failed() {
        failures.increment();
      }

      @Override
      public void writable(boolean writable) {
        readinessChanged("audit", writable);
      }
    };
  }

  /** A condition /readyz reports (identity, audit, redis, backend) changed: counted once per change. */
  public void readinessChanged(String condition, boolean available) {
    Counter.builder(READINESS_CHANGES).description("Changes of what /readyz reports, by condition")
        .tag("condition", condition).tag("to", available ? "available" : "unavailable").register(registry).increment();
  }

  /** The exposition: Prometheus text by default, OpenMetrics when the scraper asks for it. */
  public String scrape(String accept) {
    if (accept != null && accept.contains("application/openmetrics-text")) {
      return registry.scrape("application/openmetrics-text; version=1.0.0; charset=utf-8");
    }
    return registry.scrape();
  }

  public static String contentType(String accept) {
    return accept != null && accept.contains("application/openmetrics-text")
        ? "application/openmetrics-text; version=1.0.0; charset=utf-8" : "text/plain; version=0.0.4; charset=utf-8";
  }
}
