package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedLinesTest {
  private final AtomicInteger skips = new AtomicInteger();

  private List<String> read(InputStream in, int max) throws IOException {
    BoundedLines lines = new BoundedLines(in, max, skips::incrementAndGet);
    List<String> out = new ArrayList<>();
    for (String l = lines.next(); l != null; l = lines.next()) {
      out.add(l);
    }
    assertThat(lines.skipped()).isEqualTo(skips.get());
    return out;
  }

  private List<String> read(String text, int max) throws IOException {
    return read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
  }

  @Test
  void readsLinesWithEitherLineBreakAndALastLineWithoutOne() throws IOException {
    assertThat(read("one\ntwo\r\n\nthree", 100)).containsExactly("one", "two", "", "three");
    assertThat(read("", 100)).isEmpty();
    assertThat(read("only\n", 100)).containsExactly("only");
  }

  @Test
  void aLineOverTheLimitIsSkippedToItsEndAndTheNextOneIsRead() throws IOException {
    String longLine = "x".repeat(1000);
    assertThat(read("short\n" + longLine + "\nafter\n" + longLine, 999)).containsExactly("short", "after");
    assertThat(skips.get()).isEqualTo(2);
    skips.set(0);
    assertThat(read("12345\n123456\n", 5)).containsExactly("12345");
    assertThat(skips.get()).isEqualTo(1);
  }

  @Test
  void multiByteCharactersSurviveReadsThatSplitThem() throws IOException {
    String text = "ünïcødé ✓ 𝄞\nzweite Zeile\n";
    InputStream trickle = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1)); // one byte per read, as a slow pipe may deliver
      }
    };
    assertThat(read(trickle, 100)).containsExactly("ünïcødé ✓ 𝄞", "zweite Zeile");
  }

  /** A server printing far more than the limit without a line break: only the limit is ever held. */
  @Test
  void anEndlessLineIsNeverGathered() throws IOException {
    long total = 200L * 1024 * 1024;
    InputStream endless = new InputStream() {
      private long left = total;

      @Override
      public int read() {
        return left-- > 0 ? 'a' : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left <= 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        java.util.Arrays.fill(b, off, off + n, (byte) 'a');
        left -= n;
        return n;
      }
    };
    java.io.SequenceInputStream then = new java.io.SequenceInputStream(endless,
        new ByteArrayInputStream("\n{\"jsonrpc\":\"2.0\"}\n".getBytes(StandardCharsets.UTF_8)));
    assertThat(read(then, 1024 * 1024)).containsExactly("{\"jsonrpc\":\"2.0\"}");
    assertThat(skips.get()).isEqualTo(1);
  }
}
