package dev.switchboard.audit;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * {@code audit tail}: polls the current file for complete new lines and moves on to the next file when
 * one appears, through every file in order.
 */
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
      Path next = after(current);
      if (current != null) {
        offset = query.scan(current, offset, out); // a file that has been rotated away: its rest first
      }
      if (next != null) {
        current = next; // every file in turn, even when several rotated between two polls
        offset = 0;
        continue;
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  /** The file that follows {@code current} in the trail (the first one when current is null), or null. */
  private Path after(Path current) throws IOException {
    for (Path p : AuditFiles.list(dir)) {
      if (current == null || AuditFiles.firstSeq(p) > AuditFiles.firstSeq(current)) {
        return p;
      }
    }
    return null;
  }

  private Path newest() throws IOException {
    List<Path> files = AuditFiles.list(dir);
    return files.isEmpty() ? null : files.get(files.size() - 1);
  }
}
