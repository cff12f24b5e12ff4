package dev.switchboard.hub;

import dev.switchboard.audit.AuditLog;
import dev.switchboard.backend.BackendPool;
import dev.switchboard.identity.IdentityProvider;
import dev.switchboard.metrics.HubMetrics;
import dev.switchboard.ratelimit.RedisRateLimiter;
import dev.switchboard.routing.CatalogService;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;
import java.util.List;

/**
 * The operators' listener: {@code /metrics} (Prometheus text, OpenMetrics on request), {@code /healthz}
 * (the process answers) and {@code /readyz} (ready to serve: at least one backend is up, callers can be
 * identified, and, when the hub fails closed, the audit trail is writable and Redis answers; the body says
 * which backends are down, and why identity, audit or shared limits are not available, since when).
 */
final class AdminEndpoints implements Handler<HttpServerRequest> {
  private final HubMetrics metrics;
  private final CatalogService catalogs;
  private final int configuredBackends;
  private final AuditLog audit;
  /** The shared limiter in use now: a reload that changes the limits replaces it. */
  private final Supplier<RedisRateLimiter> sharedLimits;
  private final BackendPool pool;
  private final IdentityProvider identity;

  AdminEndpoints(HubMetrics metrics, CatalogService catalogs, int configuredBackends, AuditLog audit,
      Supplier<RedisRateLimiter> sharedLimits, BackendPool pool, IdentityProvider identity) {
    this.sharedLimits = sharedLimits;
    this.pool = pool;
    this.identity = identity;
    this.metrics = metrics;
    this.catalogs = catalogs;
    this.configuredBackends = configuredBackends;
    this.audit = audit;
  }

  /** Per backend, how many of its processes were stopped as stuck since start (only those with any). */
  private JsonObject stuckStops() {
    JsonObject stuck = new JsonObject();
    pool.all().forEach(b -> {
      if (b.stuckStops() > 0) {
        stuck.put(b.name(), b.stuckStops());
      }
    });
    return stuck;
  }

  @Override
  public void handle(HttpServerRequest req) {
    if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
      req.response().putHeader("Allow", "GET, HEAD");
      json(req, 405, new JsonObject().put("error", "method not allowed: the admin endpoints are read with GET"));
      return;
    }
    switch (req.path()) {
      case "/metrics" -> {
        String accept = req.getHeader("Accept");
        req.response().putHeader("Content-Type", HubMetrics.contentType(accept)).end(metrics.scrape(accept));
      }
      case "/healthz" -> json(req, 200, new JsonObject().put("status", "ok"));
      case "/readyz" -> {
        List<String> down = catalogs.unavailable();
        JsonObject body = new JsonObject().put("backendsUp", configuredBackends - down.size())
            .put("backendsDown", new JsonArray(down));
        JsonObject stuck = stuckStops();
        if (!stuck.isEmpty()) {
          body.put("stuckProcessesStopped", stuck); // one user's process: the backend stays up for the others
        }
        boolean ready = down.size() < configuredBackends;
        String unidentifiable = identity.unavailable();
        body.put("identity", unidentifiable == null ? "available" : unidentifiable);
        ready &= unidentifiable == null; // every call would be refused
        if (audit != null) {
          body.put("audit", audit.writable() ? "writable" : "not writable: " + audit.lastError());
          ready &= audit.refusal() == null;
        }
        RedisRateLimiter shared = sharedLimits.get();
        if (shared != null) {
          body.put("rateLimits", shared.reachable() ? "shared (redis)" : (shared.refusesWhileUnreachable()
              ? "refusing calls" : "local fallback") + ": redis unreachable: " + shared.lastError());
          ready &= shared.reachable() || !shared.refusesWhileUnreachable();
        }
        json(req, ready ? 200 : 503, new JsonObject().put("status", ready ? "ready" : "not ready").mergeIn(body));
      }
      default -> json(req, 404, new JsonObject().put("error", "not found: try /metrics, /healthz or /readyz"));
    }
  }

  private static void json(HttpServerRequest req, int status, JsonObject body) {
    req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toBuffer());
  }
}
