package dev.switchboard.hub;

import dev.switchboard.audit.AuditLog;
import dev.switchboard.backend.BackendPool;
import dev.switchboard.identity.IdentityProvider;
import dev.switchboard.metrics.HubMetrics;
import dev.switchboard.pipeline.Pipeline;
import dev.switchboard.protocol.HubIdentity;
import dev.switchboard.ratelimit.RedisRateLimiter;
import dev.switchboard.routing.CatalogService;
import dev.switchboard.session.SessionRegistry;
import dev.switchboard.transport.ListenStreams;
import java.util.function.Supplier;

/**
 * The gauges of a running hub that operators watch: each reads its part at scrape time, so they follow
 * reloads (a backend added later gets its own; a removed one reads as down).
 */
final class HubGauges {
  private final HubMetrics metrics;
  private final BackendPool pool;
  private final CatalogService catalogs;

  HubGauges(HubMetrics metrics, BackendPool pool, CatalogService catalogs) {
    this.metrics = metrics;
    this.pool = pool;
    this.catalogs = catalogs;
  }

  void hub(SessionRegistry sessions, ListenStreams listen, Pipeline pipeline) {
    metrics.buildInfo(HubIdentity.VERSION, HubIdentity.COMMIT);
    metrics.gauge("switchboard.sessions.active", "Legacy sessions alive", sessions::size);
    metrics.gauge("switchboard.listen.streams", "Open subscriptions/listen streams", listen::size);
    metrics.gauge("switchboard.requests.in.flight", "Exchanges between request and answer", pipeline::inFlight);
    metrics.gauge("switchboard.backends.up", "Configured backends that are up",
        () -> pool.size() - catalogs.unavailable().size());
    metrics.gauge("switchboard.backends.configured", "Configured backends", pool::size);
  }

  void identity(IdentityProvider identity) {
    metrics.gauge("switchboard.identity.available", "1 while callers can be identified (tailscaled answers)",
        () -> identity.unavailable() == null ? 1 : 0);
  }

  void audit(AuditLog audit) {
    metrics.gauge("switchboard.audit.queue.depth", "Audit records waiting for the writer", audit::queueDepth);
    metrics.gauge("switchboard.audit.writable", "1 when the audit trail can be written", () -> audit.writable() ? 1 : 0);
  }

  /** The shared (Redis) limits in use now: a reload with new limits replaces them. */
  void sharedLimits(Supplier<RedisRateLimiter> current) {
    metrics.gauge("switchboard.ratelimit.redis.up", "1 while the shared (Redis) rate limits answer",
        () -> current.get().reachable() ? 1 : 0);
    metrics.counter("switchboard.ratelimit.fallbacks", "Calls limited locally (or refused) because Redis was unreachable",
        () -> current.get().fallbacks());
  }

  void backend(String name) {
    metrics.gauge("switchboard.backend.processes", "Open stdio processes or event streams of the backend", "backend",
        name, () -> pool.get(name).map(b -> b.processes()).orElse(0));
    metrics.counter("switchboard.backend.stuck.stops",
        "stdio processes (or event streams) stopped because they were stuck: silent past a deadline, or flooding",
        "backend", name, () -> pool.get(name).map(b -> b.stuckStops()).orElse(0L));
    metrics.counter("switchboard.backend.notifications.dropped",
        "Notifications from a server that reached no client (no call in progress, a kind not relayed)",
        "backend", name, () -> pool.get(name).map(b -> b.droppedNotifications()).orElse(0L));
    metrics.gauge("switchboard.backend.health.failures",
        "Consecutive failed health probes (above 0: degraded; the circuit opens at routing.unhealthyAfter)",
        "backend", name, () -> catalogs.healthFailures(name));
    metrics.gauge("switchboard.backend.up", "1 while the backend is up, 0 while it is down or no longer configured",
        "backend", name, () -> pool.get(name).isPresent() && !catalogs.unavailable().contains(name) ? 1 : 0);
  }
}
