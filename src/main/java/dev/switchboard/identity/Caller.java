package dev.switchboard.identity;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * Who is calling, as the hub resolved it (never as the client claims). Immutable; travels with every
 * exchange to policy, rate limits, audit and metrics.
 *
 * @param login        user login (e.g. alice@example.com), or {@code tagged-devices} for tagged nodes
 * @param displayName  human name
 * @param node         node name (MagicDNS name without the trailing dot), may be empty
 * @param tags         node tags such as {@code tag:ci}; non-empty means the node is owned by its tags
 * @param groups       tailnet groups of the user (WhoIs {@code UserProfile.Groups}), e.g. {@code group:eng}
 * @param capabilities granted app capabilities: name → list of JSON values, one per matching grant
 * @param address      the TCP peer the call came from, {@code ip:port}
 * @param source       which provider vouched for this identity ({@code dev}, {@code whois}, {@code serve})
 */
public record Caller(
    String login,
    String displayName,
    String node,
    List<String> tags,
    List<String> groups,
    Map<String, List<Object>> capabilities,
    String address,
    String source) {

  public Caller {
    tags = List.copyOf(tags);
    groups = List.copyOf(groups);
    capabilities = Map.copyOf(capabilities);
  }

  /** A key that is the same for the same principal on any connection: login, or the tags of a tagged node. */
  public String principal() {
    return tags.isEmpty() ? login : "tags:" + String.join(",", tags);
  }

  public JsonObject toJson() {
    JsonObject caps = new JsonObject();
    capabilities.forEach((k, v) -> caps.put(k, new JsonArray(v)));
    return new JsonObject()
        .put("login", login)
        .put("displayName", displayName)
        .put("node", node)
        .put("tags", new JsonArray(tags))
        .put("groups", new JsonArray(groups))
        .put("capabilities", caps)
        .put("address", address)
        .put("source", source);
  }
}
