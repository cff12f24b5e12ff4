package dev.switchboard.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonTokenId;
import com.fasterxml.jackson.core.base.ParserBase;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.HybridJacksonPool;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes JSON the way Vert.x does (same value types: {@code JsonObject}, {@code JsonArray}, String,
 * Integer / Long / BigInteger, Double, Boolean, null), but an object's member objects and arrays are only
 * checked and left as bytes until read ({@link LazyJsonMap}). Used where the hub passes most of a message
 * on untouched: a client's request, a backend's answer to a call. Strict JSON: unlike Vert.x' own
 * decoder, no comments, because what is not read is forwarded as received.
 *
 * <p>A member object or array that spans more than one line (pretty-printed JSON) is decoded at once
 * instead: bytes that are forwarded must never carry a line break, which would break SSE events, stdio
 * lines and the audit trail's one record per line.
 */
public final class LazyJson {
  /** Strict: no comments (Vert.x allows them), since what is not read is forwarded as received. */
  static final JsonFactory JACKSON = JsonFactory.builder().recyclerPool(HybridJacksonPool.getInstance()).build();
  private LazyJson() {}

  /**
   * Objects this deep are decoded while the document is parsed: a JSON-RPC message and its params or
   * result, which the hub always reads (and {@code _meta}, wherever it is: the protocol's own envelope).
   * Deeper objects stay bytes until read: opening one later costs a parser of its own, which is worth it
   * only for what is usually never opened.
   */
  private static final int EAGER_DEPTH = 2;
  /** How much of the parser's complaint goes back to the client. */
  private static final int MAX_REASON = 160;

  /** Decodes one complete JSON document; throws {@link DecodeException} when it is not one. */
  public static Object decode(Buffer body) {
    return decode(Bytes.of(body), JACKSON);
  }

  /** A body's bytes where they are: its own array when it has one (a received body is never written to again). */
  record Bytes(byte[] src, int start, int length) {
    static Bytes of(Buffer body) {
      ByteBuf buf = ((BufferInternal) body).getByteBuf();
      return buf.hasArray() ? new Bytes(buf.array(), buf.arrayOffset() + buf.readerIndex(), body.length())
          : new Bytes(body.getBytes(), 0, body.length());
    }
  }

  /** As {@link #decode(Buffer)}, with the parser settings of {@code jackson}; its complaints are the cause. */
  static Object decode(Bytes body, JsonFactory jackson) {
    byte[] bytes = body.src();
    int offset = body.start();
    try (JsonParser p = jackson.createParser(bytes, offset, body.length())) {
      if (p.nextToken() == null) {
        throw new DecodeException("the body is empty");
      }
      // Compact JSON, the usual case, has no line break at all: then no part of it needs looking at again.
      Object value = value(p, bytes, offset, EAGER_DEPTH, !oneLine(bytes, offset, offset + body.length()));
      if (p.nextToken() != null) {
        JsonLocation at = p.currentTokenLocation();
        throw new DecodeException("more after the end of the JSON value (line " + at.getLineNr() + ", column "
            + at.getColumnNr() + ")");
      }
      return value instanceof LazyJsonMap map ? new JsonObject(map)
          : value instanceof List<?> list ? new JsonArray(list) : value;
    } catch (JsonProcessingException e) {
      throw new DecodeException(describe(e), e);
    } catch (IOException e) {
      throw new DecodeException(e.getMessage(), e);
    }
  }

  /**
   * What is wrong with a body and where, for the client: Jackson's own words without its source
   * description, and the line and column (1-based, in characters) where it noticed.
   */
  private static String describe(JsonProcessingException e) {
    String what = String.valueOf(e.getOriginalMessage());
    int cut = what.indexOf(" (start marker at");
    what = (cut >= 0 ? what.substring(0, cut) : what).replaceAll("\\s+", " ").strip();
    if (what.length() > MAX_REASON) {
      what = what.substring(0, MAX_REASON) + "…";
    }
    JsonLocation at = e.getLocation();
    return at == null || at.getLineNr() < 1 ? what
        : what + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
  }

  /**
   * An object or array from its bytes, read one level, as the map or list Vert.x would hold in its place
   * (a {@code JsonObject} wraps nested maps when they are read); used by {@link RawJson#open()}.
   */
  static Object open(RawJson raw, boolean object, boolean lines) {
    if (object) {
      LazyJsonMap map = LazyJsonMap.reading();
      readMembers(map, raw, lines);
      return map;
    }
    try (JsonParser p = JACKSON.createParser(raw.src, raw.start, raw.length)) {
      p.nextToken();
      return readArray(p, raw.src, raw.start, 1, lines); // an array is read for its elements: read them now
    } catch (IOException e) {
      throw new IllegalStateException("bytes checked when received no longer parse", e);
    }
  }

  /**
   * Reads an object's members from its bytes into {@code map}: member objects and arrays stay bytes,
   * unless {@code lines} (the bytes may hold line breaks) and they span lines.
   */
  static void readMembers(LazyJsonMap map, RawJson raw, boolean lines) {
    try (JsonParser p = JACKSON.createParser(raw.src, raw.start, raw.length)) {
      p.nextToken();
      for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
        p.nextToken();
        map.scanned(key, value(p, raw.src, raw.start, 0, lines));
      }
    } catch (IOException e) {
      throw new IllegalStateException("bytes checked when received no longer parse", e);
    }
  }

  /** A JSON value from its bytes, decoded completely into plain maps and lists, as Vert.x decodes. */
  static Object plain(byte[] src, int start, int end) {
    try (JsonParser p = JACKSON.createParser(src, start, end - start)) {
      p.nextToken();
      return plainValue(p);
    } catch (IOException e) {
      throw new IllegalStateException("bytes checked when received no longer parse", e);
    }
  }

  /**
   * A copy of a decoded value that shares nothing with it and holds no raw members; reading the original
   * changes nothing in it, so this is safe on another thread than the original's.
   */
  public static Object plainCopy(Object value) {
    if (value instanceof JsonObject o) {
      return new JsonObject(plainMap(o.getMap()));
    }
    if (value instanceof JsonArray a) {
      return new JsonArray(plainList(a.getList()));
    }
    if (value instanceof Map<?, ?> m) {
      return new JsonObject(plainMap(m));
    }
    if (value instanceof List<?> l) {
      return new JsonArray(plainList(l));
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> plainMap(Map<?, ?> m) {
    RawJson unread = m instanceof LazyJsonMap lazy ? lazy.unreadBytes() : null;
    if (unread != null) {
      return (Map<String, Object>) unread.plain();
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    Iterable<? extends Map.Entry<?, ?>> entries = m instanceof LazyJsonMap lazy ? lazy.members() : m.entrySet();
    for (Map.Entry<?, ?> e : entries) {
      Object v = e.getValue();
      copy.put(String.valueOf(e.getKey()), v instanceof RawJson raw ? raw.plain() : plainCopy(v));
    }
    return copy;
  }

  private static List<Object> plainList(List<?> l) {
    List<Object> copy = new ArrayList<>(l.size());
    for (Object v : l) {
      copy.add(plainCopy(v));
    }
    return copy;
  }

  /** The value at the parser: objects {@code depth} levels down are read now, deeper ones stay bytes. */
  private static Object value(JsonParser p, byte[] src, int base, int depth, boolean lines) throws IOException {
    return switch (p.currentTokenId()) {
      case JsonTokenId.ID_START_OBJECT ->
          depth > 0 ? readObject(p, src, base, depth, lines) : unread(p, src, base, true, lines);
      case JsonTokenId.ID_START_ARRAY ->
          depth > 0 ? readArray(p, src, base, depth, lines) : unread(p, src, base, false, lines);
      default -> scalar(p);
    };
  }

  private static LazyJsonMap readObject(JsonParser p, byte[] src, int base, int depth, boolean lines)
      throws IOException {
    int start = base + tokenOffset(p);
    LazyJsonMap map = LazyJsonMap.reading();
    for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
      p.nextToken();
      int below = McpNames.META.equals(key) ? Math.max(1, depth - 1) : depth - 1;
      map.scanned(key, value(p, src, base, below, lines));
    }
    int end = base + tokenOffset(p) + 1;
    map.whole(!lines || oneLine(src, start, end) ? new RawJson(src, start, end, true) : null);
    return map;
  }

  private static List<Object> readArray(JsonParser p, byte[] src, int base, int depth, boolean lines)
      throws IOException {
    List<Object> list = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      list.add(value(p, src, base, depth, lines)); // an array's elements are what is read of it: same depth
    }
    return list;
  }

  /** An object or array checked and kept as bytes: an unread map, or a {@link RawJson} for an array. */
  private static Object unread(JsonParser p, byte[] src, int base, boolean object, boolean lines)
      throws IOException {
    int start = base + tokenOffset(p);
    p.skipChildren(); // still parses, so malformed content fails here, as it would with Vert.x
    int end = base + tokenOffset(p) + 1;
    RawJson raw = new RawJson(src, start, end, object);
    if (lines && !oneLine(src, start, end)) {
      return open(raw, object, true); // read now: its bytes must not be forwarded (see the class comment)
    }
    return object ? LazyJsonMap.unread(raw) : raw;
  }

  /**
   * Where the current token (a bracket or brace) starts, in bytes from the start of the parser's input:
   * what {@code currentTokenLocation().getByteOffset()} says, without allocating a {@code JsonLocation}
   * for every object and array (Jackson's byte parser keeps the offset plus one; LazyJsonTest checks the
   * bytes found against the document's).
   */
  private static int tokenOffset(JsonParser p) {
    return (int) ((ParserBase) p).getTokenCharacterOffset() - 1;
  }

  private static Object scalar(JsonParser p) throws IOException {
    return switch (p.currentTokenId()) {
      case JsonTokenId.ID_STRING -> p.getText();
      case JsonTokenId.ID_NUMBER_INT, JsonTokenId.ID_NUMBER_FLOAT -> p.getNumberValue();
      case JsonTokenId.ID_TRUE -> Boolean.TRUE;
      case JsonTokenId.ID_FALSE -> Boolean.FALSE;
      case JsonTokenId.ID_NULL -> null;
      default -> throw new DecodeException("Unexpected token " + p.currentToken());
    };
  }

  private static Object plainValue(JsonParser p) throws IOException {
    switch (p.currentTokenId()) {
      case JsonTokenId.ID_START_OBJECT: {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
          p.nextToken();
          map.put(key, plainValue(p));
        }
        return map;
      }
      case JsonTokenId.ID_START_ARRAY: {
        List<Object> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          list.add(plainValue(p));
        }
        return list;
      }
      default:
        return scalar(p);
    }
  }

  /** True when the bytes hold no line break (inside a JSON string one would have to be escaped). */
  private static boolean oneLine(byte[] src, int start, int end) {
    for (int i = start; i < end; i++) {
      if (src[i] == '\n' || src[i] == '\r') {
        return false;
      }
    }
    return true;
  }
}
