package dev.switchboard.routing;

import dev.switchboard.backend.Backend;
import dev.switchboard.backend.BackendCall;
import dev.switchboard.backend.BackendInfo;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.McpNames;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Everything one backend offers, fetched page by page (bounded, so a looping cursor cannot hang start-up). */
public record BackendCatalog(String backend, String prefix, BackendInfo info, List<JsonObject> tools,
    List<JsonObject> prompts, List<JsonObject> resources, List<JsonObject> templates) {

  private static final int MAX_PAGES = 100;

  public static Future<BackendCatalog> fetch(Backend backend, String prefix, BackendInfo info, long timeoutMillis) {
    Future<List<JsonObject>> tools = info.has("tools")
        ? all(backend, McpNames.TOOLS_LIST, "tools", timeoutMillis) : Future.succeededFuture(List.of());
    Future<List<JsonObject>> prompts = info.has("prompts")
        ? all(backend, McpNames.PROMPTS_LIST, "prompts", timeoutMillis) : Future.succeededFuture(List.of());
    Future<List<JsonObject>> resources = info.has("resources")
        ? all(backend, McpNames.RESOURCES_LIST, "resources", timeoutMillis) : Future.succeededFuture(List.of());
    Future<List<JsonObject>> templates = info.has("resources")
        ? all(backend, McpNames.RESOURCE_TEMPLATES_LIST, "resourceTemplates", timeoutMillis)
        : Future.succeededFuture(List.of());
    return Future.all(tools, prompts, resources, templates).map(v -> new BackendCatalog(backend.name(), prefix,
        info, tools.result(), prompts.result(), resources.result(), templates.result()));
  }

  private static Future<List<JsonObject>> all(Backend backend, String method, String field, long timeoutMillis) {
    return page(backend, method, field, null, new ArrayList<>(), 0, timeoutMillis);
  }

  private static Future<List<JsonObject>> page(Backend backend, String method, String field, String cursor,
      List<JsonObject> acc, int pages, long timeoutMillis) {
    JsonObject params = cursor == null ? new JsonObject() : new JsonObject().put("cursor", cursor);
    return backend.call(BackendCall.internal(method, params, timeoutMillis)).compose(result -> {
      Object listed = result.getValue(field);
      if (listed != null && !(listed instanceof JsonArray)) {
        return Future.failedFuture(new McpError(ErrorKind.BACKEND_ERROR, "Backend '" + backend.name()
            + "' answered " + method + " with '" + field + "' that is not an array"));
      }
      for (Object item : listed == null ? new JsonArray() : (JsonArray) listed) {
        if (item instanceof JsonObject o) {
          acc.add(o);
        }
      }
      String next = result.getString("nextCursor");
      if (next == null || next.isEmpty() || pages + 1 >= MAX_PAGES) {
        return Future.succeededFuture(List.copyOf(acc));
      }
      return page(backend, method, field, next, acc, pages + 1, timeoutMillis);
    });
  }
}
