package dev.switchboard.identity;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes RFC 2047 encoded-words, as {@code tailscale serve} writes non-ASCII identity headers
 * ({@code =?utf-8?q?J=C3=BCrgen?=}). Text that is not an encoded-word is returned as is.
 */
public final class Rfc2047 {
  private static final Pattern WORD = Pattern.compile("=\\?([^?]+)\\?([qQbB])\\?([^?]*)\\?=");

  private Rfc2047() {}

  public static String decode(String value) {
    if (value == null) {
      return null;
    }
    Matcher m = WORD.matcher(value);
    StringBuilder out = new StringBuilder();
    int last = 0;
    while (m.find()) {
      String between = value.substring(last, m.start());
      if (last == 0 || !between.isBlank()) { // white space between adjacent encoded-words is dropped
        out.append(between);
      }
      out.append(decodeOrAsIs(m));
      last = m.end();
    }
    return out.append(value.substring(last)).toString();
  }

  /** A word that does not decode (a bad hex pair or base64) stays as written (RFC 2047, section 6.3). */
  private static String decodeOrAsIs(Matcher word) {
    try {
      return decodeWord(word.group(1), word.group(2), word.group(3));
    } catch (IllegalArgumentException e) {
      return word.group();
    }
  }

  private static String decodeWord(String charset, String encoding, String text) {
    Charset cs;
    try {
      cs = Charset.forName(charset);
    } catch (RuntimeException e) {
      cs = StandardCharsets.UTF_8;
    }
    if (encoding.equalsIgnoreCase("b")) {
      return new String(Base64.getDecoder().decode(text), cs);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '_') {
        bytes.write(' ');
      } else if (c == '=' && i + 2 < text.length()) {
        bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    return bytes.toString(cs);
  }
}
