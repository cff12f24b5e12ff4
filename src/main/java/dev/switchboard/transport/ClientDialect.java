package dev.switchboard.transport;

import dev.switchboard.protocol.Era;
import dev.switchboard.protocol.McpNames;
import io.vertx.core.json.JsonObject;

/**
 * Shapes a result for the client's era. A 2026-07-28 backend's result reaches a 2026-07-28 client as the backend
 * sent it, bar the cache hints; a 2025-era backend's gets {@code resultType}. A complete cacheable result (lists,
 * reads, discovery) carries cache hints: {@code private} always, as what one caller sees is filtered for that
 * caller, and a lifetime of at most the hub's list TTL — shorter when the backend said shorter. A 2025-era client
 * gets none of these fields.
 */
public final class ClientDialect {
  private final long listTtlMillis;

  public ClientDialect(long listTtlMillis) {
    this.listTtlMillis = listTtlMillis;
  }

  public JsonObject shape(Era era, String method, JsonObject result) {
    JsonObject shaped = result == null ? new JsonObject() : result;
    if (era == Era.LEGACY) {
      shaped.remove("resultType");
      shaped.remove("ttlMs");
      shaped.remove("cacheScope");
      return shaped;
    }
    if (!shaped.containsKey("resultType")) {
      shaped.put("resultType", "complete");
    }
    if (cacheable(method) && "complete".equals(shaped.getValue("resultType"))) {
      shaped.put("ttlMs", Math.min(listTtlMillis, backendTtl(shaped.getValue("ttlMs"))));
      shaped.put("cacheScope", "private");
    } else { // an interim input_required, or a result the era gives no hints: they would mean nothing
      shaped.remove("ttlMs");
      shaped.remove("cacheScope");
    }
    return shaped;
  }

  /** A backend's lifetime as the spec reads it: a negative or malformed one is 0, none is no limit of its own. */
  private long backendTtl(Object ttl) {
    if (ttl == null) {
      return Long.MAX_VALUE;
    }
    return ttl instanceof Number n && n.doubleValue() >= 0 ? (long) Math.floor(n.doubleValue()) : 0;
  }

  private static boolean cacheable(String method) {
    return McpNames.isList(method) || McpNames.RESOURCES_READ.equals(method) || McpNames.DISCOVER.equals(method);
  }
}
