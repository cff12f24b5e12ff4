package dev.switchboard.bridging;

import dev.switchboard.pipeline.Futures;
import dev.switchboard.pipeline.UserQuota;
import io.vertx.core.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The resources each user follows at once ({@code limits.maxFollowsPerUser}): legacy
 * {@code resources/subscribe} and the URIs of 2026-07-28 listen streams together. On a 2026-07-28 backend
 * each follow holds a stream of its own to the backend, out of that backend's {@code maxStreams} for
 * everyone: without a cap per user, one client listing a template's URIs took them all.
 */
public final class Follows {
  private final UserQuota quota;

  public Follows(UserQuota quota) {
    this.quota = quota;
  }

  /**
   * Starts {@code follow} for {@code principal} when they hold fewer than their cap; the follow counts
   * until it ends, however it ends (its runnable is run once, by whoever ends it first). Fails with a
   * rate-limit error naming the cap, without starting it, when they hold as many.
   */
  public Future<Runnable> hold(String principal, Supplier<Future<Runnable>> follow) {
    try {
      quota.acquire(principal);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return Futures.attempt(follow).transform(ar -> {
      if (ar.failed()) {
        quota.release(principal);
        return Future.failedFuture(ar.cause());
      }
      AtomicBoolean ended = new AtomicBoolean();
      Runnable stop = ar.result();
      return Future.succeededFuture(() -> {
        if (ended.compareAndSet(false, true)) {
          quota.release(principal);
          stop.run();
        }
      });
    });
  }
}
