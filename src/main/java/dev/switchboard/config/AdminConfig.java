package dev.switchboard.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The operators' listener: {@code /metrics}, {@code /healthz}, {@code /readyz}. Off unless configured. */
public record AdminConfig(
    @JsonProperty("enabled") Boolean enabled,
    @JsonProperty("host") String host,
    @JsonProperty("port") Integer port) {

  public AdminConfig {
    enabled = enabled != null ? enabled : true;
    host = host != null ? host : "127.0.0.1";
    port = port != null ? port : 9090;
  }

  static AdminConfig disabled() {
    return new AdminConfig(false, null, null);
  }
}
