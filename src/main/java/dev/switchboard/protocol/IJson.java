package dev.switchboard.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import java.io.IOException;

/**
 * I-JSON (RFC 7493), which the hub requires of a client's message: no name twice in one object, and no
 * string holding half of a surrogate pair, anywhere in it. Parsers disagree about both (which duplicate
 * counts; whether such a string is an error, a replacement character or kept), so a message the hub reads,
 * authorizes and audits one way could be acted on another way by the backend that gets the rest as
 * received, and one such string in the audit trail stops the usual tools for reading it (jq refuses the
 * line). The audit trail's own text is mended the same way ({@link #asText}).
 */
public final class IJson {
  /** Jackson checks the parts kept as bytes too: skipping them still reads every name. */
  private static final JsonFactory UNIQUE_NAMES = LazyJson.JACKSON.rebuild()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private IJson() {}

  /** A document that is JSON but not I-JSON. */
  public static final class NotIJson extends DecodeException {
    NotIJson(String message) {
      super(message);
    }
  }

  /** A document that is not UTF-8 text (RFC 3629), which I-JSON requires before anything else. */
  public static final class NotUtf8 extends DecodeException {
    NotUtf8(String message) {
      super(message);
    }
  }

  /**
   * Decodes a client's message as {@link LazyJson#decode} does; throws {@link NotUtf8} when its bytes are not
   * UTF-8, {@link NotIJson}, saying what and where, when it is JSON but not I-JSON, and
   * {@link DecodeException} when it is not JSON at all.
   */
  public static Object decode(Buffer body) {
    LazyJson.Bytes bytes = LazyJson.Bytes.of(body);
    int invalid = Utf8.firstInvalid(bytes.src(), bytes.start(), bytes.length());
    if (invalid >= 0) {
      throw new NotUtf8("the byte " + Utf8.describe(bytes.src(), invalid) + " at offset " + (invalid - bytes.start())
          + " is not part of valid UTF-8 (RFC 3629: no overlong forms, surrogates or code points beyond U+10FFFF)");
    }
    Object value;
    try {
      value = LazyJson.decode(bytes, UNIQUE_NAMES);
    } catch (DecodeException e) {
      String duplicate = e.getCause() instanceof JsonProcessingException jackson ? duplicateName(jackson) : null;
      throw duplicate != null ? new NotIJson(duplicate) : e;
    }
    String surrogate = mayHoldSurrogate(bytes) ? unpairedSurrogate(bytes) : null;
    if (surrogate != null) {
      throw new NotIJson(surrogate);
    }
    return value;
  }

  /** Jackson's duplicate check, told as which name, where in the document (a JSON pointer) and at what line. */
  private static String duplicateName(JsonProcessingException e) {
    if (!(e.getProcessor() instanceof JsonParser p)
        || !String.valueOf(e.getOriginalMessage()).startsWith("Duplicate ")) {
      return null;
    }
    JsonLocation at = e.getLocation();
    return "the name '" + p.getParsingContext().getCurrentName() + "' appears twice in one object (at "
        + p.getParsingContext().pathAsPointer()
        + (at == null ? "" : ", line " + at.getLineNr() + ", column " + at.getColumnNr()) + ")";
  }

  /**
   * Whether the body may hold half a surrogate pair: a backslash-u-D escape (a surrogate, or a character just
   * below them; their UTF-8 form was refused as not UTF-8). Bodies almost never do, so this scan decides
   * first; only a body that may (a Python client escapes every emoji as a pair, say) has its strings read.
   */
  private static boolean mayHoldSurrogate(LazyJson.Bytes body) {
    byte[] src = body.src();
    int end = body.start() + body.length();
    for (int i = body.start(); i < end; i++) {
      byte b = src[i];
      if (b == '\\' && i + 2 < end && src[i + 1] == 'u' && (src[i + 2] | 0x20) == 'd') {
        return true;
      }
    }
    return false;
  }

  /** Where the first unpaired surrogate of a valid JSON body is, told for a client, or null. */
  private static String unpairedSurrogate(LazyJson.Bytes body) {
    try (JsonParser p = LazyJson.JACKSON.createParser(body.src(), body.start(), body.length())) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        String text = t == JsonToken.FIELD_NAME ? p.currentName() : t == JsonToken.VALUE_STRING ? p.getText() : null;
        int at = text == null ? -1 : unpaired(text, 0);
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
    int at = unpaired(s, 0);
    if (at < 0) {
      return s;
    }
    char[] text = s.toCharArray();
    for (; at >= 0; at = unpaired(s, at + 1)) {
      text[at] = '\uFFFD';
    }
    return new String(text);
  }

  /** The index of the first surrogate at or after {@code from} that is not part of a pair, or -1. */
  private static int unpaired(String s, int from) {
    for (int i = from; i < s.length(); i++) {
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
