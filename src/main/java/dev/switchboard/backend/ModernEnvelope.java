package dev.switchboard.backend;

import dev.switchboard.protocol.HubIdentity;
import dev.switchboard.protocol.McpNames;
import dev.switchboard.protocol.ProtocolVersions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * What a 2026-07-28 request to a backend carries besides its params: the {@code _meta} envelope (version,
 * the end client's capabilities, the hub as client) and the mirrored {@code MCP-Protocol-Version},
 * {@code Mcp-Method} and {@code Mcp-Name} headers.
 */
final class ModernEnvelope {
  private static final List<String> MODERN_CLIENT_CAPABILITIES =
      List.of("experimental", "sampling", "elicitation", "roots", "extensions");
  private static final CharSequence MODERN_VERSION = HttpHeaders.createOptimized(ProtocolVersions.MODERN);

  private ModernEnvelope() {}

  /** Adds the envelope to {@code params} (whose {@code _meta} is replaced, never edited) and the headers. */
  static void apply(JsonObject params, RequestOptions opts, String method, JsonObject clientCapabilities) {
    applyMeta(params, clientCapabilities);
    opts.putHeader(McpNames.KEY_PROTOCOL_VERSION, MODERN_VERSION);
    opts.putHeader(McpNames.KEY_METHOD, method);
    String nameParam = McpNames.nameParamOf(method);
    if (nameParam != null && params.getValue(nameParam) instanceof String name) {
      opts.putHeader(McpNames.KEY_NAME, McpNames.headerValue(name));
    }
  }

  /** Only the {@code _meta} envelope: what stdio, which has no headers, carries. */
  static void applyMeta(JsonObject params, JsonObject clientCapabilities) {
    JsonObject meta = params.getValue(McpNames.META) instanceof JsonObject m
        ? new JsonObject(new LinkedHashMap<>(m.getMap())) : new JsonObject();
    meta.put(McpNames.META_PROTOCOL_VERSION, ProtocolVersions.MODERN)
        .put(McpNames.META_CLIENT_CAPABILITIES, modernCapabilities(clientCapabilities))
        .put(McpNames.META_CLIENT_INFO, HubIdentity.clientInfo());
    params.put(McpNames.META, meta);
  }

  /** The client capabilities 2026-07-28 defines; anything else a legacy client declared is left out. */
  private static JsonObject modernCapabilities(JsonObject declared) {
    JsonObject caps = new JsonObject();
    for (String key : MODERN_CLIENT_CAPABILITIES) {
      if (declared != null && declared.getValue(key) instanceof JsonObject value) {
        caps.put(key, value.copy());
      }
    }
    return caps;
  }


}
