package dev.switchboard.bridge;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The client's requests handed to a worker and not yet answered (or dropped): what the end of stdin waits
 * for, briefly, since a client may close stdin right after its last request
 * ({@code echo '…' | switchboard connect URL}).
 */
final class Unanswered {
  private final AtomicInteger count = new AtomicInteger();

  /** {@code request}, counted from now until it has run. */
  Runnable counted(Runnable request) {
    count.incrementAndGet();
    return () -> {
      try {
        request.run();
      } finally {
        count.decrementAndGet();
      }
    };
  }

  /** Waits until every counted request has run, {@code grace} has passed, or {@code stop} says so. */
  void await(Duration grace, BooleanSupplier stop) {
    long deadline = System.nanoTime() + grace.toNanos();
    try {
      while (count.get() > 0 && System.nanoTime() < deadline && !stop.getAsBoolean()) {
        Thread.sleep(10);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
