package dev.switchboard.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void aFullBucketAllowsItsBurstThenSaysHowLongToWait() {
    TokenBucket b = new TokenBucket(2, 3, 0);
    assertThat(b.tryTake(0)).isZero();
    assertThat(b.tryTake(0)).isZero();
    assertThat(b.tryTake(0)).isZero();
    assertThat(b.tryTake(0)).isEqualTo(SECOND / 2);
  }

  @Test
  void tokensRefillAtTheRateUpToTheBurst() {
    TokenBucket b = new TokenBucket(2, 3, 0);
    for (int i = 0; i < 3; i++) {
      b.tryTake(0);
    }
    assertThat(b.tryTake(SECOND / 2)).isZero(); // one token back after half a second
    assertThat(b.tryTake(SECOND / 2)).isPositive();
    long later = 100 * SECOND; // a long pause refills only to the burst
    for (int i = 0; i < 3; i++) {
      assertThat(b.tryTake(later)).isZero();
    }
    assertThat(b.tryTake(later)).isPositive();
  }

  @Test
  void aClockJumpingBackwardsRefillsNothing() {
    TokenBucket b = new TokenBucket(1, 1, 10 * SECOND);
    assertThat(b.tryTake(10 * SECOND)).isZero();
    assertThat(b.tryTake(5 * SECOND)).isPositive();
    assertThat(b.tryTake(11 * SECOND)).isZero();
  }

  @Test
  void idleMeansFullAndUnused() {
    TokenBucket b = new TokenBucket(1, 2, 0);
    b.tryTake(0);
    assertThat(b.idle(SECOND / 2, SECOND)).isFalse();
    assertThat(b.idle(3 * SECOND, SECOND)).isTrue();
  }
}
