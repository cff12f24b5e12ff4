package dev.switchboard.backend;

import dev.switchboard.protocol.ParamHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a 2026-07-28 HTTP backend's tools ask to have mirrored into {@code Mcp-Param-*} headers, learnt from its
 * {@code tools/list} answers as they pass: a tool whose annotations break the transport's rules is left out of
 * the list (with a warning, once per tool), as a client of that transport must; a call to a tool that has them
 * carries its headers. Shared by the backend's calls on any loop, hence a concurrent map.
 */
final class MirroredParams {
  private static final System.Logger LOG = System.getLogger(MirroredParams.class.getName());
  private final String backend;
  private final Map<String, List<ParamHeaders.Param>> byTool = new ConcurrentHashMap<>();
  private final Map<String, String> rejected = new ConcurrentHashMap<>();

  MirroredParams(String backend) {
    this.backend = backend;
  }

  /** A {@code tools/list} page: learns each tool's parameters and drops the invalid tools from it. */
  void listed(JsonObject result) {
    if (!(result.getValue("tools") instanceof JsonArray tools)) {
      return;
    }
    JsonArray valid = new JsonArray();
    for (Object t : tools) {
      if (!(t instanceof JsonObject tool) || !(tool.getValue("name") instanceof String name)) {
        valid.add(t); // not ours to judge here: the catalog says what is wrong with it
        continue;
      }
      try {
        byTool.put(name, ParamHeaders.of(tool.getValue("inputSchema")));
        rejected.remove(name);
        valid.add(tool);
      } catch (ParamHeaders.Invalid e) {
        byTool.remove(name);
        if (!e.getMessage().equals(rejected.put(name, e.getMessage()))) {
          LOG.log(System.Logger.Level.WARNING, "Backend ''{0}'': tool ''{1}'' left out: {2}", backend, name,
              e.getMessage());
        }
      }
    }
    result.put("tools", valid);
  }

  /** The {@code Mcp-Param-*} headers of a {@code tools/call} with these params (none for most tools). */
  Map<String, String> headers(JsonObject params) {
    List<ParamHeaders.Param> mirrored = params.getValue("name") instanceof String name ? byTool.get(name) : null;
    return mirrored == null || mirrored.isEmpty() ? Map.of()
        : ParamHeaders.headers(mirrored, params.getValue("arguments"));
  }

  void clear() {
    byTool.clear();
  }
}
