package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.McpHttp;
import dev.switchboard.support.TestHub;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Servers whose answers have the wrong shape: capabilities that are not an object, a tool list that is
 * not an array, tools without a usable name. Each is a real HTTP server on loopback speaking just enough
 * 2025-era streamable HTTP to be connected to. A broken server is reported down for a reason an operator
 * can read (it was a ClassCastException's message); what is usable in a partly broken one is served.
 */
class MalformedBackendIT {
  private static HttpServer legacyServer(Vertx vertx, JsonObject initializeResult, JsonObject toolsResult)
      throws Exception {
    Function<JsonObject, JsonObject> answer = m -> switch (m.getString("method")) {
      case "initialize" -> initializeResult;
      case "tools/list" -> toolsResult;
      default -> new JsonObject();
    };
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(req -> req.body().onSuccess(body -> {
          if (body.length() == 0) {
            req.response().setStatusCode(405).end();
            return;
          }
          JsonObject m = body.toJsonObject();
          if ("server/discover".equals(m.getString("method"))) {
            req.response().setStatusCode(404).end(); // a 2025-era server
          } else if (!m.containsKey("id")) {
            req.response().setStatusCode(202).end();
          } else {
            req.response().putHeader("Content-Type", "application/json").putHeader("Mcp-Session-Id", "s1")
                .end(new JsonObject().put("jsonrpc", "2.0").put("id", m.getValue("id"))
                    .put("result", answer.apply(m)).encode());
          }
        })).listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static JsonObject initialized(Object capabilities) {
    return new JsonObject().put("protocolVersion", "2025-06-18").put("capabilities", capabilities)
        .put("serverInfo", 7).put("instructions", new JsonObject()); // only shown: left out when not what they should be
  }

  @Test
  void brokenServersAreDownForAReasonAndWhatIsUsableInAPartlyBrokenOneIsServed() throws Exception {
    Vertx vertx = Vertx.vertx();
    JsonObject tools = new JsonObject().put("tools", new JsonObject());
    try {
      HttpServer badCaps = legacyServer(vertx, initialized("all"), new JsonObject());
      HttpServer toolsNotAList = legacyServer(vertx, initialized(tools), new JsonObject().put("tools", "nope"));
      HttpServer oddTools = legacyServer(vertx, initialized(tools), new JsonObject().put("tools", new JsonArray()
          .add(new JsonObject().put("name", 5)).add("a string").add(new JsonObject().put("title", "no name"))
          .add(new JsonObject().put("name", "ok").put("inputSchema", new JsonObject().put("type", "object")))));
      try (TestHub hub = TestHub.start("""
          listen: {host: 127.0.0.1, port: 0}
          backends:
            - {name: badcaps, type: http, url: "http://127.0.0.1:%d/mcp", timeout: 2s}
            - {name: notalist, type: http, url: "http://127.0.0.1:%d/mcp", timeout: 2s}
            - {name: odd, type: http, url: "http://127.0.0.1:%d/mcp", timeout: 2s}
          """.formatted(badCaps.actualPort(), toolsNotAList.actualPort(), oddTools.actualPort()))) {
        assertThat(hub.hub().catalogs().unavailable()).containsExactlyInAnyOrder("badcaps", "notalist");
        JsonObject listed = new McpHttp(hub.url()).modern("tools/list", null, new JsonObject()).json();
        assertThat(listed.getJsonObject("result").getJsonArray("tools").stream()
            .map(t -> ((JsonObject) t).getString("name")).toList()).containsExactly("odd__ok");
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
