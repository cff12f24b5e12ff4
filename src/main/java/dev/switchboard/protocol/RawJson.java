package dev.switchboard.protocol;

import com.fasterxml.jackson.core.SerializableString;
import java.io.OutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One object or array inside a received JSON document, kept as the bytes it arrived in (already checked
 * by the parser, and on one line) until someone looks inside. Written out again as those bytes. Immutable.
 */
final class RawJson implements SerializableString {
  final byte[] src;
  final int start;
  final int length;
  private final boolean object;

  RawJson(byte[] src, int start, int end, boolean object) {
    this.src = src;
    this.start = start;
    this.length = end - start;
    this.object = object;
  }

  /** The value, decoded one level: an object's own objects and arrays stay raw until they are read. */
  Object open() {
    return LazyJson.open(this, object, false); // kept as bytes only when on one line
  }

  /** The value decoded completely into plain maps and lists; this slice is left as it was. */
  Object plain() {
    return LazyJson.plain(src, start, start + length);
  }

  @Override
  public String getValue() {
    return new String(src, start, length, StandardCharsets.UTF_8);
  }

  @Override
  public int charLength() {
    return getValue().length();
  }

  @Override
  public byte[] asUnquotedUTF8() {
    return Arrays.copyOfRange(src, start, start + length);
  }

  @Override
  public int appendUnquotedUTF8(byte[] buffer, int offset) {
    if (offset + length > buffer.length) {
      return -1;
    }
    System.arraycopy(src, start, buffer, offset, length);
    return length;
  }

  @Override
  public int appendUnquoted(char[] buffer, int offset) {
    String text = getValue();
    if (offset + text.length() > buffer.length) {
      return -1;
    }
    text.getChars(0, text.length(), buffer, offset);
    return text.length();
  }

  @Override
  public int writeUnquotedUTF8(OutputStream out) throws IOException {
    out.write(src, start, length);
    return length;
  }

  @Override
  public int putUnquotedUTF8(ByteBuffer buffer) {
    if (buffer.remaining() < length) {
      return -1;
    }
    buffer.put(src, start, length);
    return length;
  }

  // A JSON value is never written as the content of a string: the quoted forms have no use here.

  @Override
  public char[] asQuotedChars() {
    throw quoted();
  }

  @Override
  public byte[] asQuotedUTF8() {
    throw quoted();
  }

  @Override
  public int appendQuotedUTF8(byte[] buffer, int offset) {
    throw quoted();
  }

  @Override
  public int appendQuoted(char[] buffer, int offset) {
    throw quoted();
  }

  @Override
  public int writeQuotedUTF8(OutputStream out) {
    throw quoted();
  }

  @Override
  public int putQuotedUTF8(ByteBuffer buffer) {
    throw quoted();
  }

  private static UnsupportedOperationException quoted() {
    return new UnsupportedOperationException("raw JSON is written as a value, never inside a string");
  }
}
