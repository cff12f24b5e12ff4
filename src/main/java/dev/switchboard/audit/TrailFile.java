package dev.switchboard.audit;

import dev.switchboard.protocol.Sha256;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The file the trail is being written to, in the audit directory: created new (never reopened), appended
 * to whole batches at a time, cut back when a write tears, and found again after a restart by its last
 * complete record. Used by the writer thread only.
 */
final class TrailFile {
  private static final System.Logger LOG = System.getLogger(TrailFile.class.getName());
  private static final int MAX_TAIL_BYTES = 4 * 1024 * 1024;
  private final Path dir;
  private FileChannel channel;
  private long bytes;
  private LocalDate day;

  /** Where the chain on disk ends: its last record's {@code seq} and hash. */
  record Tail(long seq, String hash) {}

  TrailFile(Path dir) {
    this.dir = dir;
  }

  /** Starts a new file for the record {@code firstSeq}; its directory entry is made durable at once. */
  void open(long firstSeq, LocalDate today) throws IOException {
    Files.createDirectories(dir);
    channel = FileChannel.open(dir.resolve(AuditFiles.name(firstSeq, today)), StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE);
    syncDirectory();
    bytes = 0;
    day = today;
  }

  /** Whether the file is full or belongs to another day (and has something in it). */
  boolean due(long maxBytes, LocalDate today) {
    return bytes > 0 && (bytes >= maxBytes || !today.equals(day));
  }

  /** Appends a batch; a torn write is cut back so the file ends on a whole record. Returns fsync nanos. */
  long append(byte[] batch, int length, boolean fsync) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(batch, 0, length);
    try {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      long start = System.nanoTime();
      if (fsync) {
        channel.force(false);
      }
      bytes += length;
      return fsync ? System.nanoTime() - start : 0;
    } catch (IOException e) {
      truncateQuietly();
      throw e;
    }
  }

  void close() throws IOException {
    channel.close();
  }

  void closeQuietly() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.log(System.Logger.Level.DEBUG, "closing audit file: {0}", e.getMessage());
      }
      channel = null;
    }
  }

  /**
   * The end of the chain already on disk, or null for a new trail. A file whose first record was torn
   * by a crash is set aside (its name is needed again).
   */
  static Tail lastRecord(Path dir) throws IOException {
    List<Path> files = new ArrayList<>(AuditFiles.list(dir));
    while (!files.isEmpty()) {
      Path last = files.remove(files.size() - 1);
      byte[] line = lastCompleteLine(last);
      if (line != null) {
        return new Tail(new JsonObject(Buffer.buffer(line)).getLong("seq"), Sha256.hex(line));
      }
      if (Files.size(last) == 0) {
        Files.delete(last);
      } else {
        Files.move(last, last.resolveSibling(last.getFileName() + ".incomplete"));
        LOG.log(System.Logger.Level.WARNING, "Audit file {0} held only an incomplete record; kept as {0}.incomplete",
            last);
      }
    }
    return null;
  }

  /** The last newline-terminated line of a file (a torn final write is ignored), or null. */
  static byte[] lastCompleteLine(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      int window = (int) Math.min(size, MAX_TAIL_BYTES);
      ByteBuffer buf = ByteBuffer.allocate(window);
      ch.read(buf, size - window);
      byte[] tail = buf.array();
      int end = window - 1;
      while (end >= 0 && tail[end] != '\n') {
        end--;
      }
      if (end < 0) {
        return null;
      }
      int start = end - 1;
      while (start >= 0 && tail[start] != '\n') {
        start--;
      }
      if (start < 0 && window < size) {
        throw new IOException(file + ": last record is longer than " + MAX_TAIL_BYTES + " bytes");
      }
      return Arrays.copyOfRange(tail, start + 1, end);
    }
  }

  private void truncateQuietly() {
    try {
      channel.truncate(bytes);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "Audit trail: cannot cut a torn write back: {0}", e.getMessage());
    }
  }

  private void syncDirectory() {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "Cannot fsync directory {0}: {1}", dir, e.getMessage());
    }
  }
}
