package dev.switchboard.bridging;

import dev.switchboard.protocol.Era;
import io.vertx.core.Vertx;

/**
 * The ways a call crosses between eras, one chosen per call from its client's era and its backend's: a 2025-era
 * client is asked on its session's stream whatever its backend's era ({@link LegacyClient}); a 2026-07-28
 * client runs the rounds itself, against a backend that asks in its result ({@link ModernToModern}) or one the
 * hub holds paused while it asks ({@link ModernToLegacy}).
 */
public final class CallBridges {
  /** How long a 2025-era backend's call waits for a 2026-07-28 client to come back with an answer. */
  private static final long PAUSE_TTL_MILLIS = 5 * 60_000;
  private final PausedCalls pausedCalls;
  private final CallBridge legacyClient;
  private final CallBridge modernToModern;
  private final CallBridge modernToLegacy;

  public CallBridges(Vertx vertx, RequestStates requestStates) {
    this.pausedCalls = new PausedCalls(vertx, PAUSE_TTL_MILLIS);
    this.legacyClient = new LegacyClient(vertx);
    this.modernToModern = new ModernToModern(requestStates, pausedCalls);
    this.modernToLegacy = new ModernToLegacy(requestStates, pausedCalls);
  }

  public CallBridge between(Era client, Era backend) {
    if (client == Era.LEGACY) {
      return legacyClient;
    }
    return backend == Era.LEGACY ? modernToLegacy : modernToModern;
  }

  /** Calls to {@code backend} paused for a client's input: each still holds a backend call open. */
  public int waitingFor(String backend) {
    return pausedCalls.waitingFor(backend);
  }
}
