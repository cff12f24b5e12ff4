package dev.switchboard.pipeline;

import io.vertx.core.Future;
import java.util.function.Supplier;

/** How a step whose failure may be thrown instead of returned is made one future either way. */
public final class Futures {
  private Futures() {}

  /**
   * The future {@code step} returns, or a failed one when it throws: what is held while the step runs (a
   * backend's concurrency place, a user's follow) is released on its outcome, so a step refused on the way
   * (a forged token, an unknown name) must not skip that outcome by throwing.
   */
  public static <T> Future<T> attempt(Supplier<Future<T>> step) {
    try {
      return step.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
