package dev.switchboard.transport;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Decoding of 2026-07-28 mirrored header values: plain visible ASCII, or {@code =?base64?<b64>?=}. */
public final class HeaderValues {
  private static final String PREFIX = "=?base64?";
  private static final String SUFFIX = "?=";

  private HeaderValues() {}

  /** The decoded value, or null when the value is malformed (bad base64, bad UTF-8, control characters). */
  public static String decode(String raw) {
    if (raw.startsWith(PREFIX) && raw.endsWith(SUFFIX) && raw.length() >= PREFIX.length() + SUFFIX.length()) {
      String b64 = raw.substring(PREFIX.length(), raw.length() - SUFFIX.length());
      try {
        byte[] bytes = Base64.getDecoder().decode(b64);
        return StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes)).toString();
      } catch (IllegalArgumentException | CharacterCodingException e) {
        return null;
      }
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if ((c < 0x20 && c != '\t') || c > 0x7e) {
        return null;
      }
    }
    return raw;
  }
}
