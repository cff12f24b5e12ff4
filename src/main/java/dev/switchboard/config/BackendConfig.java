package dev.switchboard.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** One backend MCP server. {@code builtin} is the in-process demo server; {@code http} is streamable HTTP. */
public record BackendConfig(
    @JsonProperty("name") String name,
    @JsonProperty("type") Type type,
    @JsonProperty("url") String url,
    @JsonProperty("headers") Map<String, String> headers,
    @JsonProperty("timeout") Durations.Value timeout,
    @JsonProperty("connectTimeout") Durations.Value connectTimeout,
    @JsonProperty("prefix") String prefix) {

  public enum Type {
    @JsonProperty("builtin") BUILTIN,
    @JsonProperty("http") HTTP
  }

  public BackendConfig {
    headers = headers != null ? Map.copyOf(headers) : Map.of();
    timeout = timeout != null ? timeout : Durations.Value.parse("30s");
    connectTimeout = connectTimeout != null ? connectTimeout : Durations.Value.parse("5s");
    prefix = prefix != null ? prefix : name;
  }
}
