package dev.switchboard.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The operators' listener: {@code /metrics}, {@code /healthz}, {@code /readyz}. Off unless configured.
 * {@code userLabels} caps how many distinct users get their own label on the per-user meters; the rest
 * are counted as {@code other}, so a large tailnet cannot blow up the metric store. {@code latencyBuckets}
 * are the latency histograms' bucket bounds (a few, SLO style: every bound is a series per label set), and
 * {@code toolHistograms: false} keeps only the count and sum of each tool's latency (at 200 tools, the
 * histograms are most of the series).
 */
public record AdminConfig(
    @JsonProperty("enabled") Boolean enabled,
    @JsonProperty("host") String host,
    @JsonProperty("port") Integer port,
    @JsonProperty("userLabels") Integer userLabels,
    @JsonProperty("latencyBuckets") List<Durations.Value> latencyBuckets,
    @JsonProperty("toolHistograms") Boolean toolHistograms) {

  public static final List<String> DEFAULT_LATENCY_BUCKETS = List.of("5ms", "10ms", "25ms", "50ms", "100ms", "250ms",
      "500ms", "1s", "2500ms", "5s", "10s", "30s");

  public AdminConfig {
    enabled = enabled != null ? enabled : true;
    host = host != null ? host : "127.0.0.1";
    port = port != null ? port : DEFAULT_PORT;
    userLabels = userLabels != null ? userLabels : 100;
    latencyBuckets = latencyBuckets != null ? List.copyOf(latencyBuckets)
        : DEFAULT_LATENCY_BUCKETS.stream().map(Durations.Value::parse).toList();
    toolHistograms = toolHistograms != null ? toolHistograms : true;
  }

  /** Beside the MCP endpoint's 8080; not 9090, which is Prometheus' own. */
  public static final int DEFAULT_PORT = 8090;

  static AdminConfig disabled() {
    return new AdminConfig(false, null, null, null, null, null);
  }
}
