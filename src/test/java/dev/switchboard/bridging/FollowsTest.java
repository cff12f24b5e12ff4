package dev.switchboard.bridging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.bridging.Follows;
import dev.switchboard.pipeline.UserQuota;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.McpError;
import io.vertx.core.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FollowsTest {
  private final UserQuota quota = new UserQuota(2, "follows", "resources followed");
  private final Follows follows = new Follows(quota);

  @Test
  void aFollowCountsUntilItEndsOnceHoweverOftenItIsEnded() {
    AtomicInteger stopped = new AtomicInteger();
    Runnable end = follows.hold("alice", () -> Future.succeededFuture(stopped::incrementAndGet)).result();
    assertThat(quota.held("alice")).isEqualTo(1);
    end.run();
    end.run();
    assertThat(quota.held("alice")).isZero();
    assertThat(stopped.get()).isEqualTo(1);
  }

  @Test
  void beyondTheCapAFollowIsRefusedWithoutStarting() {
    follows.hold("alice", () -> Future.succeededFuture(() -> { }));
    follows.hold("alice", () -> Future.succeededFuture(() -> { }));
    AtomicInteger started = new AtomicInteger();
    Future<Runnable> third = follows.hold("alice", () -> {
      started.incrementAndGet();
      return Future.succeededFuture(() -> { });
    });
    assertThat(third.failed()).isTrue();
    assertThat(((McpError) third.cause()).kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(started.get()).isZero();
    assertThat(follows.hold("bob", () -> Future.succeededFuture(() -> { })).succeeded()).isTrue();
  }

  @Test
  void aFollowThatFailsOrThrowsGivesItsPlaceBack() {
    Future<Runnable> failed = follows.hold("alice",
        () -> Future.failedFuture(new McpError(ErrorKind.UNKNOWN_NAME, "x")));
    Future<Runnable> thrown = follows.hold("alice", () -> {
      throw new McpError(ErrorKind.UNKNOWN_NAME, "unknown resource");
    });
    assertThat(failed.failed()).isTrue();
    assertThat(thrown.failed()).isTrue();
    assertThat(thrown.cause()).hasMessage("unknown resource");
    assertThat(quota.held("alice")).isZero();
  }
}
