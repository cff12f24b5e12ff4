package dev.switchboard.backend;

import dev.switchboard.protocol.Era;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.McpNames;
import dev.switchboard.protocol.ProtocolVersions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The in-process demo server of the default config: a few harmless tools so the hub works with nothing
 * else installed. {@code whoami} shows the identity the hub resolved for the caller; {@code wait} sends
 * progress and honours cancellation, which makes streaming and deadlines visible.
 */
public final class BuiltinBackend implements Backend {
  static final long MAX_WAIT_MS = 60_000;
  private static final String ABOUT_URI = "switchboard://demo/about";
  private static final String CONFIRM_STATE = "demo-confirm-v1";
  private final String name;
  private final Vertx vertx;

  public BuiltinBackend(String name, Vertx vertx) {
    this.name = name;
    this.vertx = vertx;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Future<BackendInfo> connect() {
    JsonObject caps = new JsonObject().put("tools", new JsonObject()).put("prompts", new JsonObject())
        .put("resources", new JsonObject());
    return Future.succeededFuture(new BackendInfo(Era.LEGACY, ProtocolVersions.LEGACY.get(0), caps,
        new JsonObject().put("name", "switchboard-demo").put("version", "1.0.0"),
        "Demo tools built into Switchboard: echo, add, whoami, wait, confirm."));
  }

  @Override
  public Future<JsonObject> call(BackendCall call) {
    return switch (call.method()) {
      case McpNames.TOOLS_LIST -> Future.succeededFuture(new JsonObject().put("tools", tools()));
      case McpNames.PROMPTS_LIST -> Future.succeededFuture(new JsonObject().put("prompts", prompts()));
      case McpNames.RESOURCES_LIST -> Future.succeededFuture(new JsonObject().put("resources", resources()));
      case McpNames.RESOURCE_TEMPLATES_LIST -> Future.succeededFuture(new JsonObject().put("resourceTemplates", new JsonArray()));
      case McpNames.TOOLS_CALL -> callTool(call);
      case McpNames.PROMPTS_GET -> getPrompt(call.params());
      case McpNames.RESOURCES_READ -> readResource(call.params());
      case McpNames.PING -> Future.succeededFuture(new JsonObject());
      default -> Future.failedFuture(new McpError(ErrorKind.METHOD_NOT_FOUND, "Method not found: " + call.method()));
    };
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }

  private Future<JsonObject> callTool(BackendCall call) {
    JsonObject args = call.params().getJsonObject("arguments", new JsonObject());
    String tool = call.params().getString("name", "");
    return switch (tool) {
      case "echo" -> Future.succeededFuture(text(String.valueOf(args.getValue("message", ""))));
      case "add" -> add(args);
      case "whoami" -> Future.succeededFuture(whoami(call));
      case "wait" -> waitFor(call, args);
      case "confirm" -> confirm(call.params(), args);
      default -> Future.failedFuture(new McpError(ErrorKind.UNKNOWN_NAME, "Unknown tool: " + tool));
    };
  }

  private static Future<JsonObject> add(JsonObject args) {
    if (!(args.getValue("a") instanceof Number a) || !(args.getValue("b") instanceof Number b)) {
      return Future.succeededFuture(text("add needs numbers 'a' and 'b'").put("isError", true));
    }
    double sum = a.doubleValue() + b.doubleValue();
    String shown = sum == Math.rint(sum) && Math.abs(sum) < 1e15 ? Long.toString((long) sum) : Double.toString(sum);
    return Future.succeededFuture(text(shown).put("structuredContent", new JsonObject().put("sum", sum)));
  }

  private static JsonObject whoami(BackendCall call) {
    JsonObject who = call.caller() == null ? new JsonObject() : call.caller().toJson();
    return text(who.encodePrettily()).put("structuredContent", who);
  }

  /** Waits {@code ms} (capped), sending progress every 100 ms when the caller asked for it. */
  private Future<JsonObject> waitFor(BackendCall call, JsonObject args) {
    Object asked = args.getValue("ms", 1000L);
    if (!(asked instanceof Number n)) {
      return Future.succeededFuture(text("wait needs a number 'ms'").put("isError", true));
    }
    long ms = Math.min(MAX_WAIT_MS, Math.max(0, n.longValue()));
    Object token = call.params().getJsonObject(McpNames.META, new JsonObject()).getValue("progressToken");
    Promise<JsonObject> done = Promise.promise();
    long start = System.currentTimeMillis();
    long ticker = vertx.setPeriodic(100, t -> {
      if (token != null) {
        long elapsed = Math.min(ms, System.currentTimeMillis() - start);
        call.notifications().accept(new JsonObject().put("method", McpNames.PROGRESS).put("params",
            new JsonObject().put("progressToken", token).put("progress", elapsed).put("total", ms)));
      }
    });
    long timer = vertx.setTimer(Math.max(1, ms), t -> done.tryComplete(text("waited " + ms + " ms")));
    call.cancelled().onComplete(v -> done.tryFail(new McpError(ErrorKind.CANCELLED, "cancelled")));
    return done.future().andThen(ar -> {
      vertx.cancelTimer(ticker);
      vertx.cancelTimer(timer);
    });
  }

  /**
   * Asks the user to confirm, the 2026-07-28 way: the first call answers {@code input_required} with an
   * elicitation; the retry carries the answer and our {@code requestState} back.
   */
  private static Future<JsonObject> confirm(JsonObject params, JsonObject args) {
    // Routing has refused inputResponses that are not an object; the answer inside it may still be anything.
    Object answer = params.getJsonObject("inputResponses", new JsonObject()).getValue("confirm");
    if (answer != null && !(answer instanceof JsonObject)) {
      return Future.failedFuture(new McpError(ErrorKind.INVALID_PARAMS,
          "confirm: inputResponses.confirm must be the client's answer to the elicitation (an object)"));
    }
    if (answer == null) {
      JsonObject schema = new JsonObject().put("type", "object").put("properties", new JsonObject()
          .put("ok", new JsonObject().put("type", "boolean"))).put("required", new JsonArray().add("ok"));
      JsonObject elicit = new JsonObject().put("method", "elicitation/create").put("params", new JsonObject()
          .put("message", args.getString("message", "Proceed?")).put("requestedSchema", schema));
      return Future.succeededFuture(new JsonObject().put("resultType", "input_required")
          .put("inputRequests", new JsonObject().put("confirm", elicit)).put("requestState", CONFIRM_STATE));
    }
    if (!CONFIRM_STATE.equals(params.getString("requestState"))) {
      return Future.failedFuture(new McpError(ErrorKind.INVALID_PARAMS, "confirm: requestState was not echoed"));
    }
    JsonObject elicited = (JsonObject) answer;
    String action = String.valueOf(elicited.getValue("action", "cancel"));
    boolean ok = "accept".equals(action) && elicited.getValue("content") instanceof JsonObject content
        && Boolean.TRUE.equals(content.getValue("ok"));
    return Future.succeededFuture(text(ok ? "confirmed" : "not confirmed (" + action + ")"));
  }

  private static Future<JsonObject> getPrompt(JsonObject params) {
    if (!"greeting".equals(params.getString("name"))) {
      return Future.failedFuture(new McpError(ErrorKind.UNKNOWN_NAME, "Unknown prompt: " + params.getString("name")));
    }
    String who = params.getJsonObject("arguments", new JsonObject()).getString("name", "there");
    JsonObject message = new JsonObject().put("role", "user")
        .put("content", new JsonObject().put("type", "text").put("text", "Say hello to " + who + "."));
    return Future.succeededFuture(new JsonObject().put("description", "A friendly greeting")
        .put("messages", new JsonArray().add(message)));
  }

  private static Future<JsonObject> readResource(JsonObject params) {
    if (!ABOUT_URI.equals(params.getString("uri"))) {
      return Future.failedFuture(new McpError(ErrorKind.UNKNOWN_NAME, "Resource not found: " + params.getString("uri")));
    }
    JsonObject content = new JsonObject().put("uri", ABOUT_URI).put("mimeType", "text/plain")
        .put("text", "Switchboard: one MCP endpoint for the whole tailnet.");
    return Future.succeededFuture(new JsonObject().put("contents", new JsonArray().add(content)));
  }

  private static JsonObject text(String s) {
    return new JsonObject().put("content", new JsonArray().add(new JsonObject().put("type", "text").put("text", s)));
  }

  private static JsonArray tools() {
    return new JsonArray()
        .add(tool("echo", "Echoes the message back.", props("message", "string"), "message"))
        .add(tool("add", "Adds two numbers.", props("a", "number").mergeIn(props("b", "number")), "a", "b"))
        .add(tool("whoami", "Shows the caller identity the hub resolved for you.", new JsonObject()))
        .add(tool("wait", "Waits the given milliseconds (at most 60000), reporting progress.",
            props("ms", "integer"), "ms"))
        .add(tool("confirm", "Asks you to confirm (elicitation), then says what you answered.",
            props("message", "string")));
  }

  private static JsonObject tool(String name, String description, JsonObject properties, String... required) {
    JsonObject schema = new JsonObject().put("type", "object").put("properties", properties);
    if (required.length > 0) {
      schema.put("required", new JsonArray(java.util.List.of((Object[]) required)));
    }
    return new JsonObject().put("name", name).put("description", description).put("inputSchema", schema);
  }

  private static JsonObject props(String name, String type) {
    return new JsonObject().put(name, new JsonObject().put("type", type));
  }

  private static JsonArray prompts() {
    return new JsonArray().add(new JsonObject().put("name", "greeting").put("description", "A friendly greeting")
        .put("arguments", new JsonArray().add(new JsonObject().put("name", "name").put("required", false))));
  }

  private static JsonArray resources() {
    return new JsonArray().add(new JsonObject().put("uri", ABOUT_URI).put("name", "about")
        .put("mimeType", "text/plain").put("description", "What Switchboard is"));
  }
}
