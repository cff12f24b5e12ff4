package dev.switchboard.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.Policy;
import dev.switchboard.pipeline.Target;
import dev.switchboard.protocol.Era;
import dev.switchboard.protocol.ErrorKind;
import dev.switchboard.protocol.JsonRpcMessage;
import dev.switchboard.protocol.McpError;
import dev.switchboard.protocol.Primitive;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Each finished exchange counts once into the meters of its method, backend, tool and outcome. */
class HubMetricsTest {
  private final HubMetrics metrics = new HubMetrics();

  private void observe(String method, Target target, JsonObject result, McpError error, boolean denied) {
    Exchange ex = new Exchange(new JsonRpcMessage(JsonRpcMessage.Kind.REQUEST, 1, method, new JsonObject(),
        new JsonObject()), Era.MODERN, "2026-07-28", null, 30_000);
    if (target != null) {
      ex.target(target);
    }
    if (denied) {
      ex.deny("not granted");
    }
    ex.finish(error, result);
    metrics.observe(ex);
  }

  @Test
  void callsAreCountedByMethodBackendToolAndOutcome() {
    Target echo = new Target("a", Primitive.TOOL, "echo", "a__echo");
    JsonObject ok = new JsonObject().put("content", new io.vertx.core.json.JsonArray());
    observe("tools/call", echo, ok, null, false);
    observe("tools/call", echo, ok, null, false);
    observe("tools/call", echo, ok.copy().put("isError", true), null, false);
    observe("tools/call", new Target("b", Primitive.TOOL, "echo", "b__echo"), null,
        new McpError(ErrorKind.BACKEND_TIMEOUT, "slow"), false);
    observe("tools/call", new Target("a", Primitive.TOOL, "secret", "a__secret"), null,
        new McpError(ErrorKind.UNKNOWN_NAME, "Unknown tool: a__secret"), true);
    observe("tools/list", null, new JsonObject(), null, false);

    String scrape = metrics.scrape(null);
    assertThat(scrape).contains(
        "switchboard_requests_total{backend=\"a\",era=\"modern\",method=\"tools/call\",outcome=\"ok\"} 2.0",
        "switchboard_requests_total{backend=\"a\",era=\"modern\",method=\"tools/call\",outcome=\"tool_error\"} 1.0",
        "switchboard_requests_total{backend=\"b\",era=\"modern\",method=\"tools/call\",outcome=\"timeout\"} 1.0",
        "switchboard_requests_total{backend=\"a\",era=\"modern\",method=\"tools/call\",outcome=\"unknown_name\"} 1.0",
        "switchboard_requests_total{backend=\"hub\",era=\"modern\",method=\"tools/list\",outcome=\"ok\"} 1.0",
        "switchboard_tool_calls_total{backend=\"a\",outcome=\"ok\",tool=\"a__echo\"} 2.0",
        "switchboard_tool_calls_total{backend=\"a\",outcome=\"tool_error\",tool=\"a__echo\"} 1.0",
        "switchboard_tool_calls_total{backend=\"b\",outcome=\"timeout\",tool=\"b__echo\"} 1.0",
        "switchboard_tool_call_duration_seconds_count{backend=\"a\",tool=\"a__echo\"} 3",
        "switchboard_request_duration_seconds_count{backend=\"a\",method=\"tools/call\"} 4",
        "switchboard_authorization_denials_total{kind=\"tool\"} 1.0");
    assertThat(scrape).doesNotContain("tool=\"a__secret\""); // a denied name never becomes a label
  }

  /** Micrometer holds a function counter's source weakly: a lambda nothing else held was collected, and read 0. */
  @Test
  void countersReadAtScrapeTimeKeepCountingAfterGarbageCollection() throws Exception {
    java.util.concurrent.atomic.AtomicLong fallbacks = new java.util.concurrent.atomic.AtomicLong(7);
    metrics.counter("switchboard.test.fallbacks", "a counter read at scrape time", () -> fallbacks.get());
    metrics.counter("switchboard.test.stuck", "a tagged one", "backend", "b", () -> fallbacks.get() * 2);
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(20);
    }
    String scraped = metrics.scrape(null);
    assertThat(scraped).contains("switchboard_test_fallbacks_total 7.0")
        .contains("switchboard_test_stuck_total{backend=\"b\"} 14.0");
  }

  /** Latency histograms have the few configured bounds, and per-tool ones can keep only count and sum. */
  @Test
  void latencyBucketsAreConfigurableAndToolHistogramsCanBeTurnedOff() {
    HubMetrics few = new HubMetrics(new dev.switchboard.config.ConfigLoader().parse("""
        admin: {latencyBuckets: [10ms, 100ms, 1s], toolHistograms: false}
        backends: [{name: a, type: builtin}]
        """, "test.yaml").admin());
    Exchange ex = new Exchange(new JsonRpcMessage(JsonRpcMessage.Kind.REQUEST, 1, "tools/call", new JsonObject(),
        new JsonObject()), Era.MODERN, "2026-07-28", null, 30_000);
    ex.target(new Target("a", Primitive.TOOL, "echo", "a__echo"));
    ex.finish(null, new JsonObject());
    few.observe(ex);
    String scraped = few.scrape(null);
    java.util.List<String> requestBuckets = scraped.lines()
        .filter(l -> l.startsWith("switchboard_request_duration_seconds_bucket{")).toList();
    assertThat(requestBuckets).hasSize(4); // 10 ms, 100 ms, 1 s and +Inf: was 70-odd
    assertThat(requestBuckets).anyMatch(l -> l.contains("le=\"0.01\"")).anyMatch(l -> l.contains("le=\"+Inf\""));
    assertThat(scraped).contains("switchboard_tool_call_duration_seconds_count{")
        .doesNotContain("switchboard_tool_call_duration_seconds_bucket{");
  }
}
