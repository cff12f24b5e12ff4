package dev.switchboard.protocol;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.function.Consumer;

/** A request's {@code params._meta}, edited on the way to a backend without touching the client's message. */
public final class Meta {
  private Meta() {}

  /**
   * A copy of the params whose {@code _meta} (a copy too, or a new one) {@code edit} changed; an {@code _meta}
   * left empty is left out. Shallow: only {@code _meta} is new, everything else is shared with the original.
   */
  public static JsonObject edited(JsonObject params, Consumer<JsonObject> edit) {
    JsonObject copy = new JsonObject(new LinkedHashMap<>(params.getMap()));
    JsonObject meta = params.getValue(McpNames.META) instanceof JsonObject m
        ? new JsonObject(new LinkedHashMap<>(m.getMap())) : new JsonObject();
    edit.accept(meta);
    if (meta.isEmpty()) {
      copy.remove(McpNames.META);
    } else {
      copy.put(McpNames.META, meta);
    }
    return copy;
  }
}
