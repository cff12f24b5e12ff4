package dev.switchboard.audit;

import dev.switchboard.config.AuditConfig;
import dev.switchboard.protocol.JsonWriter;
import dev.switchboard.protocol.LazyJson;
import dev.switchboard.protocol.Sha256;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/**
 * What of a call's arguments the trail keeps: all of them ({@code full}), all but secrets
 * ({@code redacted}: values under listed key names at any depth, and at listed JSON pointers, become
 * {@code "[redacted]"}), or only a SHA-256 digest ({@code digest}). Arguments larger than
 * {@code maxArgumentBytes} are always kept as a digest, so one huge call cannot bloat the trail.
 */
final class ArgumentPolicy {
  static final String REDACTED = "[redacted]";
  private final String mode;
  private final Set<String> keys;
  private final List<String> pointers;
  private final int maxBytes;

  ArgumentPolicy(AuditConfig config) {
    this.mode = config.arguments();
    this.keys = config.redactKeys().stream().map(k -> k.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    this.pointers = config.redactPointers();
    this.maxBytes = config.maxArgumentBytes();
  }

  /**
   * The arguments as the trail records them; null stays null. {@code encodedLength} measures their encoded
   * size without producing the text (the writer's counting encoder): the text is only needed for a digest.
   */
  Object render(Object arguments, ToIntFunction<Object> encodedLength) {
    if (arguments == null) {
      return null;
    }
    boolean digestOnly = mode.equals("digest");
    int size = encodedLength.applyAsInt(arguments);
    if (digestOnly || size > maxBytes) {
      JsonObject digest = new JsonObject().put("sha256", Sha256.hex(encode(arguments))).put("bytes", size);
      return size > maxBytes && !digestOnly ? digest.put("truncated", true) : digest;
    }
    if (mode.equals("full")) {
      return arguments;
    }
    Object copy = redactKeys(copyOf(arguments));
    for (String pointer : pointers) {
      redactPointer(copy, pointer);
    }
    return copy;
  }

  /** The canonical text: the digest of the same arguments is the same however the client spaced them. */
  private static String encode(Object value) {
    return JsonWriter.canonical(value);
  }

  /** A copy to redact; made without opening anything in the call's own arguments (another thread's). */
  private static Object copyOf(Object value) {
    return LazyJson.plainCopy(value);
  }

  private Object redactKeys(Object value) {
    if (value instanceof JsonObject o) {
      for (String k : o.fieldNames()) {
        if (keys.contains(k.toLowerCase(Locale.ROOT))) {
          o.put(k, REDACTED);
        } else {
          o.put(k, redactKeys(o.getValue(k)));
        }
      }
    } else if (value instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        a.set(i, redactKeys(a.getValue(i)));
      }
    }
    return value;
  }

  /** RFC 6901 pointer relative to the arguments; a pointer that does not resolve changes nothing. */
  private static void redactPointer(Object root, String pointer) {
    String[] tokens = pointer.substring(1).split("/", -1);
    Object node = root;
    for (int i = 0; i < tokens.length; i++) {
      String token = tokens[i].replace("~1", "/").replace("~0", "~");
      boolean last = i == tokens.length - 1;
      if (node instanceof JsonObject o && o.containsKey(token)) {
        if (last) {
          o.put(token, REDACTED);
          return;
        }
        node = o.getValue(token);
      } else if (node instanceof JsonArray a && token.matches("\\d+") && Integer.parseInt(token) < a.size()) {
        int index = Integer.parseInt(token);
        if (last) {
          a.set(index, REDACTED);
          return;
        }
        node = a.getValue(index);
      } else {
        return;
      }
    }
  }
}
