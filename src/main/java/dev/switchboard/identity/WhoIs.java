package dev.switchboard.identity;

import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.McpError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads tailscaled's {@code apitype.WhoIsResponse} ({@code {Node, UserProfile, CapMap}}, Go field names)
 * into a {@link Caller}. Tagged nodes carry the shared {@code tagged-devices} profile; they are identified
 * by their tags, which {@link Caller#principal()} uses. An answer that names neither a user nor tags
 * identifies nobody and is refused like an unknown peer: it must not become a caller with an empty login
 * that rules for every user ({@code "*"}) would let in.
 */
public final class WhoIs {
  private WhoIs() {}

  public static Caller toCaller(JsonObject whois, String address) {
    JsonObject node = object(whois, "Node");
    JsonObject user = object(whois, "UserProfile");
    String login = user.getValue("LoginName") instanceof String s ? s : "";
    List<String> tags = strings(node.getValue("Tags"));
    if (login.isBlank() && tags.isEmpty()) {
      throw new McpError(ErrorKind.IDENTITY_REFUSED,
          "Forbidden: tailscaled names no user and no tags for " + address + "; refusing the request");
    }
    String name = node.getValue("Name") instanceof String n ? n : "";
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    String display = user.getValue("DisplayName") instanceof String d ? d : "";
    return new Caller(login, display, name, tags, strings(user.getValue("Groups")), capabilities(whois.getValue("CapMap")),
        address, "whois");
  }

  /**
   * A capability map (capability → list of JSON values, one per grant); malformed entries, and values that
   * are {@code null} (a grant that grants nothing), are skipped.
   */
  public static Map<String, List<Object>> capabilities(Object capMap) {
    Map<String, List<Object>> caps = new LinkedHashMap<>();
    if (capMap instanceof JsonObject map) {
      for (String key : map.fieldNames()) {
        if (map.getValue(key) instanceof JsonArray values) {
          caps.put(key, values.copy().getList().stream().filter(java.util.Objects::nonNull).toList());
        }
      }
    }
    return caps;
  }

  private static JsonObject object(JsonObject parent, String key) {
    return parent.getValue(key) instanceof JsonObject o ? o : new JsonObject();
  }

  private static List<String> strings(Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof JsonArray a) {
      for (Object o : a) {
        if (o instanceof String s) {
          out.add(s);
        }
      }
    }
    return out;
  }
}
