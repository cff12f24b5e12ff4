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
import org.junit.jupiter.api.Timeout;

/**
 * Servers whose answers have the wrong shape: capabilities that are not an object, a tool list that is
 * not an array, tools without a usable name. Each is a real HTTP server on loopback speaking just enough
 * 2025-era streamable HTTP to be connected to. A broken server is reported down for a reason an operator
 * can read (it was a ClassCastException's message); what is usable in a partly broken one is served.
 */
@Timeout(300) // a hang fails the test instead of the whole build
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

  /** A 2026-07-28 server whose tools ask for input in the shape {@code inputRequests} says, whatever it is. */
  private static HttpServer modernServer(Vertx vertx, java.util.Map<String, Object> inputRequestsByTool)
      throws Exception {
    JsonArray tools = new JsonArray();
    inputRequestsByTool.keySet().forEach(name -> tools.add(new JsonObject().put("name", name)
        .put("inputSchema", new JsonObject().put("type", "object"))));
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(req -> req.body().onSuccess(body -> {
          JsonObject m = body.length() == 0 ? new JsonObject() : body.toJsonObject();
          if (!m.containsKey("id")) {
            req.response().setStatusCode(202).end();
            return;
          }
          JsonObject result = switch (String.valueOf(m.getString("method"))) {
            case "server/discover" -> new JsonObject().put("supportedVersions", new JsonArray().add("2026-07-28"))
                .put("capabilities", new JsonObject().put("tools", new JsonObject()));
            case "tools/list" -> new JsonObject().put("tools", tools);
            case "tools/call" -> new JsonObject().put("resultType", "input_required").put("inputRequests",
                inputRequestsByTool.get(m.getJsonObject("params").getString("name")));
            default -> new JsonObject();
          };
          req.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("jsonrpc", "2.0")
              .put("id", m.getValue("id")).put("result", result.put("resultType", result.getString("resultType",
                  "complete"))).encode());
        })).listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void inputRequestsOfTheWrongShapeAreTheBackendsErrorSaidAsSuch() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      HttpServer server = modernServer(vertx, java.util.Map.of("notobject", "nope",
          "notarequest", new JsonObject().put("a", 5),
          "badparams", new JsonObject().put("a", new JsonObject().put("method", "elicitation/create").put("params", "x"))));
      try (TestHub hub = TestHub.start("""
          listen: {host: 127.0.0.1, port: 0}
          backends:
            - {name: asks, type: http, url: "http://127.0.0.1:%d/mcp", timeout: 5s}
          """.formatted(server.actualPort()))) {
        McpHttp http = new McpHttp(hub.url());
        McpHttp.Reply init = http.post(McpHttp.request("initialize", new JsonObject().put("protocolVersion",
            "2025-11-25").put("capabilities", new JsonObject().put("elicitation", new JsonObject()))).encode(),
            java.util.Map.of());
        String sid = init.header("Mcp-Session-Id");
        for (String tool : java.util.List.of("notobject", "notarequest", "badparams")) {
          McpHttp.Reply r = http.legacy(sid, "tools/call", new JsonObject().put("name", tool)
              .put("arguments", new JsonObject()));
          assertThat(r.status()).as(r.body()).isNotEqualTo(500);
          assertThat(r.json().getJsonObject("error").getString("message")).as(tool)
              .startsWith("Backend 'asks' asked for input, but its");
        }
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
