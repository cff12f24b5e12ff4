package dev.switchboard.ratelimit;

import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.Stage;
import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * Pipeline stage: how much. After policy, keyed by caller and target, so refused calls never count. The
 * limiter in force is asked each time: a reload may replace it (local or shared, new limits).
 */
public final class RateLimitStage implements Stage {
  private final Supplier<RateLimiter> limiter;

  public RateLimitStage(Supplier<RateLimiter> limiter) {
    this.limiter = limiter;
  }

  @Override
  public Future<Void> apply(Exchange ex) {
    return limiter.get().admit(ex);
  }
}
