package dev.switchboard.transport;

import dev.switchboard.protocol.Era;
import dev.switchboard.protocol.McpNames;
import io.vertx.core.json.JsonObject;

/**
 * Shapes an era-neutral result for the client's era. Modern results carry {@code resultType}; list and
 * read results carry cache hints, always {@code private} because what one caller sees is filtered for
 * that caller. Legacy results carry none of these.
 */
public final class ClientDialect {
  private final long listTtlMillis;

  public ClientDialect(long listTtlMillis) {
    this.listTtlMillis = listTtlMillis;
  }

  public JsonObject shape(Era era, String method, JsonObject neutral) {
    JsonObject result = neutral == null ? new JsonObject() : neutral;
    if (era == Era.LEGACY) {
      result.remove("resultType");
      result.remove("ttlMs");
      result.remove("cacheScope");
      return result;
    }
    if (!result.containsKey("resultType")) {
      result.put("resultType", "complete");
    }
    if (cacheable(method)) {
      result.put("ttlMs", listTtlMillis);
      result.put("cacheScope", "private");
    }
    return result;
  }

  private static boolean cacheable(String method) {
    return McpNames.isList(method) || McpNames.RESOURCES_READ.equals(method) || McpNames.DISCOVER.equals(method);
  }
}
