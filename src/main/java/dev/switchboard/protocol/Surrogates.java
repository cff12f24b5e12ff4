package dev.switchboard.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;

/**
 * Finds (and, for the audit trail, mends) a string that is not Unicode text: one holding half of a
 * surrogate pair, written as a backslash-u escape (D800 to DFFF) or as the three bytes UTF-8 forbids (ED A0
 * 80 and the like), both of which Jackson reads without complaint. Bodies almost never hold either, so a scan of the bytes decides first; only a
 * body where one may be (a Python client escapes every emoji as a pair, say) has its strings read.
 */
final class Surrogates {
  private Surrogates() {}

  /** Where the first unpaired surrogate is, told for a client, or null; the body is valid JSON. */
  static String unpairedIn(Buffer body) {
    ByteBuf buf = ((BufferInternal) body).getByteBuf();
    byte[] src = buf.hasArray() ? buf.array() : body.getBytes();
    int start = buf.hasArray() ? buf.arrayOffset() + buf.readerIndex() : 0;
    int end = start + body.length();
    return mayHold(src, start, end) ? find(src, start, end) : null;
  }

  /** A backslash-u-D escape (a surrogate, or a character just below them) or a byte 0xED (their UTF-8 lead). */
  private static boolean mayHold(byte[] src, int start, int end) {
    for (int i = start; i < end; i++) {
      byte b = src[i];
      if (b == (byte) 0xED || b == '\\' && i + 2 < end && src[i + 1] == 'u' && (src[i + 2] | 0x20) == 'd') {
        return true;
      }
    }
    return false;
  }

  private static String find(byte[] src, int start, int end) {
    try (JsonParser p = LazyJson.JACKSON.createParser(src, start, end - start)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        String text = t == JsonToken.FIELD_NAME ? p.currentName() : t == JsonToken.VALUE_STRING ? p.getText() : null;
        int at = text == null ? -1 : unpaired(text);
        if (at >= 0) {
          return String.format("the %s at %s holds U+%04X, half of a surrogate pair, which is not Unicode text",
              t == JsonToken.FIELD_NAME ? "name" : "string", p.getParsingContext().pathAsPointer(),
              (int) text.charAt(at));
        }
      }
      return null;
    } catch (IOException e) {
      return null; // not reached for a body that decoded; the decode's own error stands
    }
  }

  /** {@code s} as Unicode text: each half of a surrogate pair that stands alone replaced by U+FFFD. */
  static String asText(String s) {
    int at = unpaired(s);
    if (at < 0) {
      return s;
    }
    StringBuilder text = new StringBuilder(s);
    for (int i = at; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        text.setCharAt(i, '\uFFFD');
      }
    }
    return text.toString();
  }

  /** The index of the first surrogate in {@code s} that is not part of a pair, or -1. */
  static int unpaired(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }
}
