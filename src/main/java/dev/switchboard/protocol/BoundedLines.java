package dev.switchboard.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Newline-delimited lines, the stdio transport's framing (a backend's stdout, the bridge's stdin), each
 * held only up to a limit: a longer line is skipped to its end instead of being gathered, so a peer that
 * writes gigabytes without a line break cannot take the reader's memory with it
 * ({@code BufferedReader.readLine} has no such limit). Line breaks are {@code \n} or {@code \r\n}; the
 * text is UTF-8. Not thread-safe: one reader thread.
 */
public final class BoundedLines {
  private final InputStream in;
  private final int maxBytes;
  private final byte[] chunk = new byte[64 * 1024];
  private int pos;
  private int end;
  private byte[] line = new byte[1024];
  private int length;
  private long skipped;
  private final Runnable onSkipped;
  private java.util.function.LongConsumer whileSkipping = n -> { };

  /** {@code onSkipped} runs (on the reading thread) for each line over {@code maxBytes}, once it has passed. */
  public BoundedLines(InputStream in, int maxBytes, Runnable onSkipped) {
    this.in = in;
    this.maxBytes = maxBytes;
    this.onSkipped = onSkipped;
  }

  /**
   * Told how many bytes were skipped each time a part of an over-long line is (on the reading thread): a line
   * without end never returns from {@link #next}, and a reader may want to know how much it has passed over.
   */
  public void whileSkipping(java.util.function.LongConsumer skipped) {
    this.whileSkipping = skipped;
  }

  /** The next line within the limit, without its line break; null at the end of the stream. */
  public String next() throws IOException {
    length = 0;
    boolean tooLong = false;
    while (true) {
      if (pos == end && !fill()) {
        if (tooLong) {
          skip();
        }
        return length > 0 && !tooLong ? text() : null;
      }
      int newline = indexOfNewline();
      int stop = newline < 0 ? end : newline;
      if (!tooLong) {
        tooLong = length + (stop - pos) > maxBytes;
        if (!tooLong) {
          append(stop - pos);
        } else {
          whileSkipping.accept(length + (stop - pos)); // what was gathered of it, and this part
        }
      } else {
        whileSkipping.accept(stop - pos);
      }
      pos = newline < 0 ? end : newline + 1;
      if (newline >= 0) {
        if (!tooLong) {
          return text();
        }
        skip();
        length = 0;
        tooLong = false;
      }
    }
  }

  /** How many lines were over the limit and skipped so far. */
  public long skipped() {
    return skipped;
  }

  private void skip() {
    skipped++;
    onSkipped.run();
  }

  private boolean fill() throws IOException {
    int n = in.read(chunk);
    pos = 0;
    end = Math.max(0, n);
    return n > 0;
  }

  private int indexOfNewline() {
    for (int i = pos; i < end; i++) {
      if (chunk[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void append(int n) {
    if (length + n > line.length) {
      line = Arrays.copyOf(line, Math.max(length + n, Math.min(maxBytes, line.length * 2)));
    }
    System.arraycopy(chunk, pos, line, length, n);
    length += n;
  }

  private String text() {
    int n = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
    return new String(line, 0, n, StandardCharsets.UTF_8);
  }
}
