package dev.switchboard.ratelimit;

/**
 * A token bucket: {@code burst} tokens at most, refilled at {@code perSecond}. No allocation per call; the
 * clock is passed in (nanoseconds), so tests control time. A clock that jumps backwards refills nothing.
 */
final class TokenBucket {
  private final double perNano;
  private final double burst;
  private double tokens;
  private long lastNanos;
  private volatile long lastUsedNanos;

  TokenBucket(double perSecond, double burst, long nowNanos) {
    this.perNano = perSecond / 1e9;
    this.burst = burst;
    this.tokens = burst;
    this.lastNanos = nowNanos;
    this.lastUsedNanos = nowNanos;
  }

  /** Takes one token, or returns how many nanoseconds until one is available (0 = taken). */
  synchronized long tryTake(long nowNanos) {
    refill(nowNanos);
    lastUsedNanos = nowNanos;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return (long) Math.ceil((1 - tokens) / perNano);
  }

  /** Full and unused for a while: safe to forget (a new bucket would start full too). */
  synchronized boolean idle(long nowNanos, long idleNanos) {
    refill(nowNanos);
    return tokens >= burst && nowNanos - lastUsedNanos > idleNanos;
  }

  private void refill(long nowNanos) {
    long elapsed = nowNanos - lastNanos;
    if (elapsed > 0) {
      tokens = Math.min(burst, tokens + elapsed * perNano);
      lastNanos = nowNanos;
    }
  }
}
