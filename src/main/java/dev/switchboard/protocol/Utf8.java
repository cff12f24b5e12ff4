package dev.switchboard.protocol;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Whether bytes are UTF-8 as RFC 3629 defines it: no overlong forms ({@code C0 AF} for "/"), no encoded
 * surrogates ({@code ED A0 80}), nothing beyond U+10FFFF ({@code F4 90 80 80}), no stray or missing
 * continuation bytes. Jackson reads several of these without complaint, each its own way, so a message the
 * hub audits as {@code ../} could reach a backend as other bytes. The JDK's decoder is strict about every
 * one of them; it runs only from the first byte that is not ASCII, which most messages do not have.
 */
final class Utf8 {
  private Utf8() {}

  /** The offset of the first byte that is not part of valid UTF-8, or -1 when all of them are. */
  static int firstInvalid(byte[] src, int start, int length) {
    int end = start + length;
    int i = start;
    while (i < end && src[i] >= 0) {
      i++;
    }
    if (i == end) {
      return -1;
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(src, i, end - i);
    CharBuffer out = CharBuffer.allocate(Math.min(end - i, 8192));
    while (true) {
      CoderResult r = decoder.decode(in, out, true);
      if (r.isError()) {
        return in.position();
      }
      if (r.isUnderflow()) {
        r = decoder.flush(out.clear());
        return r.isError() ? in.position() : -1;
      }
      out.clear(); // overflow: the text itself is not kept
    }
  }

  /** What the byte at {@code offset} is, for an error message: {@code 0xC0}. */
  static String describe(byte[] src, int offset) {
    return String.format("0x%02X", src[offset] & 0xFF);
  }
}
