package dev.switchboard.bridging;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An exchange's way back to its own event loop, for what a backend sends on another thread (a stdio reader, a
 * client on another loop): notifications, requests for input, the answer. What arrives on the loop's thread with
 * nothing of this exchange's still queued runs at once (the common case, and the cheap one); anything else is
 * queued there, so it cannot overtake what was sent before it — an answer that completes while the call is being
 * sent, say, behind notifications another thread already queued.
 */
final class Homeward {
  private final Context home;
  private final Thread loop = Thread.currentThread();
  private final AtomicInteger queued = new AtomicInteger();

  private Homeward(Context home) {
    this.home = home;
  }

  /** The way back to the loop this runs on (outside any Vert.x context: everything runs where it arrives). */
  static Homeward here() {
    return new Homeward(Vertx.currentContext());
  }

  void run(Runnable action) {
    if (home == null || Thread.currentThread() == loop && queued.get() == 0) {
      action.run();
      return;
    }
    queued.incrementAndGet();
    home.runOnContext(v -> {
      queued.decrementAndGet();
      action.run();
    });
  }
}
