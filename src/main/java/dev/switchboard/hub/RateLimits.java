package dev.switchboard.hub;

import dev.switchboard.config.LimitsConfig;
import dev.switchboard.ratelimit.LocalRateLimiter;
import dev.switchboard.ratelimit.RateLimiter;
import dev.switchboard.ratelimit.RedisRateLimiter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.Consumer;

/**
 * The limiter the rate-limit stage asks: the local one, or the shared (Redis) one in front of it when the
 * config says so. A reload that changes the limits replaces both (local buckets whose limit did not change
 * keep their tokens); readers always get the one in use now. Written on reload, read from any event loop:
 * hence volatile.
 */
final class RateLimits {
  private final Vertx vertx;
  private volatile LocalRateLimiter local;
  private volatile RedisRateLimiter shared;
  private final Consumer<Boolean> redisAvailability;

  /** {@code redisAvailability} hears each change of Redis' reachability, whichever shared limiter is in use. */
  RateLimits(Vertx vertx, LimitsConfig limits, List<String> capabilities, Consumer<Boolean> redisAvailability) {
    this.vertx = vertx;
    this.redisAvailability = redisAvailability;
    this.local = new LocalRateLimiter(limits, capabilities, System::nanoTime);
    this.shared = limits.store().equals("redis") ? shared(limits) : null;
  }

  private RedisRateLimiter shared(LimitsConfig limits) {
    RedisRateLimiter limiter = new RedisRateLimiter(vertx, limits, local);
    limiter.onAvailability(redisAvailability);
    return limiter;
  }

  RateLimiter current() {
    RedisRateLimiter s = shared;
    return s != null ? s : local;
  }

  /** The shared limiter in use now, or null when limits are local only. */
  RedisRateLimiter shared() {
    return shared;
  }

  /** Applies new limits; the limits as applied (the local limiter's reading of them). */
  LimitsConfig reconfigure(LimitsConfig next) {
    local = local.reconfigured(next);
    RedisRateLimiter old = shared;
    if (old != null) {
      shared = shared(next);
      old.close();
    }
    return local.config();
  }

  LimitsConfig config() {
    return local.config();
  }

  /** Forgets idle users' buckets. */
  void sweep() {
    local.sweep();
  }

  Future<Void> close() {
    RedisRateLimiter s = shared;
    return s == null ? Future.succeededFuture() : s.close();
  }
}
