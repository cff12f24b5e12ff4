package dev.switchboard.pipeline;

import io.netty.util.concurrent.FastThreadLocal;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;

/**
 * The armed deadlines of one event loop, in the order they fall due, and one timer for the earliest. Every
 * request has a deadline and nearly every one is met, so a timer per request (scheduled, then cancelled a
 * millisecond later) was work on the hot path for nothing. Requests get the same timeout, so a new deadline
 * goes at the end of the list and a met one is unlinked: both O(1). The timer is not cancelled when the
 * deadline it was set for is met: when it fires it expires what is due and is set again for the new
 * earliest, so under steady load it fires about once per timeout.
 */
final class Deadlines {
  private static final FastThreadLocal<Deadlines> ON_LOOP = new FastThreadLocal<>();
  private final ContextInternal loop;
  private Deadline first;
  private Deadline last;
  /** Whether a timer is set, and when the earliest one set fires (nanoTime: compared by difference). */
  private boolean timerSet;
  private long timerDueNanos;

  private Deadlines(ContextInternal loop) {
    this.loop = loop;
  }

  /** This event loop's deadlines. */
  static Deadlines onThisLoop() {
    Context current = Vertx.currentContext();
    if (current == null || !current.isEventLoopContext() || !Context.isOnEventLoopThread()) {
      throw new IllegalStateException("A deadline is armed on the event loop of its request");
    }
    Deadlines deadlines = ON_LOOP.get();
    if (deadlines == null || deadlines.loop.nettyEventLoop() != ((ContextInternal) current).nettyEventLoop()) {
      // the loop's own context, not the request's duplicate of it: the timer outlives any one request
      deadlines = new Deadlines(((ContextInternal) current).unwrap());
      ON_LOOP.set(deadlines);
    }
    return deadlines;
  }

  void add(Deadline d) {
    d.queue = this;
    Deadline before = last;
    while (before != null && before.dueNanos() - d.dueNanos() > 0) {
      before = before.previous; // only a shorter timeout than the ones waiting walks back
    }
    d.previous = before;
    d.next = before == null ? first : before.next;
    if (d.next == null) {
      last = d;
    } else {
      d.next.previous = d;
    }
    if (before == null) {
      first = d;
    } else {
      before.next = d;
    }
    armFor(d);
  }

  void remove(Deadline d) {
    if (d.previous == null) {
      first = d.next;
    } else {
      d.previous.next = d.next;
    }
    if (d.next == null) {
      last = d.previous;
    } else {
      d.next.previous = d.previous;
    }
    d.previous = null;
    d.next = null;
    d.queue = null;
  }

  /** Sets a timer for {@code d} unless one is set for it or earlier already. */
  private void armFor(Deadline d) {
    if (!timerSet || d.dueNanos() - timerDueNanos < 0) {
      arm(d.dueNanos());
    }
  }

  private void arm(long dueNanos) {
    timerSet = true;
    timerDueNanos = dueNanos;
    long delayMillis = Math.max(1, (dueNanos - System.nanoTime() + 999_999) / 1_000_000L);
    loop.setTimer(delayMillis, t -> fired(dueNanos));
  }

  private void fired(long dueNanos) {
    if (timerSet && dueNanos == timerDueNanos) {
      timerSet = false; // the earliest timer set has fired; later ones may still be set, and fire harmlessly
    }
    long now = System.nanoTime();
    while (first != null && first.dueNanos() - now <= 0) {
      Deadline due = first;
      remove(due);
      due.expire();
    }
    if (first != null) {
      armFor(first);
    }
  }
}
