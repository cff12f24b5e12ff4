package dev.switchboard.audit;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/** {@code audit tail}: polls the newest file for complete new lines and moves on when a newer file appears. */
public final class AuditFollower {
  private static final long POLL_MILLIS = 250;
  private final Path dir;
  private final AuditQuery query;
  private final BiConsumer<JsonObject, String> out;

  public AuditFollower(Path dir, AuditQuery query, BiConsumer<JsonObject, String> out) {
    this.dir = dir;
    this.query = query;
    this.out = out;
  }

  /** Follows until {@code stop} says so (the CLI never stops; tests do). */
  public void follow(boolean fromStart, BooleanSupplier stop) throws IOException, InterruptedException {
    Path current = newest();
    long offset = current == null || fromStart ? 0 : query.scan(current, 0, (r, l) -> { });
    while (!stop.getAsBoolean()) {
      Path latest = newest();
      if (current != null) {
        offset = query.scan(current, offset, out); // for a replaced file: its rest, before the newer one
      }
      if (latest != null && !latest.equals(current)) {
        current = latest;
        offset = 0;
        continue;
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  private Path newest() throws IOException {
    List<Path> files = AuditFiles.list(dir);
    return files.isEmpty() ? null : files.get(files.size() - 1);
  }
}
