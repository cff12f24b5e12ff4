package dev.switchboard.audit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads one audit file line by line as exact bytes (what the chain hashes), in constant memory per line. */
final class AuditLines implements Closeable {
  private final InputStream in;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
  private long bytesRead;
  private long completeBytes;
  private boolean lastTerminated = true;

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

  /** The next line without its newline, or null at the end of the file. */
  byte[] next() throws IOException {
    line.reset();
    int b;
    while ((b = in.read()) != -1) {
      bytesRead++;
      if (b == '\n') {
        lastTerminated = true;
        completeBytes = bytesRead;
        return line.toByteArray();
      }
      line.write(b);
    }
    if (line.size() == 0) {
      return null;
    }
    lastTerminated = false;
    return line.toByteArray();
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
