package dev.switchboard.pipeline;

/**
 * The one deadline of a client request, from its arrival: first for its body to arrive, then for its
 * exchange. What happens when it passes can change as the request moves on ({@link #onExpiry}); once it is
 * armed it waits in its event loop's {@link Deadlines}, so that a request costs no timer of its own.
 * Confined to the event loop of the request's connection.
 */
public final class Deadline {
  private final long dueNanos;
  private final long timeoutMillis;
  private Runnable onExpiry;
  Deadlines queue;
  Deadline previous;
  Deadline next;

  private Deadline(long timeoutMillis) {
    this.timeoutMillis = timeoutMillis;
    this.dueNanos = System.nanoTime() + timeoutMillis * 1_000_000L;
  }

  /** A deadline {@code millis} from now, not yet armed. */
  public static Deadline in(long millis) {
    return new Deadline(millis);
  }

  /** How long it was set for. */
  public long timeoutMillis() {
    return timeoutMillis;
  }

  long dueNanos() {
    return dueNanos;
  }

  /** What is left of it; 0 once it has passed. */
  public long remainingMillis() {
    return Math.max(0, (dueNanos - System.nanoTime()) / 1_000_000L);
  }

  /**
   * Runs {@code action} when the deadline passes, unless {@link #cancel}ed first; replaces any earlier action.
   * Arms the deadline on the calling event loop the first time.
   */
  public void onExpiry(Runnable action) {
    this.onExpiry = action;
    if (queue == null) {
      Deadlines.onThisLoop().add(this);
    }
  }

  /** Nothing is to happen any more when it passes. Idempotent. */
  public void cancel() {
    onExpiry = null;
    if (queue != null) {
      queue.remove(this);
    }
  }

  void expire() {
    Runnable action = onExpiry;
    onExpiry = null;
    if (action != null) {
      action.run();
    }
  }
}
