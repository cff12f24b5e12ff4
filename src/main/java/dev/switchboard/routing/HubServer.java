package dev.switchboard.routing;

import dev.switchboard.backend.BackendInfo;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.HubIdentity;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.McpNames;
import dev.switchboard.protocol.ProtocolVersions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The hub as one MCP server: answers the methods that are its own (initialize, ping, discover, lists,
 * log level) and forwards the rest through the {@link Router}. Its capabilities are the union of its
 * backends'.
 */
public final class HubServer {
  private final CatalogService catalogs;
  private final Lists lists;
  private final Router router;

  public HubServer(CatalogService catalogs, Lists lists, Router router) {
    this.catalogs = catalogs;
    this.lists = lists;
    this.router = router;
  }

  /** The dispatch step of the pipeline. */
  public Future<JsonObject> dispatch(Exchange ex) {
    String method = ex.method();
    if (McpNames.isList(method)) {
      return Future.succeededFuture(lists.list(method, ex.params(), ex.caller()));
    }
    return switch (method) {
      case McpNames.INITIALIZE -> Future.succeededFuture(initializeResult(ex.session().protocolVersion()));
      case McpNames.DISCOVER -> Future.succeededFuture(discoverResult());
      case McpNames.PING, McpNames.SET_LOG_LEVEL -> Future.succeededFuture(new JsonObject());
      default -> ex.target() != null ? router.forward(ex)
          : Future.failedFuture(new McpError(ErrorKind.METHOD_NOT_FOUND, "Method not found: " + method));
    };
  }

  public JsonObject initializeResult(String protocolVersion) {
    JsonObject result = new JsonObject()
        .put("protocolVersion", protocolVersion)
        .put("capabilities", capabilities())
        .put("serverInfo", HubIdentity.serverInfo());
    String instructions = instructions();
    if (!instructions.isEmpty()) {
      result.put("instructions", instructions);
    }
    return result;
  }

  public JsonObject discoverResult() {
    JsonObject result = new JsonObject()
        .put("supportedVersions", new JsonArray(ProtocolVersions.ALL))
        .put("capabilities", capabilities())
        .put(McpNames.META, new JsonObject().put(McpNames.META_SERVER_INFO, HubIdentity.serverInfo()));
    String instructions = instructions();
    if (!instructions.isEmpty()) {
      result.put("instructions", instructions);
    }
    return result;
  }

  /** Union of the backends' capabilities; list_changed is always offered since the catalog can change. */
  public JsonObject capabilities() {
    boolean tools = false;
    boolean prompts = false;
    boolean resources = false;
    boolean subscribe = false;
    boolean completions = false;
    for (BackendCatalog part : catalogs.current().parts()) {
      BackendInfo info = part.info();
      tools |= info.has("tools");
      prompts |= info.has("prompts");
      resources |= info.has("resources");
      completions |= info.has("completions");
      JsonObject r = info.capabilities().getJsonObject("resources");
      subscribe |= r != null && r.getBoolean("subscribe", false);
    }
    JsonObject caps = new JsonObject().put("logging", new JsonObject());
    if (tools) {
      caps.put("tools", new JsonObject().put("listChanged", true));
    }
    if (prompts) {
      caps.put("prompts", new JsonObject().put("listChanged", true));
    }
    if (resources) {
      caps.put("resources", new JsonObject().put("listChanged", true).put("subscribe", subscribe));
    }
    if (completions) {
      caps.put("completions", new JsonObject());
    }
    return caps;
  }

  private String instructions() {
    StringBuilder sb = new StringBuilder();
    for (BackendCatalog part : catalogs.current().parts()) {
      String text = part.info().instructions();
      if (text != null && !text.isBlank()) {
        sb.append(sb.length() > 0 ? "\n\n" : "").append('[').append(part.backend()).append("] ").append(text.strip());
      }
    }
    return sb.toString();
  }
}
