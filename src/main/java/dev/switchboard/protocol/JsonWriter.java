package dev.switchboard.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * Writes decoded JSON values like Vert.x' own encoder, and knows {@link LazyJsonMap}: on the wire
 * ({@code wire}) what was received and never read is written as the bytes it came in; otherwise
 * ({@code wire} false: the audit trail, digests) every value is written in the one canonical form Vert.x
 * gives it, whatever spacing it arrived with, and as Unicode text: half of a surrogate pair (clients may
 * not send one, but a backend's message or tool name may hold one) is written as U+FFFD, because one such
 * string stops the usual readers of the audit trail (jq refuses the whole line). Never opens a lazy
 * member, so it only reads what it writes.
 */
public final class JsonWriter {
  private JsonWriter() {}

  /** Raw values this large go straight to the output stream, when there is one (see {@link #write}). */
  private static final int DIRECT_BYTES = 2048;

  /** The canonical text of a value: what Vert.x' own encoder writes for it once decoded in full. */
  public static String canonical(Object value) {
    java.io.StringWriter out = new java.io.StringWriter();
    try (JsonGenerator g = LazyJson.JACKSON.createGenerator(out)) {
      write(value, g, false);
    } catch (IOException e) {
      throw new io.vertx.core.json.EncodeException(e.getMessage(), e);
    }
    return out.toString();
  }

  public static void write(Object value, JsonGenerator g, boolean wire) throws IOException {
    write(value, g, wire, null);
  }

  /**
   * As {@link #write(Object, JsonGenerator, boolean)}; {@code direct}, when given, is the stream the
   * generator writes to, and takes large raw values straight from the bytes they arrived in (Jackson
   * would copy a raw value that does not fit its buffer first).
   */
  static void write(Object value, JsonGenerator g, boolean wire, OutputStream direct) throws IOException {
    Object v = value;
    if (v instanceof JsonObject o) {
      v = o.getMap();
    } else if (v instanceof JsonArray a) {
      v = a.getList();
    }
    if (v instanceof LazyJsonMap lazy) {
      lazy.writeTo(g, wire, direct);
    } else if (v instanceof Map<?, ?> map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        writeName((String) e.getKey(), g, wire);
        write(e.getValue(), g, wire, direct);
      }
      g.writeEndObject();
    } else if (v instanceof List<?> list) {
      g.writeStartArray();
      for (Object item : list) {
        write(item, g, wire, direct);
      }
      g.writeEndArray();
    } else if (v instanceof String text && !wire) {
      g.writeString(IJson.asText(text));
    } else {
      JacksonCodec.encodeJson(v, g); // strings, numbers, booleans, null and Vert.x' other scalar types
    }
  }

  /** An object member's name; in the canonical form as Unicode text (see the class comment). */
  static void writeName(String name, JsonGenerator g, boolean wire) throws IOException {
    g.writeFieldName(wire ? name : IJson.asText(name));
  }

  /** Writes raw bytes as the next value. */
  static void writeRaw(RawJson raw, JsonGenerator g, OutputStream direct) throws IOException {
    if (direct == null || raw.length < DIRECT_BYTES) {
      g.writeRawValue(raw);
    } else {
      g.writeRawValue(""); // the separator before the value, as the generator keeps track of them
      g.flush();
      direct.write(raw.src, raw.start, raw.length);
    }
  }
}
