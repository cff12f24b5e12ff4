package dev.switchboard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Deadlines share one timer per event loop: each still expires at its own time, in order, and only if it
 * was not met (cancelled) first; a shorter one armed after longer ones does not wait for them.
 */
class DeadlinesTest {
  private final Vertx vertx = Vertx.vertx();
  private final List<String> expired = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  /** Runs {@code arm} on an event loop and waits for it. */
  private void onLoop(Consumer<List<Deadline>> arm, List<Deadline> kept) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    vertx.runOnContext(v -> {
      try {
        arm.accept(kept);
        done.complete(null);
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
      }
    });
    done.get(5, TimeUnit.SECONDS);
  }

  private Deadline armed(String name, long millis, long[] expiredAtMillis, long start) {
    Deadline d = Deadline.in(millis);
    d.onExpiry(() -> {
      expired.add(name);
      if (expiredAtMillis != null) {
        expiredAtMillis[0] = (System.nanoTime() - start) / 1_000_000;
      }
    });
    return d;
  }

  @Test
  void deadlinesExpireInOrderAndAMetOneNever() throws Exception {
    List<Deadline> kept = new CopyOnWriteArrayList<>();
    onLoop(list -> {
      list.add(armed("first", 100, null, 0));
      list.add(armed("met", 150, null, 0));
      list.add(armed("second", 200, null, 0));
    }, kept);
    onLoop(list -> list.get(1).cancel(), kept);

    Thread.sleep(600);
    assertThat(expired).containsExactly("first", "second");
  }

  @Test
  void aShorterDeadlineArmedAfterLongerOnesExpiresAtItsOwnTime() throws Exception {
    long start = System.nanoTime();
    long[] shortAt = {-1};
    onLoop(list -> {
      list.add(armed("long", 30_000, null, start));
      list.add(armed("short", 150, shortAt, start));
    }, new CopyOnWriteArrayList<>());

    Thread.sleep(1000);
    assertThat(expired).containsExactly("short");
    assertThat(shortAt[0]).isBetween(140L, 900L);
  }

  @Test
  void aDeadlineStillExpiresOnTimeAfterManyWereMetBeforeIt() throws Exception {
    long start = System.nanoTime();
    long[] lastAt = {-1};
    onLoop(list -> {
      for (int i = 0; i < 10_000; i++) {
        armed("met", 100, null, start).cancel(); // the shared timer was set for the first of these
      }
      list.add(armed("last", 300, lastAt, start));
    }, new CopyOnWriteArrayList<>());

    Thread.sleep(1000);
    assertThat(expired).containsExactly("last");
    assertThat(lastAt[0]).isBetween(290L, 900L);
  }

  @Test
  void onlyTheLatestActionRunsAndNoneAfterCancel() throws Exception {
    List<Deadline> kept = new CopyOnWriteArrayList<>();
    onLoop(list -> {
      Deadline body = armed("body", 100, null, 0);
      body.onExpiry(() -> expired.add("exchange")); // the request moved on: its deadline means something else
      Deadline met = armed("met", 100, null, 0);
      met.cancel();
      met.cancel(); // idempotent
    }, kept);

    Thread.sleep(500);
    assertThat(expired).containsExactly("exchange");
  }

  @Test
  void aDeadlineIsArmedOnlyOnAnEventLoop() {
    assertThatThrownBy(() -> Deadline.in(100).onExpiry(() -> { }))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("event loop");
  }

  @Test
  void remainingTimeCountsDownFromCreation() throws Exception {
    Deadline d = Deadline.in(1000);
    Thread.sleep(200);
    assertThat(d.remainingMillis()).isBetween(0L, 810L);
    assertThat(d.timeoutMillis()).isEqualTo(1000);
    assertThat(Deadline.in(0).remainingMillis()).isZero();
  }
}
