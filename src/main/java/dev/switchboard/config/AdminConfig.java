package dev.switchboard.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The operators' listener: {@code /metrics}, {@code /healthz}, {@code /readyz}. Off unless configured.
 * {@code userLabels} caps how many distinct users get their own label on the per-user meters; the rest
 * are counted as {@code other}, so a large tailnet cannot blow up the metric store.
 */
public record AdminConfig(
    @JsonProperty("enabled") Boolean enabled,
    @JsonProperty("host") String host,
    @JsonProperty("port") Integer port,
    @JsonProperty("userLabels") Integer userLabels) {

  public AdminConfig {
    enabled = enabled != null ? enabled : true;
    host = host != null ? host : "127.0.0.1";
    port = port != null ? port : DEFAULT_PORT;
    userLabels = userLabels != null ? userLabels : 100;
  }

  /** Beside the MCP endpoint's 8080; not 9090, which is Prometheus' own. */
  public static final int DEFAULT_PORT = 8090;

  static AdminConfig disabled() {
    return new AdminConfig(false, null, null, null);
  }
}
