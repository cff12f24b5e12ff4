package dev.switchboard.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The client-facing HTTP listener and its edge checks. */
public record ListenConfig(
    @JsonProperty("host") String host,
    @JsonProperty("port") Integer port,
    @JsonProperty("path") String path,
    @JsonProperty("allowedOrigins") List<String> allowedOrigins,
    @JsonProperty("allowedHosts") List<String> allowedHosts,
    @JsonProperty("maxBodyBytes") Long maxBodyBytes,
    @JsonProperty("requestTimeout") Durations.Value requestTimeout) {

  public ListenConfig {
    host = host != null ? host : "127.0.0.1";
    port = port != null ? port : 8080;
    path = path != null ? path : "/mcp";
    allowedOrigins = allowedOrigins != null ? List.copyOf(allowedOrigins) : List.of();
    allowedHosts = allowedHosts != null ? List.copyOf(allowedHosts) : List.of();
    maxBodyBytes = maxBodyBytes != null ? maxBodyBytes : 4L * 1024 * 1024;
    requestTimeout = requestTimeout != null ? requestTimeout : Durations.Value.parse("30s");
  }

  static ListenConfig defaults() {
    return new ListenConfig(null, null, null, null, null, null, null);
  }
}
