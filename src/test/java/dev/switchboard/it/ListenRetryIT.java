package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.support.McpHttp;
import dev.switchboard.support.TestHub;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A 2026-07-28 server that announces list changes but fails to open its {@code subscriptions/listen} stream
 * the first time (503, as a server restarting or overloaded would): the hub asks again and then hears its
 * list changes. Before, the failure was dropped without a word and the changes went unnoticed for good.
 * The server speaks just enough of 2026-07-28 streamable HTTP, as the spec describes it.
 */
@Timeout(60)
class ListenRetryIT {
  private static JsonObject result(Object id, JsonObject result) {
    return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("result", result.put("resultType", "complete"));
  }

  @Test
  void aListenStreamThatFailsToOpenIsAskedForAgainAndThenCarriesListChanges() throws Exception {
    Vertx vertx = Vertx.vertx();
    AtomicInteger listens = new AtomicInteger();
    JsonArray tools = new JsonArray().add(new JsonObject().put("name", "first")
        .put("inputSchema", new JsonObject().put("type", "object")));
    try {
      HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
          .requestHandler(req -> req.body().onSuccess(body -> {
            if (body.length() == 0) {
              req.response().setStatusCode(405).end();
              return;
            }
            JsonObject m = body.toJsonObject();
            Object id = m.getValue("id");
            switch (String.valueOf(m.getString("method"))) {
              case "server/discover" -> req.response().putHeader("Content-Type", "application/json").end(result(id,
                  new JsonObject().put("supportedVersions", new JsonArray().add("2026-07-28"))
                      .put("capabilities", new JsonObject().put("tools", new JsonObject().put("listChanged", true)))
                      .put("_meta", new JsonObject().put("io.modelcontextprotocol/serverInfo",
                          new JsonObject().put("name", "crafted").put("version", "1")))).encode());
              case "tools/list" -> req.response().putHeader("Content-Type", "application/json")
                  .end(result(id, new JsonObject().put("tools", tools.copy())).encode());
              case "subscriptions/listen" -> {
                if (listens.incrementAndGet() == 1) {
                  req.response().setStatusCode(503).end();
                  return;
                }
                req.response().putHeader("Content-Type", "text/event-stream").setChunked(true);
                req.response().write("data: " + new JsonObject().put("jsonrpc", "2.0")
                    .put("method", "notifications/subscriptions/acknowledged").put("params", new JsonObject())
                    .encode() + "\n\n");
                tools.add(new JsonObject().put("name", "second").put("inputSchema", new JsonObject().put("type", "object")));
                vertx.setTimer(300, t -> req.response().write("data: " + new JsonObject().put("jsonrpc", "2.0")
                    .put("method", "notifications/tools/list_changed").encode() + "\n\n"));
              }
              default -> req.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                  .end(new JsonObject().put("jsonrpc", "2.0").put("id", id).put("error", new JsonObject()
                      .put("code", -32601).put("message", "Method not found")).encode());
            }
          })).listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      try (TestHub hub = TestHub.start("""
          listen: {host: 127.0.0.1, port: 0}
          routing: {healthInterval: 200ms}
          backends:
            - {name: crafted, type: http, url: "http://127.0.0.1:%d/mcp", timeout: 2s}
          """.formatted(server.actualPort()))) {
        McpHttp http = new McpHttp(hub.url());
        await().atMost(Duration.ofSeconds(20)).until(() -> http.modern("tools/list", null, new JsonObject()).json()
            .getJsonObject("result").getJsonArray("tools").stream()
            .anyMatch(t -> "second".equals(((JsonObject) t).getString("name"))));
        assertThat(listens.get()).isGreaterThanOrEqualTo(2);
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
