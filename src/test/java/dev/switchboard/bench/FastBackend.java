package dev.switchboard.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * The benchmark's backend: a minimal dual-era MCP server over streamable HTTP that answers at once, so
 * the numbers measure what sits in front of it. Usage: FastBackend PORT
 */
public final class FastBackend {
  private FastBackend() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    Vertx vertx = Vertx.vertx();
    vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
        .requestHandler(req -> req.body().onSuccess(body -> answer(req, body.length() == 0 ? null : body.toJsonObject())))
        .listen().onSuccess(s -> System.out.println("fast backend listening on " + s.actualPort()));
  }

  private static void answer(HttpServerRequest req, JsonObject m) {
    if (m == null || !m.containsKey("id")) {
      req.response().setStatusCode(202).end();
      return;
    }
    boolean modern = m.getJsonObject("params", new JsonObject()).getJsonObject("_meta", new JsonObject())
        .containsKey("io.modelcontextprotocol/protocolVersion");
    JsonObject result = switch (m.getString("method")) {
      case "initialize" -> {
        req.response().putHeader("Mcp-Session-Id", UUID.randomUUID().toString());
        yield new JsonObject().put("protocolVersion", "2025-11-25")
            .put("capabilities", new JsonObject().put("tools", new JsonObject()))
            .put("serverInfo", new JsonObject().put("name", "fast").put("version", "1"));
      }
      case "server/discover" -> new JsonObject().put("supportedVersions", new JsonArray().add("2026-07-28").add("2025-11-25"))
          .put("capabilities", new JsonObject().put("tools", new JsonObject()));
      case "tools/list" -> new JsonObject().put("tools", new JsonArray().add(new JsonObject().put("name", "echo")
          .put("inputSchema", new JsonObject().put("type", "object"))));
      case "tools/call" -> new JsonObject().put("content", new JsonArray().add(new JsonObject().put("type", "text")
          .put("text", m.getJsonObject("params").getJsonObject("arguments", new JsonObject()).getString("message", ""))));
      default -> new JsonObject();
    };
    if (modern) {
      result.put("resultType", "complete");
    }
    req.response().putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("jsonrpc", "2.0").put("id", m.getValue("id")).put("result", result).toBuffer());
  }
}
