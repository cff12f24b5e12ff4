package dev.switchboard.backend;

import dev.switchboard.config.Durations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A 2025-era backend's sessions, one per owner (a user's principal, or {@link #HUB} for the hub's own
 * calls): opened on first use, ended with DELETE after the backend's {@code idleTimeout}, forgotten when
 * the server no longer knows them or restarts. An id of "" means the server issues none.
 */
final class LegacySessions {
  /** The owner of the hub's own calls (catalog loading, {@code sharing: shared}); never reaped. */
  static final String HUB = "";

  private final Vertx vertx;
  private final long idleTimeoutMillis;
  /** Runs the handshake for an owner, which reports the session id with {@link #established} on its way. */
  private final Function<String, Future<?>> open;
  private final Function<String, Future<Void>> end;
  private final Map<String, Future<String>> sessions = new ConcurrentHashMap<>();
  private final Map<String, Long> lastUsed = new ConcurrentHashMap<>();
  private final long reaper;

  LegacySessions(Vertx vertx, long idleTimeoutMillis, Function<String, Future<?>> open,
      Function<String, Future<Void>> end) {
    this.vertx = vertx;
    this.idleTimeoutMillis = idleTimeoutMillis;
    this.open = open;
    this.end = end;
    this.reaper = vertx.setPeriodic(Durations.sweepPeriod(idleTimeoutMillis), t -> reapIdle());
  }

  void used(String owner) {
    lastUsed.put(owner, System.currentTimeMillis());
  }

  /** The owner's session id, the session opened on first use: users never share one unless sharing is shared. */
  synchronized Future<String> of(String owner) {
    Future<String> f = sessions.get(owner);
    if (f == null || f.failed()) {
      f = open.apply(owner).map(v -> sessions.get(owner).result());
      sessions.put(owner, f);
    }
    return f;
  }

  /** What the handshake learnt: the server's session id for this owner ("" when it issues none). */
  void established(String owner, String sessionId) {
    sessions.put(owner, Future.succeededFuture(sessionId == null ? "" : sessionId));
  }

  /** The owner's session id once established (what later requests carry), else null. */
  String id(String owner) {
    Future<String> f = sessions.get(owner);
    return f != null && f.succeeded() ? f.result() : null;
  }

  /**
   * The server no longer knows this session of the owner's: the next call opens a new one. Calls that
   * were sent with the same lost session all land here; only the first forgets it, the others then wait
   * for the session that one opens instead of each opening their own. Returns whether this call forgot it.
   */
  synchronized boolean forget(String owner, String sessionId) {
    Future<String> f = sessions.get(owner);
    if (f != null && f.succeeded() && Objects.equals(f.result(), sessionId)) {
      sessions.remove(owner);
      return true;
    }
    return false;
  }

  /** A restarted server has forgotten every session. */
  void clear() {
    sessions.clear();
  }

  /** Ends every session and stops reaping. */
  Future<Void> close() {
    vertx.cancelTimer(reaper);
    Future<Void> ended = Future.join(sessions.values().stream().filter(Future::succeeded)
        .map(f -> end.apply(f.result())).toList()).mapEmpty();
    sessions.clear();
    return ended;
  }

  /** Ends the sessions of users who have been idle for the backend's idleTimeout. */
  private void reapIdle() {
    long now = System.currentTimeMillis();
    lastUsed.forEach((owner, at) -> {
      if (!owner.equals(HUB) && now - at > idleTimeoutMillis) {
        lastUsed.remove(owner);
        Future<String> f = sessions.remove(owner);
        if (f != null && f.succeeded()) {
          end.apply(f.result());
        }
      }
    });
  }
}
