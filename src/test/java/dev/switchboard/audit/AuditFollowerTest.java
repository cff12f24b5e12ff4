package dev.switchboard.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.pipeline.AuditObserver;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit tail}: follows a live trail across rotations, printing only new, matching records. */
class AuditFollowerTest {
  @TempDir
  Path dir;

  @Test
  void followsNewRecordsAcrossRotationWithFilters() throws Exception {
    var config = AuditTrails.config(dir, 4096, 1000);
    AuditLog log = new AuditLog(config, null, "sb-test", AuditObserver.NONE, Clock.systemUTC());
    log.start(new JsonObject()).toCompletionStage().toCompletableFuture().get();
    AuditEvents events = new AuditEvents("sb-test", config);
    log.append(events.hub("call", new JsonObject().put("user", "old@example.com"))).toCompletionStage()
        .toCompletableFuture().get();

    List<String> seen = new CopyOnWriteArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    AuditQuery onlyAlice = new AuditQuery("alice@example.com", null, null, null, null, null, null);
    Thread follower = new Thread(() -> {
      try {
        new AuditFollower(dir, onlyAlice, (r, line) -> seen.add(r.getString("name"))).follow(false, stop::get);
      } catch (Exception e) {
        seen.add("failed: " + e);
      }
    });
    follower.start();
    Thread.sleep(500); // the follower has taken its starting point: what is already there is not printed
    for (int i = 0; i < 60; i++) { // ~60 records of ~400 bytes: several 4 KiB rotations
      String user = i % 2 == 0 ? "alice@example.com" : "bob@example.com";
      log.append(events.hub("call", new JsonObject().put("user", user).put("name", "n" + i).put("pad", "x".repeat(300))))
          .toCompletionStage().toCompletableFuture().get();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= 30);
    stop.set(true);
    follower.join(5000);
    log.close().toCompletionStage().toCompletableFuture().get();
    assertThat(AuditTrails.files(dir).size()).isGreaterThan(3);
    assertThat(seen).hasSize(30).doesNotContain("n1").startsWith("n0", "n2", "n4").endsWith("n58");
  }
}
