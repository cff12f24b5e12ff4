package dev.switchboard.routing;

import dev.switchboard.backend.Backend;
import dev.switchboard.backend.BackendCall;
import dev.switchboard.protocol.Era;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.McpNames;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The circuit breaker over the backends: probes each one that is up, in its own era ({@code ping}; 2026-07-28
 * removed it and {@code server/discover} stands in), and counts the failures in a row. Any well-formed
 * JSON-RPC answer counts as alive, errors included: a method-not-found proves the server is up. At
 * {@code routing.unhealthyAfter} failures the circuit opens ({@link Breaker#open}); failed reconnections
 * count on while the backend is down, and its first successful load resets the count.
 */
final class BackendHealth {
  /** What the catalog does when the health of a backend changes. */
  interface Breaker {
    /** Enough failures in a row: the backend's names leave the catalog until it answers again. */
    void open(Backend backend, String reason);

    /** A change worth telling (degraded, up again), once per change. */
    void report(String backend, String state, String detail);
  }

  private final int unhealthyAfter;
  private final long timeoutMillis;
  private final Breaker breaker;
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
  private final Set<String> probing = ConcurrentHashMap.newKeySet();

  /** @param intervalMillis how often the probes run (a probe waits at most half of it, and at least 2 s) */
  BackendHealth(int unhealthyAfter, long intervalMillis, Breaker breaker) {
    this.unhealthyAfter = unhealthyAfter;
    // Generous: a busy but healthy backend must not look dead; a hung one is found within a few of these.
    this.timeoutMillis = Math.max(2_000, intervalMillis / 2);
    this.breaker = breaker;
  }

  /** Probes every backend that is up, each in the era it speaks. */
  void probe(Map<Backend, Era> up) {
    up.forEach((backend, era) -> {
      String name = backend.name();
      if (!probing.add(name)) {
        return; // the previous probe has not answered yet
      }
      String method = era == Era.MODERN ? McpNames.DISCOVER : McpNames.PING;
      backend.call(BackendCall.internal(method, new JsonObject(), timeoutMillis)).onComplete(ar -> {
        probing.remove(name);
        if (ar.succeeded() || ar.cause() instanceof McpError e && e.answeredByBackend()) {
          if (failures.remove(name) != null) {
            breaker.report(name, "up", "health probe answered again");
          }
          return;
        }
        int n = failed(name);
        if (n >= unhealthyAfter) {
          breaker.open(backend, ar.cause().getMessage());
        } else {
          breaker.report(name, "degraded", n + " failed health probe(s): " + ar.cause().getMessage());
        }
      });
    });
  }

  /** One more failure in a row (a probe, or a reconnection while down); returns how many now. */
  int failed(String backend) {
    return failures.merge(backend, 1, Integer::sum);
  }

  /** The backend answered (it loaded): the count starts again. */
  void healthy(String backend) {
    failures.remove(backend);
  }

  /** Failures in a row, 0 while healthy: above 0 means degraded, and it keeps counting while down. */
  int failures(String backend) {
    return failures.getOrDefault(backend, 0);
  }
}
