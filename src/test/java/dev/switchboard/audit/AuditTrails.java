package dev.switchboard.audit;

import dev.switchboard.config.AuditConfig;
import dev.switchboard.config.Durations;
import dev.switchboard.pipeline.AuditObserver;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real trails on disk for the audit tests, written by the real writer. */
final class AuditTrails {
  static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private AuditTrails() {}

  static AuditConfig config(Path dir, long maxFileBytes, int checkpointEvery) {
    return new AuditConfig(true, dir.toString(), "fsync", "closed", "redacted", null, null, null, null, maxFileBytes,
        checkpointEvery, Durations.Value.parse("60s"), null, null, null, null, null);
  }

  /** Writes {@code n} records through a fresh writer, then closes it cleanly (a shutdown checkpoint). */
  static void write(AuditConfig config, byte[] key, Clock clock, int n) throws Exception {
    AuditLog log = new AuditLog(config, key, "sb-test", AuditObserver.NONE, clock);
    log.start(new JsonObject()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    AuditEvents events = new AuditEvents("sb-test", config);
    for (int i = 0; i < n; i++) {
      log.append(events.hub("call", new JsonObject().put("user", "alice@example.com").put("name", "echo")
          .put("arguments", new JsonObject().put("i", i)))).toCompletionStage().toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    }
    log.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static List<Path> files(Path dir) throws Exception {
    return AuditFiles.list(dir);
  }

  /** A clock the test moves by hand. */
  static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant start) {
      this.now = start;
    }

    void set(Instant instant) {
      this.now = instant;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
