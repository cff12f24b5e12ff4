package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.NodePeer;
import dev.switchboard.support.TestHub;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A 2025-era backend (server-everything) asks for sampling while serving a call: the request reaches the
 * client whose call caused it — of two clients calling at once, each gets its own — and the answer goes
 * back to the backend under the backend's own id.
 */
class ServerRequestsIT {
  private static NodePeer everything;
  private static TestHub hub;

  @BeforeAll
  static void start() throws Exception {
    int port = NodePeer.freePort();
    everything = NodePeer.everything(port);
    hub = TestHub.start("""
        listen: {host: 127.0.0.1, port: 0}
        backends:
          - {name: ev, type: http, url: "http://127.0.0.1:%d/mcp"}
        """.formatted(port));
  }

  @AfterAll
  static void stop() throws Exception {
    hub.close();
    everything.close();
  }

  private static JsonObject run(String tag) {
    return run("legacy", tag);
  }

  private static JsonObject run(String mode, String tag) {
    return run(mode, "trigger-sampling-request", "{\"prompt\":\"hello from " + tag + "\",\"maxTokens\":50}", tag);
  }

  private static JsonObject run(String mode, String tool, String args, String tag) {
    try {
      NodePeer run = NodePeer.run(List.of("ts-client.mjs", hub.url(), mode, tool, args, tag), Map.of(), 60_000);
      String last = run.output().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse("{}");
      JsonObject out = new JsonObject(last);
      assertThat(out.getString("error")).as(run.output()).isNull();
      return out;
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  @Test
  void aModernClientAnswersALegacyBackendsRequestThroughInputRequiredAndTheCallResumes() {
    JsonObject out = run("modern", "modern-client");
    assertThat(out.getString("era")).isEqualTo("modern");
    assertThat(out.getJsonArray("sampled").getList()).singleElement().asString().contains("hello from modern-client");
    assertThat(out.getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text"))
        .contains("sampled by modern-client");
  }

  @Test
  void anElicitationFromALegacyBackendRoundTripsWithClientsOfBothEras() {
    for (String mode : List.of("legacy", "modern")) {
      JsonObject out = run(mode, "trigger-elicitation-request", "{}", "elicit-" + mode);
      assertThat(out.getJsonArray("elicited").getList()).as(mode).hasSize(1);
      assertThat(out.getJsonObject("result").encode()).as(mode).contains("ts-elicit-" + mode);
    }
  }

  @Test
  void aSamplingRequestReachesTheRightOneOfTwoConcurrentClients() throws Exception {
    CompletableFuture<JsonObject> first = CompletableFuture.supplyAsync(() -> run("client-one"));
    CompletableFuture<JsonObject> second = CompletableFuture.supplyAsync(() -> run("client-two"));
    for (var pair : List.of(Map.entry("client-one", first.get()), Map.entry("client-two", second.get()))) {
      JsonObject out = pair.getValue();
      assertThat(out.getJsonArray("sampled").getList()).as(pair.getKey()).singleElement().asString()
          .contains("hello from " + pair.getKey());
      String text = out.getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text");
      assertThat(text).as(pair.getKey()).contains("sampled by " + pair.getKey())
          .doesNotContain(pair.getKey().equals("client-one") ? "client-two" : "client-one");
    }
  }
}
