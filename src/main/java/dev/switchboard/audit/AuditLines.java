package dev.switchboard.audit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads one audit file line by line as exact bytes (what the chain hashes), holding at most one line, and
 * at most {@link #MAX_LINE_BYTES} of it: a tampered file cannot take the reader's memory.
 */
final class AuditLines implements Closeable {
  /** Well above any record: {@code audit.maxArgumentBytes} is at most 16 MiB. */
  static final int MAX_LINE_BYTES = 64 * 1024 * 1024;
  private final InputStream in;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
  private long bytesRead;
  private long completeBytes;
  private boolean lastTerminated = true;
  private boolean tooLong;

  AuditLines(Path file) throws IOException {
    this(file, 0);
  }

  /** Starts reading at a byte offset (the end of a line read before). */
  AuditLines(Path file, long fromByte) throws IOException {
    InputStream raw = Files.newInputStream(file);
    raw.skipNBytes(fromByte);
    this.in = new BufferedInputStream(raw, 1 << 16);
    this.bytesRead = fromByte;
    this.completeBytes = fromByte;
  }

  /**
   * The next line without its newline, or null at the end of the file. A line over {@link #MAX_LINE_BYTES}
   * (no record the hub writes is: arguments over {@code audit.maxArgumentBytes} are kept as a digest) is
   * read past, not held, and comes back empty with {@link #lastTooLong()} true.
   */
  byte[] next() throws IOException {
    line.reset();
    tooLong = false;
    int b;
    while ((b = in.read()) != -1) {
      bytesRead++;
      if (b == '\n') {
        lastTerminated = true;
        completeBytes = bytesRead;
        return line.toByteArray();
      }
      if (line.size() < MAX_LINE_BYTES) {
        line.write(b);
      } else if (!tooLong) {
        tooLong = true;
        line.reset();
      }
    }
    if (line.size() == 0 && !tooLong) {
      return null;
    }
    lastTerminated = false;
    return line.toByteArray();
  }

  /** True when the line {@link #next()} returned last was over the limit (and so came back empty). */
  boolean lastTooLong() {
    return tooLong;
  }

  /** False when the line {@link #next()} returned last had no newline (a torn final write). */
  boolean lastTerminated() {
    return lastTerminated;
  }

  long bytesRead() {
    return bytesRead;
  }

  /** Offset just after the last complete line read. */
  long completeBytes() {
    return completeBytes;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
