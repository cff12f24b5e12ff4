package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.McpHttp;
import dev.switchboard.support.TestHub;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code x-mcp-header} through the hub, both ways: a 2026-07-28 client's {@code Mcp-Param-*} headers must agree
 * with its arguments (the hub reads the body: 400, -32020 otherwise), and the hub, as a client of a 2026-07-28
 * backend written here as the transport says, sends the backend's tool the headers it asks for.
 */
@Timeout(60)
class ParamHeadersIT {
  private final Vertx vertx = Vertx.vertx();
  private final List<String> backendSaw = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void headersThatAgreePassAndReachTheBackendWhileMissingOrWrongOnesAreRefused() throws Exception {
    try (TestHub hub = TestHub.start("""
        listen: {host: 127.0.0.1, port: 0}
        backends:
          - {name: sql, type: http, url: "http://127.0.0.1:%d/mcp"}
        """.formatted(backend()))) {
      McpHttp http = new McpHttp(hub.url());
      JsonObject listed = http.modern("tools/list", null, new JsonObject()).json().getJsonObject("result");
      assertThat(listed.getJsonArray("tools").getJsonObject(0).getJsonObject("inputSchema").encode())
          .contains("x-mcp-header"); // clients learn it from the hub's list, as from the backend's

      assertThat(call(http, "eu-west1").status()).isEqualTo(200);
      assertThat(backendSaw).containsExactly("eu-west1"); // and the hub mirrored it to the backend

      McpHttp.Reply missing = call(http, null);
      assertThat(missing.status()).isEqualTo(400);
      assertThat(missing.json().getJsonObject("error").getInteger("code")).isEqualTo(-32020);
      assertThat(missing.json().getJsonObject("error").getString("message")).contains("Mcp-Param-Region header is missing");
      McpHttp.Reply wrong = call(http, "us-east1");
      assertThat(wrong.status()).isEqualTo(400);
      assertThat(wrong.json().getJsonObject("error").getString("message")).contains("does not match");
      assertThat(backendSaw).hasSize(1); // neither refused call reached the backend
    }
  }

  private static McpHttp.Reply call(McpHttp http, String regionHeader) throws Exception {
    Map<String, String> headers = new HashMap<>(McpHttp.modernHeaders("tools/call", "execute_sql"));
    if (regionHeader != null) {
      headers.put("Mcp-Param-Region", regionHeader);
    }
    return http.post(McpHttp.modernRequest("tools/call", new JsonObject().put("name", "execute_sql")
        .put("arguments", new JsonObject().put("region", "eu-west1").put("query", "SELECT 1"))).encode(), headers);
  }

  /** A 2026-07-28 server with the transport's own example tool, refusing a call whose header disagrees. */
  private int backend() {
    return vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      JsonObject m = body.toJsonObject();
      JsonObject result = switch (m.getString("method")) {
        case "server/discover" -> new JsonObject().put("supportedVersions", new JsonArray().add("2026-07-28"))
            .put("capabilities", new JsonObject().put("tools", new JsonObject()))
            .put("serverInfo", new JsonObject().put("name", "sql").put("version", "1"));
        case "tools/list" -> new JsonObject().put("tools", new JsonArray().add(new JsonObject()
            .put("name", "execute_sql").put("inputSchema", new JsonObject().put("type", "object").put("properties",
                new JsonObject().put("region", new JsonObject().put("type", "string").put("x-mcp-header", "Region"))
                    .put("query", new JsonObject().put("type", "string"))))));
        case "tools/call" -> {
          String region = m.getJsonObject("params").getJsonObject("arguments").getString("region");
          if (!region.equals(req.getHeader("Mcp-Param-Region"))) {
            req.response().setStatusCode(400).putHeader("Content-Type", "application/json").end(new JsonObject()
                .put("jsonrpc", "2.0").put("id", m.getValue("id")).put("error", new JsonObject().put("code", -32020)
                    .put("message", "Header mismatch")).encode());
            yield null;
          }
          backendSaw.add(req.getHeader("Mcp-Param-Region"));
          yield new JsonObject().put("content", new JsonArray().add(new JsonObject().put("type", "text").put("text", "ok")));
        }
        default -> new JsonObject();
      };
      if (result != null) {
        req.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("jsonrpc", "2.0")
            .put("id", m.getValue("id")).put("result", result.put("resultType", "complete")).encode());
      }
    })).listen(0, "127.0.0.1").await().actualPort();
  }
}
