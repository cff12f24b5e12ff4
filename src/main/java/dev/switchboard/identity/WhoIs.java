package dev.switchboard.identity;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads tailscaled's {@code apitype.WhoIsResponse} ({@code {Node, UserProfile, CapMap}}, Go field names)
 * into a {@link Caller}. Tagged nodes carry the shared {@code tagged-devices} profile; they are identified
 * by their tags, which {@link Caller#principal()} uses.
 */
public final class WhoIs {
  private WhoIs() {}

  public static Caller toCaller(JsonObject whois, String address) {
    JsonObject node = object(whois, "Node");
    JsonObject user = object(whois, "UserProfile");
    String name = node.getString("Name", "");
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    return new Caller(user.getString("LoginName", ""), user.getString("DisplayName", ""), name,
        strings(node.getValue("Tags")), strings(user.getValue("Groups")), capabilities(whois.getValue("CapMap")),
        address, "whois");
  }

  /** A capability map (capability → list of JSON values, one per grant); malformed entries are skipped. */
  public static Map<String, List<Object>> capabilities(Object capMap) {
    Map<String, List<Object>> caps = new LinkedHashMap<>();
    if (capMap instanceof JsonObject map) {
      for (String key : map.fieldNames()) {
        if (map.getValue(key) instanceof JsonArray values) {
          caps.put(key, List.copyOf(values.copy().getList()));
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
