package dev.switchboard.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The members of a received JSON object, behaving exactly like the {@code LinkedHashMap} Vert.x decodes
 * into, with two differences. It may not have read its members yet: an object nobody looks into stays
 * the bytes it arrived in (already checked by the parser), and member arrays stay bytes ({@link RawJson})
 * until read. And it remembers its own bytes for as long as they still say what the map holds, so that
 * {@link JsonWriter} writes those bytes back instead of encoding again: what the hub passes through
 * without looking at (a tool's arguments, a tool's result) is neither decoded nor encoded.
 *
 * <p>Every method reads the members first; every way of reading a member array opens it, so no caller
 * ever sees a {@code RawJson}; every way of changing the map, and every member or view handed out that
 * could be changed, forgets the object's own bytes. Confined to one thread at a time, like any
 * {@code LinkedHashMap}: reading changes what the map stores. {@link LazyJson#plainCopy} and
 * {@link JsonWriter} read without changing anything.
 */
final class LazyJsonMap extends LinkedHashMap<String, Object> {
  /** The object's own bytes, while nothing has been changed or handed out that could be. */
  private RawJson whole;
  /** False while the members are still only in {@link #whole}. */
  private boolean scanned;

  private LazyJsonMap(RawJson whole, boolean scanned) {
    super(8);
    this.whole = whole;
    this.scanned = scanned;
  }

  /** An object whose members are read from its bytes when first needed. */
  static LazyJsonMap unread(RawJson bytes) {
    return new LazyJsonMap(bytes, false);
  }

  /** An object whose members the parser is about to hand over ({@link #scanned}, then {@link #whole}). */
  static LazyJsonMap reading() {
    return new LazyJsonMap(null, true);
  }

  void scanned(String key, Object value) {
    super.put(key, value);
  }

  void whole(RawJson bytes) {
    this.whole = bytes;
  }

  /** The bytes of an object whose members were never read; null once they were. */
  RawJson unreadBytes() {
    return scanned ? null : whole;
  }

  /** The members as stored, unread arrays as {@link RawJson}; only for an object already read. */
  Set<Map.Entry<String, Object>> members() {
    return super.entrySet();
  }

  private void read() {
    if (!scanned) {
      scanned = true;
      LazyJson.readMembers(this, whole, false); // kept as bytes only when on one line
    }
  }

  /**
   * Writes the object: as the bytes it arrived in when allowed ({@code wire}) and still true, otherwise
   * member by member, unread members as their bytes ({@code wire}) or decoded afresh. Changes nothing.
   */
  void writeTo(JsonGenerator g, boolean wire, java.io.OutputStream direct) throws IOException {
    if (wire && whole != null) {
      JsonWriter.writeRaw(whole, g, direct);
      return;
    }
    if (!scanned) {
      JsonWriter.write(whole.plain(), g, false);
      return;
    }
    g.writeStartObject();
    for (Map.Entry<String, Object> e : super.entrySet()) {
      JsonWriter.writeName(e.getKey(), g, wire);
      if (!(e.getValue() instanceof RawJson raw)) {
        JsonWriter.write(e.getValue(), g, wire, direct);
      } else if (wire) {
        JsonWriter.writeRaw(raw, g, direct);
      } else {
        JsonWriter.write(raw.plain(), g, false);
      }
    }
    g.writeEndObject();
  }

  @Override
  public Object get(Object key) {
    read();
    Object value = super.get(key);
    if (value instanceof RawJson raw) {
      value = raw.open();
      super.put((String) key, value);
    }
    if (value instanceof Map || value instanceof List) {
      whole = null; // whoever reads a member object or array may change it
    }
    return value;
  }

  @Override
  public int size() {
    read();
    return super.size();
  }

  @Override
  public boolean isEmpty() {
    read();
    return super.isEmpty();
  }

  @Override
  public boolean containsKey(Object key) {
    read();
    return super.containsKey(key);
  }

  @Override
  public Object getOrDefault(Object key, Object defaultValue) {
    return containsKey(key) ? get(key) : defaultValue;
  }

  @Override
  public boolean containsValue(Object value) {
    openAll();
    return super.containsValue(value);
  }

  @Override
  public Set<Map.Entry<String, Object>> entrySet() {
    openAll();
    return super.entrySet();
  }

  @Override
  public Collection<Object> values() {
    openAll();
    return super.values();
  }

  @Override
  public Set<String> keySet() {
    read();
    whole = null; // the view can remove members
    return super.keySet();
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super Object> action) {
    openAll();
    super.forEach(action);
  }

  @Override
  public Object put(String key, Object value) {
    read();
    whole = null;
    return opened(super.put(key, value));
  }

  @Override
  public void putAll(Map<? extends String, ?> m) {
    read();
    whole = null;
    super.putAll(m);
  }

  @Override
  public Object remove(Object key) {
    if (!containsKey(key)) {
      return null; // removing what is not there changes nothing: the bytes still hold
    }
    whole = null;
    return opened(super.remove(key));
  }

  @Override
  public boolean remove(Object key, Object value) {
    changing(key);
    return super.remove(key, value);
  }

  @Override
  public void clear() {
    scanned = true;
    whole = null;
    super.clear();
  }

  @Override
  public Object putIfAbsent(String key, Object value) {
    changing(key);
    return super.putIfAbsent(key, value);
  }

  @Override
  public boolean replace(String key, Object oldValue, Object newValue) {
    changing(key);
    return super.replace(key, oldValue, newValue);
  }

  @Override
  public Object replace(String key, Object value) {
    changing(key);
    return super.replace(key, value);
  }

  @Override
  public void replaceAll(BiFunction<? super String, ? super Object, ?> function) {
    openAll();
    super.replaceAll(function);
  }

  @Override
  public Object computeIfAbsent(String key, Function<? super String, ?> f) {
    changing(key);
    return super.computeIfAbsent(key, f);
  }

  @Override
  public Object computeIfPresent(String key, BiFunction<? super String, ? super Object, ?> f) {
    changing(key);
    return super.computeIfPresent(key, f);
  }

  @Override
  public Object compute(String key, BiFunction<? super String, ? super Object, ?> f) {
    changing(key);
    return super.compute(key, f);
  }

  @Override
  public Object merge(String key, Object value, BiFunction<? super Object, ? super Object, ?> f) {
    changing(key);
    return super.merge(key, value, f);
  }

  @Override
  public Object clone() {
    openAll();
    LazyJsonMap copy = (LazyJsonMap) super.clone();
    copy.whole = null; // the copy shares members with this map, which either may change
    return copy;
  }

  /** Before a member is changed in place: opened if it was bytes, and the object's bytes forgotten. */
  private void changing(Object key) {
    get(key);
    whole = null;
  }

  /** Before handing out members: arrays opened; objects are handed out as they are, read or not. */
  private void openAll() {
    read();
    whole = null;
    for (Map.Entry<String, Object> e : super.entrySet()) {
      if (e.getValue() instanceof RawJson raw) {
        e.setValue(raw.open());
      }
    }
  }

  private static Object opened(Object value) {
    return value instanceof RawJson raw ? raw.open() : value;
  }
}
