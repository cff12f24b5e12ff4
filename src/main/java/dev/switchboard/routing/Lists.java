package dev.switchboard.routing;

import dev.switchboard.identity.Caller;
import dev.switchboard.pipeline.Policy;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.McpNames;
import dev.switchboard.protocol.Primitive;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The four list methods over the merged catalog: filtered to what the caller may use, paged with an
 * opaque cursor that names the catalog version, so a cursor from before a catalog change is refused
 * instead of silently skipping or repeating entries.
 */
public final class Lists {
  private final CatalogService catalogs;
  private final Policy policy;
  private final int pageSize;

  public Lists(CatalogService catalogs, Policy policy, int pageSize) {
    this.catalogs = catalogs;
    this.policy = policy;
    this.pageSize = pageSize;
  }

  public JsonObject list(String method, JsonObject params, Caller caller) {
    Catalog c = catalogs.current();
    return switch (method) {
      case McpNames.TOOLS_LIST -> page("tools", c.tools(), c.version(), params, caller, Primitive.TOOL);
      case McpNames.PROMPTS_LIST -> page("prompts", c.prompts(), c.version(), params, caller, Primitive.PROMPT);
      case McpNames.RESOURCES_LIST -> page("resources", c.resources(), c.version(), params, caller, Primitive.RESOURCE);
      default -> page("resourceTemplates", c.templates(), c.version(), params, caller, Primitive.RESOURCE);
    };
  }

  private JsonObject page(String field, List<Catalog.Entry> all, long version, JsonObject params, Caller caller,
      Primitive kind) {
    List<Catalog.Entry> visible = all.stream()
        .filter(e -> policy.allows(caller, e.target().backend(), kind, e.target().exposedName())).toList();
    int from = decodeCursor(params.getValue("cursor"), version);
    int to = Math.min(visible.size(), from + pageSize);
    JsonArray items = new JsonArray();
    for (Catalog.Entry e : visible.subList(Math.min(from, visible.size()), to)) {
      items.add(e.definition());
    }
    JsonObject result = new JsonObject().put(field, items);
    if (to < visible.size()) {
      result.put("nextCursor", encodeCursor(version, to));
    }
    return result;
  }

  static String encodeCursor(long version, int offset) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(("v" + version + ":" + offset).getBytes(StandardCharsets.UTF_8));
  }

  static int decodeCursor(Object cursor, long version) {
    if (cursor == null) {
      return 0;
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode((String) cursor), StandardCharsets.UTF_8);
      String[] parts = text.split(":", 2);
      if (parts.length == 2 && parts[0].equals("v" + version)) {
        int offset = Integer.parseInt(parts[1]);
        if (offset >= 0) {
          return offset;
        }
      }
    } catch (RuntimeException e) {
      // fall through to the error below
    }
    throw new McpError(ErrorKind.INVALID_PARAMS,
        "Invalid params: cursor is not valid (it may predate a catalog change); list again without a cursor");
  }
}
